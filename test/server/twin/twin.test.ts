import { describe, expect, it } from 'vitest';
import { FrameBuilder } from '../../../server/stream/frames';
import { decodeFrame, type Telemetry } from '../../../server/protocol';
import { Twin } from '../../../server/twin/twin';
import { weatherReadings } from '../../../server/twin/engineInput';
import { buildAgvMessage, buildSensorMessage, buildSite, buildTruckMessage, T0 } from '../../support/builders';

const site = buildSite();
const lifecycle = (id: string, t0: number): Telemetry[] =>
  (['arrived', 'called', 'entered-lane', 'inspected', 'crossed'] as const).map((event, i) =>
    buildTruckMessage({ id, seq: i + 1, ts: t0 + i * 60_000, event, ...(i >= 1 ? { lane: 'HN-1' } : {}) }),
  );

const stateOf = (twin: Twin) =>
  JSON.stringify({
    trucks: [...twin.trucks.values()].map(({ handle: _h, rec: _r, lastSeen: _l, periodMs: _p, intervals: _i, clearedEntry: _c, ...t }) => t).sort((a, b) => a.id.localeCompare(b.id)),
    agvs: [...twin.agvs.values()].map(({ handle: _h, rec: _r, lastSeen: _l, periodMs: _p, intervals: _i, ...a }) => a).sort((a, b) => a.id.localeCompare(b.id)),
    cleared: twin.cleared.length,
  });

describe('Twin', () => {
  it('follows a truck from arrival to crossing and counts it cleared once', () => {
    const twin = new Twin(site);
    for (const m of lifecycle('T1', T0)) twin.apply(m, T0);
    const t = twin.trucks.get('T1')!;
    expect(t.phase).toBe('crossed');
    expect(t.lane).toBe('HN-1');
    expect(t.queuedAt).toBe(T0);
    expect(twin.cleared).toEqual([{ crossing: 'huu-nghi-freight', direction: 'export', perishable: true, queuedAt: T0, enteredLaneAt: T0 + 120_000, crossedAt: T0 + 240_000 }]);
  });

  it('removes a departed truck and hands its handle to the next frame', () => {
    const twin = new Twin(site);
    const frames = new FrameBuilder(twin);
    twin.apply(buildTruckMessage({ id: 'T1', seq: 1 }), T0);
    const h = twin.trucks.get('T1')!.handle;
    frames.next(T0);
    twin.apply(buildTruckMessage({ id: 'T1', seq: 2, event: 'departed' }), T0);
    expect(twin.trucks.has('T1')).toBe(false);
    expect(decodeFrame(new DataView(frames.next(T0 + 100).buffer)).removed).toEqual([h]);
  });

  it('ends in the same state whatever the order of a stream (phases only move forward, poses by seq)', () => {
    const msgs: Telemetry[] = [
      ...lifecycle('T1', T0),
      ...lifecycle('T2', T0 + 5_000).slice(0, 3),
      ...Array.from({ length: 20 }, (_, i) => buildAgvMessage({ seq: i, ts: T0 + i * 200, lat: 21.99 + i * 1e-4, battery: 0.9 - i * 0.001 })),
    ];
    const clean = new Twin(site);
    for (const m of msgs) clean.apply(m, T0);
    for (let round = 0; round < 5; round++) {
      const shuffled = [...msgs].sort((a, b) => ((a.seq * 7919 + round * 104729 + a.id.length) % 31) - ((b.seq * 7919 + round * 104729 + b.id.length) % 31));
      const twin = new Twin(site);
      for (const m of shuffled) twin.apply(m, T0);
      expect(JSON.parse(stateOf(twin))).toEqual(JSON.parse(stateOf(clean)));
    }
  });

  it('does not rewind an AGV to an older pose', () => {
    const twin = new Twin(site);
    twin.apply(buildAgvMessage({ seq: 5, battery: 0.5 }), T0);
    expect(twin.apply(buildAgvMessage({ seq: 4, battery: 0.9 }), T0)).toBe('late');
    expect(twin.agvs.get('HN-AGV-01')!.battery).toBe(0.5);
  });

  it('places an AGV on the corridor it drives', () => {
    const twin = new Twin(site);
    const [lat, lon] = site.corridors.find((c) => c.id === 'tt-agv')!.path[2]!;
    twin.apply(buildAgvMessage({ lat, lon }), T0);
    const a = twin.agvs.get('HN-AGV-01')!;
    expect(a.corridor).toBe('tt-agv');
    expect(a.along).toBeGreaterThan(500);
  });

  it.each([
    ['AGV at 5 Hz', 200],
    ['sensor at 1 Hz', 1_000],
    ['sensor every 10 s', 10_000],
  ])('marks a silent %s stale within two periods, and fresh again when it speaks', (_name, period) => {
    const twin = new Twin(site);
    const send = (seq: number, t: number) =>
      period === 200 ? twin.apply(buildAgvMessage({ seq, ts: t }), t) : twin.apply(buildSensorMessage({ seq, ts: t }), t);
    let t = T0;
    for (let seq = 0; seq < 30; seq++, t += period) send(seq, t);
    const last = t - period;
    const entity = () => (period === 200 ? twin.agvs.get('HN-AGV-01')! : twin.sensors.get('loop-HN-1')!);
    twin.updateStaleness(last + period * 1.5);
    expect(entity().stale).toBe(false);
    twin.updateStaleness(last + period * 2 + 1);
    expect(entity().stale).toBe(true);
    send(100, last + period * 3);
    expect(entity().stale).toBe(false);
  });

  it('does not mark a queued truck stale for being parked and silent', () => {
    const twin = new Twin(site);
    twin.apply(buildTruckMessage(), T0);
    twin.updateStaleness(T0 + 3_600_000);
    expect(twin.trucks.get('T000001')!.stale).toBe(false);
  });

  it('closes a lane whose barrier sensor reports it shut', () => {
    const twin = new Twin(site);
    twin.apply(buildSensorMessage({ id: 'barrier-HN-3', type: 'barrier', lane: 'HN-3', value: 0 }), T0);
    expect(twin.lanes.byId.get('HN-3')!.barrierDown).toBe(true);
    twin.apply(buildSensorMessage({ id: 'barrier-HN-3', type: 'barrier', lane: 'HN-3', value: 1, seq: 2 }), T0);
    expect(twin.lanes.byId.get('HN-3')!.barrierDown).toBe(false);
  });
});

