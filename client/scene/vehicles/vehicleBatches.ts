import { DynamicDrawUsage, InstancedBufferAttribute, type InstancedMesh } from 'three';
import { CARGO_CODES, EntityKind, Flag } from '../../../server/protocol/frameCodec';
import { MAX_HANDLES, type EntityTable } from '../../state/entityTable';
import { poseAt, type Pose } from '../../state/interpolate';
import type { HeightFn } from '../terrain/drape';
import type { LiveState } from '../../state/liveStore';
import { layoutQueues, type QueueLayout, type QueueLine } from './queueLayout';
import { writeVehicleColor } from './vehicleColors';

/** Mesh batches: one InstancedMesh per vehicle model, so draw calls never depend on how many vehicles there are. */
export const Batch = { container: 0, reefer: 1, cars: 2, flatbed: 3, agv: 4, rail: 5 } as const;
export const BATCH_COUNT = 6;

const CARS = CARGO_CODES.indexOf('cars');
const MACHINERY = CARGO_CODES.indexOf('machinery');
const FRUIT = CARGO_CODES.indexOf('fruit');
const FISHERY = CARGO_CODES.indexOf('fishery');

/** Which model draws an entity: trucks by cargo (perishables ride in reefers), AGVs and shuttles by kind. */
export function batchOf(kind: number, cargo: number, flags: number): number {
  if (kind === EntityKind.agv) return Batch.agv;
  if (kind === EntityKind.rail) return Batch.rail;
  if (flags & Flag.perishable || cargo === FRUIT || cargo === FISHERY) return Batch.reefer;
  if (cargo === CARS) return Batch.cars;
  if (cargo === MACHINERY) return Batch.flatbed;
  return Batch.container;
}

/** The instances of one batch: handles by instance index, and the mesh's own buffers once mounted. */
export interface BatchState {
  handles: Uint16Array;
  count: number;
  capacity: number;
  /** Lift above the ground (m): rail shuttles hang from a rail. */
  lift: number;
  mesh: InstancedMesh | null;
  /** Instance range written this frame, for a partial upload. */
  lo: number;
  hi: number;
}

/** What the debug hook reads: the writer and the queue layout of the mounted scene. */
export const mounted: {
  draw: VehicleDraw | null;
  layout: QueueLayout | null;
  lines: readonly QueueLine[];
  heightAt: HeightFn;
  sizes: { width: number; length: number; height: number }[];
} = { draw: null, layout: null, lines: [], heightAt: () => 0, sizes: [] };

/** Everything the per-frame writer keeps between frames (typed arrays, allocated once). */
export interface VehicleDraw {
  batches: BatchState[];
  batchOf: Int8Array;
  indexOf: Int32Array;
  /** Handles of the vehicles still gliding between their last two samples. */
  moving: Uint16Array;
  movingCount: number;
  /** Instances each batch needs (counted at every rebuild). */
  need: Int32Array;
  tableVersion: number;
  layoutVersion: number;
  selected: number;
}

/** A fresh writer state with the given capacity per batch. */
export function createVehicleDraw(lifts: readonly number[]): VehicleDraw {
  return {
    batches: lifts.map((lift) => ({ handles: new Uint16Array(1024), count: 0, capacity: 1024, lift, mesh: null, lo: Infinity, hi: -1 })),
    batchOf: new Int8Array(MAX_HANDLES).fill(-1),
    indexOf: new Int32Array(MAX_HANDLES).fill(-1),
    moving: new Uint16Array(MAX_HANDLES),
    movingCount: 0,
    need: new Int32Array(lifts.length),
    tableVersion: -1,
    layoutVersion: -1,
    selected: -1,
  };
}

const _pose: Pose = { x: 0, y: 0, heading: 0 };
const DEG = Math.PI / 180;
/** The selected vehicle is drawn in this colour (linear RGB): white stands out from every cargo and state colour. */
const SELECTED_RGB = [1, 1, 1];

/** Where a vehicle is drawn at local time `at`: its queue place if parked, else its interpolated pose. */
export function drawnPose(t: EntityTable, L: QueueLayout, h: number, at: number, out: Pose): Pose {
  if (L.parked[h]) {
    out.x = L.px[h]!;
    out.y = L.py[h]!;
    out.heading = L.heading[h]!;
    return out;
  }
  return poseAt(t.x0[h]!, t.y0[h]!, t.h0[h]!, t.t0[h]!, t.x1[h]!, t.y1[h]!, t.h1[h]!, t.t1[h]!, at, out);
}

function writeMatrix(b: BatchState, i: number, p: Pose, heightAt: HeightFn): void {
  const m = b.mesh!.instanceMatrix.array as Float32Array;
  // Rotation about +y by −heading turns the nose (−z) towards the heading (clockwise from north); no scale:
  // the size floor is applied in the vertex shader.
  const th = -p.heading * DEG;
  const c = Math.cos(th);
  const s = Math.sin(th);
  const o = i * 16;
  m[o] = c; m[o + 1] = 0; m[o + 2] = -s; m[o + 3] = 0;
  m[o + 4] = 0; m[o + 5] = 1; m[o + 6] = 0; m[o + 7] = 0;
  m[o + 8] = s; m[o + 9] = 0; m[o + 10] = c; m[o + 11] = 0;
  m[o + 12] = p.x; m[o + 13] = heightAt(p.x, p.y) + b.lift; m[o + 14] = -p.y; m[o + 15] = 1;
  if (i < b.lo) b.lo = i;
  if (i > b.hi) b.hi = i;
}

