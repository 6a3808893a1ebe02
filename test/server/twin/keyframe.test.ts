import { describe, expect, it } from 'vitest';
import type { Telemetry, TruckMessage } from '../../../server/protocol';
import { decodeKeyframe, encodeKeyframe } from '../../../server/recorder/keyframeCodec';
import { fromKeyframe, KEYFRAME_SKIPS, toKeyframe } from '../../../server/twin/keyframe';
import { stateSnapshot } from '../../../server/twin/snapshot';
import { Twin } from '../../../server/twin/twin';
import { buildAgvMessage, buildSensorMessage, buildSite, buildTruckMessage, T0 } from '../../support/builders';

const site = buildSite();
type TruckOver = Partial<TruckMessage>;
const truck = (id: string, seq: number, event: TruckMessage['event'], over: TruckOver = {}) =>
  buildTruckMessage({ id, seq, ts: T0 + seq * 60_000, event, ...(event !== 'arrived' && event !== 'position' ? { lane: 'HN-2' } : {}), ...over });

/** A morning in miniature: trucks in every phase (one crossed before its lane entry arrived), AGVs, sensors. */
const before: Telemetry[] = [
  truck('T1', 1, 'arrived', { channel: 'yellow', yard: 'xuan-cuong' }),
  truck('T1', 2, 'called'),
  truck('T2', 1, 'arrived', { perishable: false, cargo: 'machinery', direction: 'import', crossing: 'tan-thanh-freight', mode: 'drive-through' }),
  truck('T3', 1, 'position', { lat: undefined as unknown as number, lon: undefined as unknown as number }),
  truck('T4', 1, 'arrived'),
  truck('T4', 5, 'crossed'),
  truck('T5', 1, 'arrived'),
  truck('T5', 2, 'departed'),
  truck('T6', 1, 'arrived'),
  truck('T6', 4, 'crossed'),
  truck('T6', 6, 'departed'),
  buildAgvMessage({ id: 'HN-AGV-01', seq: 4, lat: 21.9705, lon: 106.7213, container: 'MSKU1234567' }),
  buildAgvMessage({ id: 'HN-AGV-02', seq: 9, state: 'charging', battery: 0.2 }),
  buildSensorMessage({ id: 'barrier-HN-3', type: 'barrier', lane: 'HN-3', value: 0, unit: 'open' }),
  buildSensorMessage({ id: 'wx-1', type: 'weather', lane: undefined as unknown as string, zone: 'coc-nam', value: 1234.5 }),
];
// Late messages: T4's lane entry after its crossing, T6's (departed) lane entry after its departure.
const after: Telemetry[] = [truck('T6', 3, 'entered-lane'), truck('T4', 3, 'entered-lane'), truck('T1', 3, 'entered-lane'), buildAgvMessage({ id: 'HN-AGV-01', seq: 5, lat: 21.9702 }), truck('T3', 2, 'arrived')];
const clean = (ms: Telemetry[]) => ms.map((m) => JSON.parse(JSON.stringify(m)) as Telemetry);

function build(): Twin {
  const twin = new Twin(site);
  clean(before).forEach((m, i) => twin.apply(m, T0 + i * 1_000));
  twin.lanes.set({ lane: 'HN-1', open: false });
  twin.lanes.byId.get('HN-4')!.runningDirection = 'export';
  twin.updateStaleness(T0 + 30_000);
  return twin;
}
const state = (t: Twin, now: number) => ({
  snap: stateSnapshot(t, now), cleared: t.cleared, handles: t.handles.snapshot(),
  // A departed truck keeps only what a late message can still touch.
  departed: t.departures().map(({ truck: d, at }) => ({ at, id: d.id, seq: d.stateSeq, life: [d.queuedAt, d.calledAt, d.enteredLaneAt, d.inspectedAt, d.crossedAt], entry: d.clearedEntry })),
  frames: [...t.trucks.values(), ...t.agvs.values()].map((e) => e.rec),
});

