import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFrame, frameView, reckon } from '../../../client/state/applyFrame';
import { clearTable, createEntityTable, liveCount, type EntityTable } from '../../../client/state/entityTable';
import { DeadReckoner } from '../../../server/stream/deadReckoner';
import { DR_THRESHOLD_M } from '../../../server/protocol/deadReckoning';
import { decodeFrame, emptyRecord, type EntityRecord } from '../../../server/protocol/frameCodec';

// The dead-reckoning rule end to end: the encoder's frames, applied by the browser's own decoder, keep every
// viewer within DR_THRESHOLD_M of the twin at every frame time; late joiners and viewers that skip frames agree
// exactly with the others after their snapshot or the next keyframe.

const T0 = 1_780_000_000_000;
const DEG = Math.PI / 180;

/** Tiny seeded PRNG. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A vehicle that really moves (turning, speeding up, stopping) and reports now and then, like a device. */
interface Sim {
  rec: EntityRecord;
  x: number;
  y: number;
  heading: number;
  speed: number;
  turn: number;
  accel: number;
  period: number;
  nextReport: number;
  horizon: number;
}

/** Where the twin believes the vehicle is (the documented rule: the last report, carried on up to the horizon). */
function truth(r: EntityRecord, t: number, horizon: number): { x: number; y: number } {
  if (r.poseTime === undefined || horizon <= 0 || r.speed === 0) return { x: r.x, y: r.y };
  const dt = Math.min(Math.max(t - r.poseTime, 0), horizon) / 1000;
  return { x: r.x + r.speed * Math.sin(r.heading * DEG) * dt, y: r.y + r.speed * Math.cos(r.heading * DEG) * dt };
}

interface World {
  sims: Map<number, Sim>;
  next: number;
  rnd: () => number;
}

function spawn(w: World, t: number): void {
  const r = w.rnd;
  const handle = w.next++;
  const period = [200, 1_000, 2_000, 3_000][Math.floor(r() * 4)]!;
  const rec: EntityRecord = { ...emptyRecord(), handle, kind: Math.floor(r() * 3), cargo: Math.floor(r() * 9), x: (r() - 0.5) * 20_000, y: (r() - 0.5) * 20_000 };
  w.sims.set(handle, {
    rec, x: rec.x, y: rec.y, heading: r() * 360, speed: r() * 15, turn: 0, accel: 0, period, nextReport: t + r() * period,
    horizon: r() < 0.1 ? 0 : Math.max(1_000, 1.5 * period),
  });
}

/** Advances every vehicle to time t (ms), reporting when due; now and then spawns, removes, changes state. */
function step(w: World, t: number, dtMs: number): void {
  const r = w.rnd;
  for (const [h, s] of w.sims) {
    if (r() < 0.02) {
      s.turn = r() < 0.5 ? 0 : (r() - 0.5) * 40; // deg/s
      s.accel = r() < 0.3 ? 0 : (r() - 0.5) * 3;
    }
    if (r() < 0.005) s.speed = 0;
    const dt = dtMs / 1000;
    s.heading = (s.heading + s.turn * dt + 360) % 360;
    s.speed = Math.min(25, Math.max(0, s.speed + s.accel * dt));
    s.x += s.speed * Math.sin(s.heading * DEG) * dt;
    s.y += s.speed * Math.cos(s.heading * DEG) * dt;
    if (t >= s.nextReport) {
      s.nextReport = t + s.period * (0.8 + 0.4 * r());
      Object.assign(s.rec, { x: s.x, y: s.y, heading: s.heading, speed: s.speed, poseTime: t });
    }
    if (r() < 0.003) s.rec.state = Math.floor(r() * 6);
    if (r() < 0.003) s.rec.battery = r();
    if (r() < 0.002) w.sims.delete(h);
  }
  if (r() < 0.05) spawn(w, t);
}

const FIELDS = ['gx', 'gy', 'ta', 'hq', 'sq', 'kind', 'state', 'flags', 'cargo', 'battery'] as const;

/** Throws unless both viewers hold the very same vehicles with the very same anchors and attributes. */
function expectSame(a: EntityTable, b: EntityTable, what: string): void {
  if (liveCount(b) !== liveCount(a)) throw new Error(`${what}: ${liveCount(b)} vehicles, not ${liveCount(a)}`);
  for (let k = 0; k < 3; k++) for (let s = 0; s < a.counts[k]!; s++) {
    const h = a.slots[k]![s]!;
    if (b.present[h] !== 1) throw new Error(`${what}: vehicle ${h} missing`);
    for (const f of FIELDS) if (a[f][h] !== b[f][h]) throw new Error(`${what}: vehicle ${h} ${f} ${b[f][h]} ≠ ${a[f][h]}`);
  }
}

// Three viewers' tables, reused across runs (each is a few MB).
const tables = { full: createEntityTable(), skipper: createEntityTable(), late: createEntityTable() };

