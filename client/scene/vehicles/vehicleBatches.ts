import { DynamicDrawUsage, InstancedBufferAttribute, type InstancedMesh } from 'three';
import { CARGO_CODES, EntityKind, Flag } from '../../../server/protocol/frameCodec';
import { MAX_HANDLES, type EntityTable } from '../../state/entityTable';
import { poseAt, type Pose } from '../../state/interpolate';
import type { HeightFn } from '../terrain/drape';
import type { QueueLayout, QueueLine } from './queueLayout';
import { HEAD_SIZE, SEG_SIZE } from './vehiclePose';

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
  /** Each instance's drawing segment, interpolated by the vertex shader (see vehiclePose.ts). */
  segA: InstancedBufferAttribute | null;
  segB: InstancedBufferAttribute | null;
  head: InstancedBufferAttribute | null;
  handles: Uint16Array;
  count: number;
  capacity: number;
  /** Lift above the ground (m): rail shuttles hang from a rail. */
  lift: number;
  mesh: InstancedMesh | null;
  /** Instance ranges of segments (lo–hi) and colours (clo–chi) written since the last upload, for a partial upload. */
  lo: number;
  hi: number;
  clo: number;
  chi: number;
}

/** What the debug hook reads: the writer and the queue layout of the mounted scene. */
export const mounted: {
  draw: VehicleDraw | null;
  layout: QueueLayout | null;
  lines: readonly QueueLine[];
  heightAt: HeightFn;
  sizes: { width: number; length: number; height: number }[];
} = { draw: null, layout: null, lines: [], heightAt: () => 0, sizes: [] };

/**
 * Everything the per-frame writer keeps between frames (typed arrays, allocated once). Instances stay where they
 * are placed: a vehicle keeps its batch and index until it leaves (swap-remove) or changes model, so a new frame
 * only rewrites what changed. Per handle, the writer remembers what its instance already shows.
 */
export interface VehicleDraw {
  batches: BatchState[];
  batchOf: Int8Array;
  indexOf: Int32Array;
  /** Per handle: the colour inputs its instance shows (kind, state, flags, cargo packed; −1 none). */
  colorKey: Int32Array;
  /** Per handle: the end time (table t1) of the segment its instance holds (NaN: none). */
  segT1: Float64Array;
  /** Per handle: the queue layout version its parked pose was written for, −1 when it shows an interpolated pose. */
  parkedAt: Int32Array;
  /** Local time (ms) the segments' float32 times count from, and the frame's time after it (the shader's clock). */
  epoch: number;
  clock: { now: number };
  /** The draw time the CPU copies of the instance matrices were last computed for (picking, debug hook). */
  syncedAt: number;
  /** Instances each batch needs (counted when one is too small). */
  need: Int32Array;
  tableVersion: number;
  /** The table's `changes` the batches reflect (model and colour of every vehicle). */
  tableChanges: number;
  selected: number;
  /** Next update places every instance from scratch (a mesh was remounted, or the site changed). */
  full: boolean;
  /** What the instances were laid out with: another table, site layout, lines or terrain means a full rebuild. */
  table: EntityTable | null;
  layout: QueueLayout | null;
  lines: readonly QueueLine[] | null;
  heightAt: HeightFn | null;
}

/** A fresh writer state with the given lift per batch. */
export function createVehicleDraw(lifts: readonly number[]): VehicleDraw {
  return {
    batches: lifts.map((lift) => ({ handles: new Uint16Array(1024), count: 0, capacity: 1024, lift, mesh: null, segA: null, segB: null, head: null, lo: Infinity, hi: -1, clo: Infinity, chi: -1 })),
    batchOf: new Int8Array(MAX_HANDLES).fill(-1),
    indexOf: new Int32Array(MAX_HANDLES).fill(-1),
    colorKey: new Int32Array(MAX_HANDLES).fill(-1),
    segT1: new Float64Array(MAX_HANDLES).fill(NaN),
    parkedAt: new Int32Array(MAX_HANDLES).fill(-1),
    epoch: NaN,
    clock: { now: 0 },
    syncedAt: NaN,
    need: new Int32Array(lifts.length),
    tableVersion: -1,
    tableChanges: -1,
    selected: -1,
    full: true,
    table: null,
    layout: null,
    lines: null,
    heightAt: null,
  };
}

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

/**
 * Makes a freshly mounted mesh batch `bi`'s: dynamic buffers, instance colours and segments (on its model's
 * geometry: one model per batch), floored picking; forces a rebuild.
 */
export function bindBatch(D: VehicleDraw, bi: number, mesh: InstancedMesh, capacity: number, raycast: InstancedMesh['raycast']): void {
  const b = D.batches[bi]!;
  if (b.mesh === mesh) return;
  mesh.instanceMatrix.setUsage(DynamicDrawUsage);
  mesh.instanceColor = new InstancedBufferAttribute(new Float32Array(capacity * 3), 3).setUsage(DynamicDrawUsage);
  const attr = (size: number) => new InstancedBufferAttribute(new Float32Array(capacity * size), size).setUsage(DynamicDrawUsage);
  b.segA = attr(SEG_SIZE);
  b.segB = attr(SEG_SIZE);
  b.head = attr(HEAD_SIZE);
  mesh.geometry.setAttribute('gtSegA', b.segA);
  mesh.geometry.setAttribute('gtSegB', b.segB);
  mesh.geometry.setAttribute('gtHead', b.head);
  mesh.count = 0;
  mesh.raycast = raycast;
  b.mesh = mesh;
  b.capacity = capacity;
  if (b.handles.length < capacity) b.handles = new Uint16Array(capacity);
  D.full = true;
}