describe('twin keyframes', () => {
  it('restore the twin exactly (through the binary codec), and the restored twin goes on like the original', () => {
    const original = build();
    const restored = fromKeyframe(site, decodeKeyframe(encodeKeyframe(toKeyframe(original, T0 + 30_000))));
    expect(state(restored, T0 + 30_000)).toEqual(state(original, T0 + 30_000));
    for (const [i, m] of clean(after).entries()) {
      original.apply(m, T0 + 40_000 + i);
      restored.apply(m, T0 + 40_000 + i);
    }
    original.updateStaleness(T0 + 50_000);
    restored.updateStaleness(T0 + 50_000);
    expect(state(restored, T0 + 50_000)).toEqual(state(original, T0 + 50_000));
    // T4 and T6 crossed before their lane entries arrived: the late events completed their cleared entries in both,
    // and T6, already gone, stayed gone.
    expect(restored.cleared).toEqual([expect.objectContaining({ enteredLaneAt: T0 + 180_000 }), expect.objectContaining({ enteredLaneAt: T0 + 180_000 })]);
    expect(restored.trucks.has('T6')).toBe(false);
  });

  it('keep how each truck crosses (its mode), which the engine schedules by', () => {
    const restored = fromKeyframe(site, decodeKeyframe(encodeKeyframe(toKeyframe(build(), T0 + 30_000))));
    expect([...restored.trucks.values()].map((t) => [t.id, t.mode])).toEqual([...build().trucks.values()].map((t) => [t.id, t.mode]));
    expect(restored.trucks.get('T2')!.mode).toBe('drive-through');
  });

  it('read keyframes written before modes were kept (format 3): trucks come back without one', () => {
    const original = build();
    const restored = fromKeyframe(site, decodeKeyframe(encodeKeyframe(toKeyframe(original, T0 + 30_000), 3)));
    expect(restored.trucks.get('T2')!.mode).toBeUndefined();
    // Everything else is as it was.
    delete original.trucks.get('T2')!.mode;
    expect(state(restored, T0 + 30_000)).toEqual(state(original, T0 + 30_000));
  });

  it('keep lanes the operator or the engine changed, and skip lanes the site no longer has', () => {
    const kf = toKeyframe(build(), T0);
    kf.lanes.push({ id: 'GONE-1', open: true, direction: 'export', barrierDown: false });
    const t = fromKeyframe(site, kf);
    expect(t.lanes.byId.get('HN-1')!.open).toBe(false);
    expect(t.lanes.byId.get('HN-3')!.barrierDown).toBe(true);
    expect(t.lanes.byId.get('HN-4')!.runningDirection).toBe('export');
    expect(t.lanes.byId.has('GONE-1')).toBe(false);
  });
});

describe('toKeyframe copies field by field', () => {
  it('leaves out only what restore derives again: every other field of every live entity is in its key, with its value', () => {
    const twin = build();
    const kf = toKeyframe(twin, T0 + 40_000);
    const keyed = new Map<string, Record<string, unknown>>([...kf.trucks, ...kf.agvs, ...kf.sensors].map((k) => [k.id, k as unknown as Record<string, unknown>]));
    const live: [string, Record<string, unknown>, readonly string[]][] = [
      ...[...twin.trucks.values()].map((t) => ['truck', t as unknown as Record<string, unknown>, KEYFRAME_SKIPS.truck] as [string, Record<string, unknown>, readonly string[]]),
      ...[...twin.agvs.values()].map((a) => ['agv', a as unknown as Record<string, unknown>, KEYFRAME_SKIPS.agv] as [string, Record<string, unknown>, readonly string[]]),
      ...[...twin.sensors.values()].map((s) => ['sensor', s as unknown as Record<string, unknown>, KEYFRAME_SKIPS.sensor] as [string, Record<string, unknown>, readonly string[]]),
    ];
    const seen = new Set<string>();
    for (const [kind, entity, skips] of live) {
      const key = keyed.get(entity.id as string)!;
      for (const [field, value] of Object.entries(entity)) {
        if (skips.includes(field)) continue;
        seen.add(`${kind}.${field}`);
        expect(key[field], `${kind} ${String(entity.id)}.${field}`).toEqual(value);
      }
    }
    // The morning above sets every optional field at least once, so a field added to an entity later must be copied.
    for (const f of ['truck.channel', 'truck.mode', 'truck.yard', 'truck.lane', 'truck.calledAt', 'agv.container', 'agv.corridor', 'sensor.lane', 'sensor.zone', 'sensor.unit']) expect(seen).toContain(f);
  });
});