describe('dead-reckoned frames', () => {
  it('every viewer stays within the threshold of the twin; late joiners and frame skippers agree exactly (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 25 }), fc.integer({ min: 5, max: 40 }), (seed, vehicles, keyframeEvery) => {
        const w: World = { sims: new Map(), next: 0, rnd: rng(seed) };
        for (let i = 0; i < vehicles; i++) spawn(w, T0);
        const dr = new DeadReckoner();
        const { full, skipper } = tables;
        for (const tb of Object.values(tables)) clearTable(tb);
        let late: EntityTable | undefined;
        let t = T0;
        let lastKeyframe = -1;
        const pose = { x: 0, y: 0, heading: 0 };
        for (let f = 0; f < 150; f++) {
          const dtMs = 80 + Math.floor(w.rnd() * 40);
          t += dtMs;
          step(w, t, dtMs);
          const keyframe = f % keyframeEvery === 0;
          dr.begin(t);
          for (const s of w.sims.values()) dr.visit(s.rec, s.horizon);
          const frame = frameView(dr.end(keyframe, f));
          const now = f * 100;
          applyFrame(full, frame, { now, delay: 100 });
          if (late) applyFrame(late, frame, { now, delay: 100 });
          if (w.rnd() < 0.8 || keyframe) applyFrame(skipper, frame, { now, delay: 100 });
          if (keyframe) lastKeyframe = f;

          if (liveCount(full) !== w.sims.size) throw new Error(`frame ${f}: ${liveCount(full)} vehicles, not ${w.sims.size}`);
          for (const s of w.sims.values()) {
            const h = s.rec.handle;
            const want = truth(s.rec, t, s.horizon);
            reckon(full, h, t, pose);
            const err = Math.hypot(pose.x - want.x, pose.y - want.y);
            if (err > DR_THRESHOLD_M + 1e-6) throw new Error(`frame ${f}: vehicle ${h} is ${err.toFixed(3)} m off`);
            if (full.kind[h] !== s.rec.kind || full.state[h] !== s.rec.state || full.cargo[h] !== s.rec.cargo) throw new Error(`frame ${f}: vehicle ${h} attributes`);
            if (Math.abs(full.battery[h]! / 255 - s.rec.battery) > 0.5 / 255 + 1e-9) throw new Error(`frame ${f}: vehicle ${h} battery`);
          }
          if (late) expectSame(full, late, `late joiner, frame ${f}`);
          if (lastKeyframe === f) expectSame(full, skipper, `skipper after keyframe ${f}`);
          // Someone connects: a snapshot that leaves the stream alone.
          if (f === 37) {
            late = tables.late;
            const extra = [...w.sims.values()].map((s) => ({ rec: s.rec, horizonMs: s.horizon }));
            applyFrame(late, frameView(dr.snapshot(t, f + 1, extra)), { now, delay: 100 });
          }
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('a vehicle driving straight at a steady speed costs next to nothing', () => {
    const dr = new DeadReckoner();
    const rec: EntityRecord = { ...emptyRecord(), handle: 3, heading: 60, speed: 12 };
    const sizes: number[] = [];
    for (let f = 0; f < 100; f++) {
      const t = T0 + f * 100;
      if (f % 10 === 0) Object.assign(rec, { x: 12 * Math.sin(60 * DEG) * (f / 10), y: 12 * Math.cos(60 * DEG) * (f / 10), poseTime: t });
      dr.begin(t);
      dr.visit(rec, 1_500);
      sizes.push(decodeFrame(frameView(dr.end(f === 0, f))).header.count);
    }
    expect(sizes[0]).toBe(1);
    // Only the heading's quantisation (±0.7°) makes it drift: one correction in ten seconds at 12 m/s.
    expect(sizes.slice(1).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2);
  });

  it('sends a stop at once, and a vehicle whose reports stop is held after its horizon', () => {
    const dr = new DeadReckoner();
    const rec: EntityRecord = { ...emptyRecord(), handle: 0, heading: 90, speed: 10, poseTime: T0 };
    const run = (f: number) => {
      dr.begin(T0 + f * 100);
      dr.visit(rec, 1_000);
      return decodeFrame(frameView(dr.end(f === 0, f))).records;
    };
    run(0);
    expect(run(1)).toHaveLength(0);
    Object.assign(rec, { x: 2, speed: 0, poseTime: T0 + 200 });
    const stop = run(2);
    expect(stop).toHaveLength(1);
    expect(stop[0]!.speedQ).toBe(0);
    // Reports stop: the twin carries the vehicle on for the horizon, then holds it; so does the stream.
    Object.assign(rec, { speed: 10, poseTime: T0 + 300 });
    const frames = Array.from({ length: 30 }, (_, i) => run(3 + i));
    expect(frames.filter((r) => r.length > 0).length).toBeLessThanOrEqual(3);
    expect(frames.at(-1)).toHaveLength(0);
  });
});
