import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { BoxGeometry, InstancedMesh, MeshBasicMaterial } from 'three';
import { describe, expect, it } from 'vitest';
import { emptyRecord, encodeFrame, EntityKind, Flag, type EntityRecord } from '../../../../server/protocol/frameCodec';
import { pointAt } from '../../../../server/protocol/geo';
import { applyConfiguration, SiteSchema } from '../../../../server/protocol/site';
import { createLiveStore, receiveFrame, type LiveStore } from '../../../../client/state/liveStore';
import { createQueueLayout, queueLines, type QueueLayout } from '../../../../client/scene/vehicles/queueLayout';
import { siteGeometry } from '../../../../client/scene/site/siteGeometry';
import { BATCH_COUNT, batchOf, bindBatch, createVehicleDraw, drawnPose, type VehicleDraw } from '../../../../client/scene/vehicles/vehicleBatches';
import { writeVehicleColor } from '../../../../client/scene/vehicles/vehicleColors';
import { segmentMatrix } from '../../../../client/scene/vehicles/vehiclePose';
import { frameVehicles, syncMatrices, updateVehicles } from '../../../../client/scene/vehicles/vehicleWriter';

const site = applyConfiguration(SiteSchema.parse(JSON.parse(readFileSync(new URL('../../../../assets/site.json', import.meta.url), 'utf8'))), 'today');
const lines = queueLines(siteGeometry(site));
const heightAt = (x: number, y: number) => 300 + 0.01 * x - 0.02 * y;
const LIFTS = [1, 1, 1, 1, 1, 6];
const QUEUED = 1;
const geometry = new BoxGeometry();
const material = new MeshBasicMaterial();

/** A writer with its six meshes bound, and what the GPU holds of each mesh's buffers (copied from the update ranges). */
interface Scene {
  D: VehicleDraw;
  gpu: { data: Float32Array[]; versions: number[] }[];
}

function buildScene(capacity = 128): Scene {
  const D = createVehicleDraw(LIFTS);
  for (let bi = 0; bi < BATCH_COUNT; bi++) bindBatch(D, bi, new InstancedMesh(geometry, material, capacity), capacity, () => {});
  return { D, gpu: [] };
}

/** The instance buffers the GPU reads: segment start, end and headings, and colour. */
const attributes = (b: VehicleDraw['batches'][number]) => [b.segA!, b.segB!, b.head!, b.mesh!.instanceColor!];

/** What a renderer does with the buffers after a frame: uploads them whole the first time, then only the ranges asked for. */
function upload(s: Scene): void {
  s.D.batches.forEach((b, bi) => {
    const attrs = attributes(b);
    const g = s.gpu[bi];
    if (!g || g.data[0]!.length !== attrs[0]!.array.length) {
      s.gpu[bi] = { data: attrs.map((a) => Float32Array.from(a.array)), versions: attrs.map((a) => a.version) };
    } else {
      attrs.forEach((attr, k) => {
        if (attr.version === g.versions[k]) return;
        const into = g.data[k]!;
        if (attr.updateRanges.length === 0) into.set(attr.array);
        for (const r of attr.updateRanges) into.set((attr.array as Float32Array).subarray(r.start, r.start + r.count), r.start);
        g.versions[k] = attr.version;
      });
    }
    for (const a of attrs) a.clearUpdateRanges();
  });
}

/**
 * Per handle, what is drawn: batch, the matrix the vertex shader computes from the uploaded segment at the
 * frame's clock (its arithmetic, mirrored by `segmentMatrix`), and colour.
 */
function drawn(s: Scene): Map<number, { batch: number; matrix: number[]; color: number[] }> {
  const out = new Map<number, { batch: number; matrix: number[]; color: number[] }>();
  const m = new Array<number>(16);
  s.D.batches.forEach((b, bi) => {
    expect(b.mesh!.count).toBe(b.count);
    const [segA, segB, head, color] = s.gpu[bi]!.data as [Float32Array, Float32Array, Float32Array, Float32Array];
    for (let i = 0; i < b.count; i++) {
      const h = b.handles[i]!;
      expect(out.has(h), `handle ${h} drawn twice`).toBe(false);
      segmentMatrix(segA, segB, head, i, Math.fround(s.D.clock.now), m, 0);
      out.set(h, { batch: bi, matrix: [...m], color: Array.from(color.subarray(i * 3, i * 3 + 3)) });
    }
  });
  return out;
}

