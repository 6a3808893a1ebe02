import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHeader, ReplayControlSchema, type Alert, type ReplayStatus, type Site } from '../../../server/protocol';
import { localDay } from '../../../server/recorder/days';
import { RecordingReader } from '../../../server/recorder/reader';
import { SqliteRecorder } from '../../../server/recorder/sqliteRecorder';
import { ReplaySession, type ReplayOutput } from '../../../server/replay/session';
import { buildTruckMessage, T0 } from '../../support/builders';
import { buildSimRecording } from '../../support/simRecording';

let dir: string;
let site: Site;
let day: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatetwin-replay-'));
  // Keyframes every minute or so, so plays cross several of them.
  ({ site, day } = await buildSimRecording(dir, 12, 'normal', { keyframeMinMs: 60_000, keyframeBytesPerMessage: 8 }));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A session on a fake wall clock that records what it would send to the viewer. */
function session() {
  const sent = { frames: [] as { buf: Uint8Array; reliable: boolean }[], changed: [] as ReplayStatus[], alerts: [] as Alert[], kpis: 0, plans: 0, hellos: 0 };
  const out: ReplayOutput = {
    hello: () => sent.hellos++,
    frame: (buf, reliable) => sent.frames.push({ buf, reliable }),
    kpi: () => sent.kpis++,
    plan: () => sent.plans++,
    alert: (a) => sent.alerts.push(a),
    changed: (s) => sent.changed.push(s),
  };
  const clock = { wall: 0 };
  const s = new ReplaySession(new RecordingReader(dir, day), out, { role: 'viewer', site, wall: () => clock.wall });
  /** Plays until the session stops by itself (until or end), in 100 ms wall ticks. */
  const playOut = () => {
    for (let i = 0; s.playing && i < 100_000; i++) {
      clock.wall += 100;
      s.tick();
    }
  };
  return { s, sent, clock, playOut };
}

const sortKeys = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(sortKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])])) : v;
/** The replayed twin without handles (each stream numbers its vehicles its own way). */
const stateOf = (s: ReplaySession) => {
  const snap = s.snapshot();
  const noHandle = <T extends { id: string; handle: number }>(xs: T[]) => xs.map(({ handle: _h, ...x }) => x).sort((a, b) => a.id.localeCompare(b.id));
  return sortKeys({ ...snap, trucks: noHandle(snap.trucks), agvs: noHandle(snap.agvs) });
};