/**
 * Rebuilds the batches after the table or the queue layout changed (a new frame, at most 10 times a second):
 * which model draws each vehicle, its instance index, colour and pose; and the list of instances still moving.
 * Returns the capacity a batch needs if one is too small (the caller grows it), else 0.
 */
export function rebuildBatches(D: VehicleDraw, t: EntityTable, L: QueueLayout, heightAt: HeightFn, at: number, selected: number): number {
  // Count first: every batch that is too small grows to its full need in one React render, not one per frame.
  D.need.fill(0);
  for (let k = 0; k < t.counts.length; k++) {
    const list = t.slots[k]!;
    for (let s = 0, n = t.counts[k]!; s < n; s++) D.need[batchOf(k, t.cargo[list[s]!]!, t.flags[list[s]!]!)]!++;
  }
  for (const b of D.batches) b.count = 0;
  let need = 0;
  D.movingCount = 0;
  for (let k = 0; k < t.counts.length; k++) {
    const list = t.slots[k]!;
    for (let s = 0, n = t.counts[k]!; s < n; s++) {
      const h = list[s]!;
      const bi = batchOf(k, t.cargo[h]!, t.flags[h]!);
      const b = D.batches[bi]!;
      if (b.count >= b.capacity || !b.mesh) {
        need = Math.max(need, D.need[bi]!);
        continue;
      }
      const i = b.count++;
      b.handles[i] = h;
      D.batchOf[h] = bi;
      D.indexOf[h] = i;
      writeMatrix(b, i, drawnPose(t, L, h, at, _pose), heightAt);
      const colors = b.mesh.instanceColor!.array as Float32Array;
      if (h === selected) colors.set(SELECTED_RGB, i * 3);
      else writeVehicleColor(k, t.state[h]!, t.flags[h]!, t.cargo[h]!, colors, i * 3);
      if (!L.parked[h] && t.t1[h]! > at) D.moving[D.movingCount++] = h;
    }
  }
  for (const b of D.batches) {
    const mesh = b.mesh;
    if (!mesh) continue;
    mesh.count = b.count;
    const c = mesh.instanceColor!;
    c.clearUpdateRanges();
    c.addUpdateRange(0, Math.max(1, b.count) * 3);
    c.needsUpdate = true;
  }
  D.selected = selected;
  return need;
}

/** Moves the instances still gliding between their last two samples: the only per-frame work, O(moving). */
export function stepMoving(D: VehicleDraw, t: EntityTable, L: QueueLayout, heightAt: HeightFn, at: number): void {
  let w = 0;
  for (let j = 0; j < D.movingCount; j++) {
    const h = D.moving[j]!;
    const b = D.batches[D.batchOf[h]!]!;
    writeMatrix(b, D.indexOf[h]!, drawnPose(t, L, h, at, _pose), heightAt);
    // Keep it for the next frame only while its segment is still running.
    if (t.t1[h]! > at) D.moving[w++] = h;
  }
  D.movingCount = w;
}

/** Uploads only the instance range written this frame. */
export function flushBatches(D: VehicleDraw): void {
  for (const b of D.batches) {
    const mesh = b.mesh;
    if (!mesh || b.hi < b.lo) continue;
    const a = mesh.instanceMatrix;
    a.clearUpdateRanges();
    a.addUpdateRange(b.lo * 16, (b.hi - b.lo + 1) * 16);
    a.needsUpdate = true;
    b.lo = Infinity;
    b.hi = -1;
  }
}

/**
 * One animation frame of the vehicle layer: after a new frame of the stream or a new selection, lays out the
 * queues and rebuilds the batches; otherwise moves only what is gliding. Returns a capacity to grow to, or 0.
 */
export function frameVehicles(D: VehicleDraw, live: LiveState, lines: readonly QueueLine[], L: QueueLayout, heightAt: HeightFn, at: number, selected: number): number {
  let need = 0;
  if (live.version !== D.tableVersion || selected !== D.selected) {
    D.tableVersion = live.version;
    layoutQueues(live.table, lines, L);
    need = rebuildBatches(D, live.table, L, heightAt, at, selected);
    if (need > 0) D.tableVersion = -1;
  } else stepMoving(D, live.table, L, heightAt, at);
  flushBatches(D);
  return need;
}

/** Makes a freshly mounted mesh batch `bi`'s: dynamic buffers, instance colours, floored picking; forces a rebuild. */
export function bindBatch(D: VehicleDraw, bi: number, mesh: InstancedMesh, capacity: number, raycast: InstancedMesh['raycast']): void {
  const b = D.batches[bi]!;
  if (b.mesh === mesh) return;
  mesh.instanceMatrix.setUsage(DynamicDrawUsage);
  mesh.instanceColor = new InstancedBufferAttribute(new Float32Array(capacity * 3), 3).setUsage(DynamicDrawUsage);
  mesh.count = 0;
  mesh.raycast = raycast;
  b.mesh = mesh;
  b.capacity = capacity;
  if (b.handles.length < capacity) b.handles = new Uint16Array(capacity);
  D.tableVersion = -1;
}