function frame(s: Scene, store: LiveStore, L: QueueLayout, at: number, selected: number): number {
  const need = frameVehicles(s.D, store.getState(), lines, L, heightAt, at, selected);
  upload(s);
  return need;
}

/** What every present vehicle should look like, computed directly from the table: model, pose and colour. */
function expectDrawnAsTable(got: ReturnType<typeof drawn>, store: LiveStore, L: QueueLayout, at: number, selected: number): void {
  const t = store.getState().table;
  const pose = { x: 0, y: 0, heading: 0 };
  const rgb = new Float32Array(3);
  let present = 0;
  for (let k = 0; k < t.counts.length; k++) {
    for (let s = 0; s < t.counts[k]!; s++) {
      const h = t.slots[k]![s]!;
      present++;
      const d = got.get(h);
      expect(d, `handle ${h} not drawn`).toBeDefined();
      expect(d!.batch).toBe(batchOf(k, t.cargo[h]!, t.flags[h]!));
      drawnPose(t, L, h, at, pose);
      const m = d!.matrix;
      // The GPU's float32 times and positions: within a centimetre of the CPU's dead reckoning.
      expect(Math.abs(m[12]! - pose.x), `x of ${h}`).toBeLessThan(0.01);
      expect(Math.abs(m[13]! - (heightAt(pose.x, pose.y) + LIFTS[d!.batch]!)), `height of ${h}`).toBeLessThan(0.01);
      expect(Math.abs(m[14]! + pose.y), `y of ${h}`).toBeLessThan(0.01);
      expect(m[0]).toBeCloseTo(Math.cos((-pose.heading * Math.PI) / 180), 4);
      expect(m[8]).toBeCloseTo(Math.sin((-pose.heading * Math.PI) / 180), 4);
      expect([m[1], m[3], m[4], m[5], m[6], m[7], m[9], m[11], m[15]]).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 1]);
      if (h === selected) rgb.set([1, 1, 1]);
      else writeVehicleColor(k, t.state[h]!, t.flags[h]!, t.cargo[h]!, rgb, 0);
      expect(d!.color).toEqual(Array.from(rgb));
    }
  }
  expect(got.size).toBe(present);
}

/** One change to the twin, as a viewer would receive it. */
type Op =
  | { type: 'upsert'; handle: number; kind: number; state: number; cargo: number; flags: number; x: number; y: number; heading: number; speed: number }
  | { type: 'queue'; handle: number; line: number; along: number; cargo: number }
  | { type: 'attrs'; pick: number; state: number; cargo: number; flags: number; speed: number }
  | { type: 'remove'; pick: number }
  | { type: 'select'; handle: number }
  | { type: 'frames'; ms: number; count: number };

const handle = fc.integer({ min: 1, max: 16 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    type: fc.constant('upsert' as const),
    handle,
    kind: fc.constantFrom(EntityKind.truck, EntityKind.truck, EntityKind.agv, EntityKind.rail),
    state: fc.integer({ min: 0, max: 6 }),
    cargo: fc.integer({ min: 0, max: 8 }),
    flags: fc.constantFrom(0, Flag.perishable, Flag.stale, Flag.export, Flag.perishable | Flag.stale),
    x: fc.integer({ min: -3000, max: 3000 }),
    y: fc.integer({ min: -3000, max: 3000 }),
    heading: fc.integer({ min: 0, max: 359 }),
    speed: fc.constantFrom(0, 0, 5, 12),
  }),
  fc.record({ type: fc.constant('queue' as const), handle, line: fc.integer({ min: 0, max: lines.length - 1 }), along: fc.integer({ min: 0, max: 3000 }), cargo: fc.integer({ min: 0, max: 8 }) }),
  fc.record({ type: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ type: fc.constant('select' as const), handle: fc.integer({ min: -1, max: 16 }) }),
  fc.record({ type: fc.constant('attrs' as const), pick: fc.nat(), state: fc.integer({ min: 0, max: 6 }), cargo: fc.integer({ min: 0, max: 8 }), flags: fc.constantFrom(0, Flag.perishable, Flag.stale), speed: fc.constantFrom(0, 5) }),
  fc.record({ type: fc.constant('frames' as const), ms: fc.integer({ min: 1, max: 250 }), count: fc.integer({ min: 1, max: 4 }) }),
);