describe('ReplaySession', () => {
  it('opens with hello, a reliable keyframe, KPIs and a plan, at the start of the recording', () => {
    const { s, sent } = session();
    const st = s.open();
    expect(st).toMatchObject({ cause: 'open', playing: false, position: s.firstTs, alerts: expect.any(Array) });
    expect(sent.hellos).toBe(1);
    expect(sent.frames).toHaveLength(1);
    expect(sent.frames[0]!.reliable).toBe(true);
    const h = readHeader(new DataView(sent.frames[0]!.buf.buffer, sent.frames[0]!.buf.byteOffset, sent.frames[0]!.buf.byteLength));
    expect([h.keyframe, h.time]).toEqual([true, s.firstTs]);
    expect([sent.kpis, sent.plans]).toEqual([1, 1]);
    s.close();
  });

  it.each([0.07, 0.38, 0.61, 0.999])('seeking to %f of the day gives the state that playing up to it gives', (f) => {
    const a = session();
    const b = session();
    a.s.open();
    b.s.open();
    const to = Math.round(a.s.firstTs + f * (a.s.lastTs - a.s.firstTs));
    a.s.control({ action: 'seek', to });
    b.s.control({ action: 'play', speed: 1200, until: to });
    b.playOut();
    expect(b.s.position).toBe(to);
    expect(b.sent.changed.at(-1)).toMatchObject({ cause: 'until', playing: false, position: to });
    expect(stateOf(b.s)).toEqual(stateOf(a.s));
    a.s.close();
    b.s.close();
  });

  it('emits the recorded alerts as play passes them, and jumps to the next and previous alert', () => {
    const { s, sent, playOut } = session();
    s.open();
    const next = s.control({ action: 'next-alert' });
    expect(next.alert).toBeDefined();
    expect(next.position).toBe(next.alert!.raisedAt);
    expect(next.alerts).toContainEqual(next.alert);
    const after = s.control({ action: 'next-alert' });
    expect(after.position).toBeGreaterThanOrEqual(next.position);
    expect(s.control({ action: 'prev-alert' }).position).toBeLessThanOrEqual(after.position);
    s.control({ action: 'seek', to: s.firstTs });
    s.control({ action: 'play', speed: 3600 });
    playOut();
    expect(sent.changed.at(-1)).toMatchObject({ cause: 'end', playing: false, position: s.lastTs });
    expect(sent.alerts.length).toBeGreaterThan(0);
    expect(sent.alerts.every((a, i) => i === 0 || (a.clearedAt ?? a.raisedAt) >= (sent.alerts[i - 1]!.clearedAt ?? sent.alerts[i - 1]!.raisedAt) - 1)).toBe(true);
    s.close();
  });

  it('a paused replay of a recording still being written says when it has grown, and only then', async () => {
    // Today's recording grows under a paused viewer: its timeline should reach the new end without pressing play.
    const growDir = mkdtempSync(join(tmpdir(), 'gatetwin-replay-grow-'));
    const rec = new SqliteRecorder(growDir, { meta: { configuration: 'today', policy: 'default' } });
    const truck = (seq: number, ts: number) => buildTruckMessage({ seq, ts, lat: 21.96 + seq / 10_000 });
    try {
      await rec.appendAt([truck(1, T0)], T0);
      await rec.appendAt([truck(2, T0 + 60_000)], T0 + 60_000);
      const changed: ReplayStatus[] = [];
      const out: ReplayOutput = { hello: () => {}, frame: () => {}, kpi: () => {}, plan: () => {}, alert: () => {}, changed: (st) => changed.push(st) };
      const reader = new RecordingReader(growDir, localDay(T0));
      const s = new ReplaySession(reader, out, { role: 'viewer', site });
      expect(s.open()).toMatchObject({ cause: 'open', position: T0, lastTs: T0 + 60_000 });
      s.watchEnd();
      expect(changed.map((c) => c.cause)).toEqual(['open']);
      await rec.appendAt([truck(3, T0 + 120_000)], T0 + 120_000);
      expect(reader.lastTs()).toBe(reader.summary().lastTs);
      s.watchEnd();
      expect(changed.at(-1)).toMatchObject({ cause: 'grew', playing: false, position: T0, firstTs: T0, lastTs: T0 + 120_000 });
      s.watchEnd();
      expect(changed).toHaveLength(2);
      // A playing replay finds the new end itself when it gets there.
      s.control({ action: 'play', speed: 1 });
      await rec.appendAt([truck(4, T0 + 180_000)], T0 + 180_000);
      s.watchEnd();
      expect(changed.map((c) => c.cause)).toEqual(['open', 'grew', 'play']);
      s.close();
    } finally {
      await rec.close();
      rmSync(growDir, { recursive: true, force: true });
    }
  });

  it('advances by wall time × speed, and a speed change keeps the time already played', () => {
    const { s, clock } = session();
    s.open();
    s.control({ action: 'play', speed: 10 });
    clock.wall += 1_000;
    s.tick();
    expect(s.position).toBe(s.firstTs + 10_000);
    s.control({ action: 'speed', speed: 100 });
    clock.wall += 1_000;
    s.tick();
    expect(s.position).toBe(s.firstTs + 110_000);
    s.control({ action: 'pause' });
    clock.wall += 1_000;
    s.tick();
    expect(s.position).toBe(s.firstTs + 110_000);
    s.close();
  });

  it.each<[unknown, boolean]>([
    [{ action: 'play' }, true],
    [{ action: 'play', speed: 1, until: 1_780_275_600_000 }, true],
    [{ action: 'speed', speed: 3600 }, true],
    [{ action: 'speed', speed: 0.5 }, false],
    [{ action: 'speed', speed: 3601 }, false],
    [{ action: 'seek' }, false],
    [{ action: 'seek', to: 1_780_275_600_000, extra: 1 }, false],
    [{ action: 'rewind' }, false],
  ])('validates the control %j: %s', (c, ok) => {
    expect(ReplayControlSchema.safeParse(c).success).toBe(ok);
  });
});