describe('Twin corridors', () => {
  it('never puts an AGV on a corridor that is not in operation (the optional rail has no fleet today)', () => {
    const twin = new Twin(site);
    const [lat, lon] = site.corridors.find((c) => c.id === 'hn-rail')!.path[3]!;
    twin.apply(buildAgvMessage({ lat, lon }), T0);
    expect(twin.agvs.get('HN-AGV-01')!.corridor).toBe('hn-agv');
    expect(twin.agvs.get('HN-AGV-01')!.conveyance).toBe('agv');
  });
});

describe('Twin.adopt (a follower taking over as leader)', () => {
  it('takes over every vehicle, the cleared log and the departures, so a late message of a finished visit stays late', () => {
    const old = new Twin(site);
    for (const m of lifecycle('T1', T0)) old.apply(m, T0);
    old.apply(buildTruckMessage({ id: 'T1', seq: 6, event: 'departed' }), T0);
    old.apply(buildTruckMessage({ id: 'T2', seq: 1 }), T0);
    old.apply(buildAgvMessage({ seq: 3 }), T0);
    const next = new Twin(site);
    next.adopt(old);
    expect([...next.trucks.keys()]).toEqual(['T2']);
    expect(next.agvs.get('HN-AGV-01')!.stateSeq).toBe(3);
    expect(next.cleared).toHaveLength(1);
    expect(next.apply(buildTruckMessage({ id: 'T1', seq: 4, event: 'position' }), T0)).toBe('late');
    expect(next.trucks.has('T1')).toBe(false);
  });
});

describe("the weather stations' readings", () => {
  it('gives per zone the poorest visibility and the heaviest rain, leaving stale stations and other sensors out', () => {
    const twin = new Twin(site);
    const wx = (id: string, unit: string, value: number, zone = 'huu-nghi-freight') => buildSensorMessage({ id, type: 'weather', unit, value, zone, lane: undefined });
    twin.apply(wx('wx-a', 'visibility-m', 900), T0);
    twin.apply(wx('wx-b', 'visibility-m', 150), T0);
    twin.apply(wx('rain-a', 'rain-mm-h', 6), T0);
    twin.apply(wx('wx-c', 'visibility-m', 8000, 'coc-nam'), T0);
    twin.apply(wx('wx-d', 'celsius', 31, 'coc-nam'), T0);
    twin.apply(buildSensorMessage(), T0);
    expect(weatherReadings(twin).sort((a, b) => a.zone.localeCompare(b.zone))).toEqual([
      { zone: 'coc-nam', visibilityM: 8000 },
      { zone: 'huu-nghi-freight', visibilityM: 150, rainMmH: 6 },
    ]);
    twin.sensors.get('wx-b')!.stale = true;
    expect(weatherReadings(twin).find((w) => w.zone === 'huu-nghi-freight')!.visibilityM).toBe(900);
  });
});