describe('vehicle instances, updated in place', () => {
  it('after any sequence of changes, draws exactly what a from-scratch rebuild draws, and what the table says', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 80, size: 'large' }), (ops) => {
        const store = createLiveStore();
        const L = createQueueLayout();
        const live = buildScene();
        // The reference: the same writer state made to place everything from scratch at every frame.
        const scratch = buildScene();
        const recs = new Map<number, EntityRecord>();
        let changed = new Map<number, EntityRecord>();
        let removed = new Set<number>();
        let seq = 0;
        let now = 1000;
        let selected = -1;
        const send = () => {
          const keyframe = seq % 7 === 0;
          receiveFrame(store, encodeFrame({ keyframe, seq, time: 1_760_000_000_000 + now }, keyframe ? [...recs.values()] : [...changed.values()], keyframe ? [] : [...removed]), now);
          seq++;
          changed = new Map();
          removed = new Set();
        };
        for (const o of ops) {
          if (o.type === 'upsert' || o.type === 'queue') {
            const r = { ...(recs.get(o.handle) ?? emptyRecord()), handle: o.handle };
            if (o.type === 'upsert') Object.assign(r, { kind: o.kind, state: o.state, cargo: o.kind === EntityKind.truck ? o.cargo : 255, flags: o.flags, x: o.x, y: o.y, heading: o.heading, speed: o.speed });
            else {
              const p = { x: 0, y: 0, heading: 0 };
              pointAt(lines[o.line]!.road, o.along, p);
              Object.assign(r, { kind: EntityKind.truck, state: QUEUED, cargo: o.cargo, flags: 0, x: p.x, y: p.y, heading: p.heading, speed: 0 });
            }
            recs.set(o.handle, r);
            changed.set(o.handle, r);
            removed.delete(o.handle);
          } else if (o.type === 'attrs') {
            // Same place, new state, cargo, flags or speed: a waiting truck called forward, a truck re-declared.
            const r = [...recs.values()][o.pick % Math.max(1, recs.size)];
            if (!r) continue;
            Object.assign(r, { state: o.state, cargo: r.kind === EntityKind.truck ? o.cargo : 255, flags: o.flags, speed: o.speed });
            changed.set(r.handle, r);
          } else if (o.type === 'remove') {
            const h = [...recs.keys()][o.pick % Math.max(1, recs.size)];
            if (h === undefined) continue;
            recs.delete(h);
            removed.add(h);
            changed.delete(h);
          } else if (o.type === 'select') selected = o.handle;
          else {
            // A frame of the stream, then a few animation frames drawn while its segments play.
            send();
            for (let f = 0; f < o.count; f++) {
              now += o.ms / o.count;
              const at = now - 100;
              expect(frame(live, store, L, at, selected)).toBe(0);
              const got = drawn(live);
              scratch.D.full = true;
              expect(frame(scratch, store, L, at, selected)).toBe(0);
              expect(got).toEqual(drawn(scratch));
              expectDrawnAsTable(got, store, L, at, selected);
            }
          }
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 100) },
    );
  }, 60_000);

  it('keeps unchanged instances in place, uploads nothing while all stand or wait, and redraws what changed', () => {
    const store = createLiveStore();
    const L = createQueueLayout();
    const s = buildScene();
    const T = 1_760_000_000_000;
    const recs = Array.from({ length: 30 }, (_, i) => ({ ...emptyRecord(), handle: i + 1, kind: EntityKind.truck, state: 3, cargo: i % 9, x: i * 40, y: 0, heading: 90, speed: 0 }));
    // Ten trucks waiting at the first yard (drawn in its bays), and one standing at the yard, not yet queued.
    const q = lines[0]!;
    const waiting = Array.from({ length: 10 }, (_, i) => ({ ...emptyRecord(), handle: 31 + i, kind: EntityKind.truck, state: QUEUED, cargo: 1, x: q.yard.x, y: q.yard.y, heading: 0, speed: 0 }));
    const late = { ...emptyRecord(), handle: 41, kind: EntityKind.truck, state: 0, cargo: 1, x: q.yard.x, y: q.yard.y, heading: 0, speed: 0 };
    receiveFrame(store, encodeFrame({ keyframe: true, seq: 0, time: T }, [...recs, ...waiting, late], []), 0);
    frame(s, store, L, -100, -1);
    frame(s, store, L, 1000, -1);
    expect(L.count).toBe(10);
    // Every segment has ended and nothing changed: no segment is written, nothing is uploaded.
    const versions = s.D.batches.map((b) => attributes(b).map((a) => a.version));
    frame(s, store, L, 1100, -1);
    expect(s.D.batches.map((b) => attributes(b).map((a) => a.version))).toEqual(versions);
    const before = s.D.indexOf.slice(0, 64);
    // One truck leaves and one changes cargo: the rest keep their batch and index, and all are drawn right.
    receiveFrame(store, encodeFrame({ keyframe: false, seq: 1, time: T + 1200 }, [{ ...recs[4]!, cargo: 6 }], [10]), 1200);
    frame(s, store, L, 1100, -1);
    let kept = 0;
    for (let h = 1; h <= 30; h++) if (h !== 5 && h !== 10 && s.D.indexOf[h] === before[h]) kept++;
    expect(kept).toBeGreaterThanOrEqual(26);
    expectDrawnAsTable(drawn(s), store, L, 1100, -1);
    // The standing truck joins the queue (drawn in a bay), then is called forward (drawn where it stands again).
    receiveFrame(store, encodeFrame({ keyframe: false, seq: 2, time: T + 1300 }, [{ ...late, state: QUEUED }], []), 1300);
    frame(s, store, L, 1200, -1);
    expect(L.parked[41]).toBe(1);
    expectDrawnAsTable(drawn(s), store, L, 1200, -1);
    receiveFrame(store, encodeFrame({ keyframe: false, seq: 3, time: T + 1400 }, [{ ...late, state: 2 }], []), 1400);
    frame(s, store, L, 1300, -1);
    expect(L.parked[41]).toBe(0);
    expectDrawnAsTable(drawn(s), store, L, 1300, -1);
  });

  it('asks for room when a batch is full, and places everything once the bigger mesh is bound', () => {
    const store = createLiveStore();
    const L = createQueueLayout();
    // More than the first mesh holds (1,024 instances), as on the wall.
    const s = buildScene(1024);
    const recs = Array.from({ length: 1100 }, (_, i) => ({ ...emptyRecord(), handle: i + 1, kind: EntityKind.agv, state: 0, x: i * 40, y: 0, heading: 0, speed: 3 }));
    receiveFrame(store, encodeFrame({ keyframe: true, seq: 0, time: 1_760_000_000_000 }, recs, []), 0);
    expect(frame(s, store, L, -50, -1)).toBe(1100);
    expect(frame(s, store, L, -45, -1)).toBe(1100);
    bindBatch(s.D, 4, new InstancedMesh(geometry, material, 2048), 2048, () => {});
    expect(frame(s, store, L, -40, -1)).toBe(0);
    expectDrawnAsTable(drawn(s), store, L, -40, -1);
  });

  it('rewrites only the vehicles the stream moved, when the frame arrives, and leaves the animation frames nothing to write', () => {
    const store = createLiveStore();
    const L = createQueueLayout();
    const s = buildScene();
    const T = 1_760_000_000_000;
    const recs = Array.from({ length: 40 }, (_, i) => ({ ...emptyRecord(), handle: i + 1, kind: EntityKind.truck, state: 3, cargo: 3, x: i * 40, y: 0, heading: 90, speed: 0 }));
    receiveFrame(store, encodeFrame({ keyframe: true, seq: 0, time: T }, recs, []), 0);
    frame(s, store, L, 500, -1);
    const b = s.D.batches[batchOf(EntityKind.truck, 3, 0)]!;
    // Truck 21 starts driving east at 10 m/s; the other 39 stand.
    receiveFrame(store, encodeFrame({ keyframe: false, seq: 1, time: T + 1000 }, [{ ...recs[20]!, speed: 10 }], []), 1000);
    frame(s, store, L, 900, -1);
    // The next frame lists nothing: every vehicle is dead-reckoned to its time, and only truck 21 has moved.
    receiveFrame(store, encodeFrame({ keyframe: false, seq: 2, time: T + 1100 }, [], []), 1100);
    expect(updateVehicles(s.D, store.getState(), lines, L, heightAt, -1)).toBe(0);
    const ranges = attributes(b).slice(0, 3).map((a) => a.updateRanges.length);
    expect(ranges, 'nothing flushed before the frame').toEqual([0, 0, 0]);
    frameVehicles(s.D, store.getState(), lines, L, heightAt, 1000, -1);
    const i = s.D.indexOf[21]!;
    expect(store.getState().table.x1[21], 'it moved').toBeGreaterThan(recs[20]!.x + 0.5);
    expect(b.segA!.updateRanges, 'one instance uploaded').toEqual([{ start: i * 4, count: 4 }]);
    expect(b.head!.updateRanges).toEqual([{ start: i * 2, count: 2 }]);
    upload(s);
    // Animation frames while its segment plays: no segment written, no upload; the shader moves it.
    const versions = attributes(b).map((a) => a.version);
    const x = (at: number) => {
      frame(s, store, L, at, -1);
      upload(s);
      return drawn(s).get(21)!.matrix[12]!;
    };
    const x1 = x(1020);
    const x2 = x(1060);
    expect(attributes(b).map((a) => a.version)).toEqual(versions);
    expect(x2).toBeGreaterThan(x1);
    expectDrawnAsTable(drawn(s), store, L, 1060, -1);
  });

  it('keeps drawing where the table says across an epoch move (float32 segment times)', () => {
    const store = createLiveStore();
    const L = createQueueLayout();
    const s = buildScene();
    const T = 1_760_000_000_000;
    const recs = Array.from({ length: 5 }, (_, i) => ({ ...emptyRecord(), handle: i + 1, kind: EntityKind.agv, state: 0, x: i * 40, y: 0, heading: 0, speed: 5 }));
    let now = 1_000;
    for (let seq = 0; seq < 4; seq++) {
      // A wall left on for weeks: local times far beyond float32's integers.
      const at = seq < 2 ? now : now + 3_000_000_000;
      receiveFrame(store, encodeFrame({ keyframe: true, seq, time: T + at }, recs, []), at);
      frame(s, store, L, at - 50, -1);
      expect(Math.abs(s.D.clock.now), 'the shader clock stays near its epoch').toBeLessThan(2 ** 20);
      expectDrawnAsTable(drawn((upload(s), s)), store, L, at - 50, -1);
      now += 100;
    }
    // Picking and the debug hook read the CPU copies of what the shader draws.
    syncMatrices(s.D);
    const got = drawn(s);
    s.D.batches.forEach((b) => {
      for (let k = 0; k < b.count; k++) expect(Array.from(b.mesh!.instanceMatrix.array.slice(k * 16, k * 16 + 16))).toEqual(got.get(b.handles[k]!)!.matrix.map((v) => Math.fround(v)));
    });
  });

  it('writes a new segment even when two stream frames arrive within one timer tick (same end time)', () => {
    const store = createLiveStore();
    const L = createQueueLayout();
    const s = buildScene();
    const T = 1_760_000_000_000;
    const truck = { ...emptyRecord(), handle: 7, kind: EntityKind.truck, state: 3, cargo: 3, x: 0, y: 0, heading: 90, speed: 0 };
    receiveFrame(store, encodeFrame({ keyframe: true, seq: 0, time: T }, [truck], []), 0);
    frame(s, store, L, 0, -1);
    // Both frames are applied at local time 1000, each as it arrives (the live store subscription's call).
    receiveFrame(store, encodeFrame({ keyframe: false, seq: 1, time: T + 100 }, [{ ...truck, x: 5 }], []), 1000);
    updateVehicles(s.D, store.getState(), lines, L, heightAt, -1);
    receiveFrame(store, encodeFrame({ keyframe: false, seq: 2, time: T + 200 }, [{ ...truck, x: 9 }], []), 1000);
    updateVehicles(s.D, store.getState(), lines, L, heightAt, -1);
    frame(s, store, L, 1000, -1);
    expect(drawn(s).get(7)!.matrix[12]).toBeCloseTo(store.getState().table.x1[7]!, 3);
    expect(store.getState().table.x1[7]).toBeCloseTo(9, 1);
  });
});
