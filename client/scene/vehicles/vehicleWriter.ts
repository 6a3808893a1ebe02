import type { EntityTable } from '../../state/entityTable';
import { poseAt, type Pose } from '../../state/interpolate';
import type { LiveState } from '../../state/liveStore';
import type { HeightFn } from '../terrain/drape';
import { layoutQueues, type QueueLayout, type QueueLine } from './queueLayout';
import { type BatchState, batchOf, type VehicleDraw } from './vehicleBatches';
import { writeVehicleColor } from './vehicleColors';

const _pose: Pose = { x: 0, y: 0, heading: 0 };
const DEG = Math.PI / 180;
/** The selected vehicle is drawn in this colour (linear RGB): white stands out from every cargo and state colour. */
const SELECTED_RGB = [1, 1, 1];

/** What an instance's colour depends on, packed (kind < 4, state, flags and cargo are bytes). */
const colorKey = (t: EntityTable, h: number): number => t.kind[h]! | (t.state[h]! << 2) | (t.flags[h]! << 10) | (t.cargo[h]! << 18);

function writeColor(D: VehicleDraw, b: BatchState, i: number, t: EntityTable, h: number): void {
  const colors = b.mesh!.instanceColor!.array as Float32Array;
  if (h === D.selected) colors.set(SELECTED_RGB, i * 3);
  else writeVehicleColor(t.kind[h]!, t.state[h]!, t.flags[h]!, t.cargo[h]!, colors, i * 3);
  if (i < b.clo) b.clo = i;
  if (i > b.chi) b.chi = i;
}

/** Gives handle `h` the next instance of batch `bi` (room checked by the caller); its pose is written by `writePoses`. */
function place(D: VehicleDraw, bi: number, t: EntityTable, h: number): void {
  const b = D.batches[bi]!;
  const i = b.count++;
  b.handles[i] = h;
  D.batchOf[h] = bi;
  D.indexOf[h] = i;
  D.colorKey[h] = colorKey(t, h);
  D.heading[h] = NaN;
  D.writtenAt[h] = -Infinity;
  D.parkedAt[h] = -1;
  // The matrix's constant entries: no scale (the size floor is applied in the vertex shader), rotation about +y.
  const m = b.mesh!.instanceMatrix.array as Float32Array;
  const o = i * 16;
  m[o + 1] = 0; m[o + 3] = 0; m[o + 4] = 0; m[o + 5] = 1; m[o + 6] = 0; m[o + 7] = 0;
  m[o + 9] = 0; m[o + 11] = 0; m[o + 15] = 1;
  writeColor(D, b, i, t, h);
}

/** Takes instance `i` out of its batch: the last instance moves into its place (matrix and colour with it). */
function swapRemove(D: VehicleDraw, b: BatchState, i: number): void {
  const h = b.handles[i]!;
  const last = --b.count;
  D.batchOf[h] = -1;
  D.indexOf[h] = -1;
  if (i === last) return;
  const moved = b.handles[last]!;
  b.handles[i] = moved;
  D.indexOf[moved] = i;
  const mesh = b.mesh!;
  (mesh.instanceMatrix.array as Float32Array).copyWithin(i * 16, last * 16, last * 16 + 16);
  (mesh.instanceColor!.array as Float32Array).copyWithin(i * 3, last * 3, last * 3 + 3);
  if (i < b.lo) b.lo = i;
  if (i > b.hi) b.hi = i;
  if (i < b.clo) b.clo = i;
  if (i > b.chi) b.chi = i;
}

/** Counts the instances each batch needs and returns the largest need of a batch that is too small (or unmounted). */
function countNeed(D: VehicleDraw, t: EntityTable): number {
  D.need.fill(0);
  for (let k = 0; k < t.counts.length; k++) {
    const list = t.slots[k]!;
    for (let s = 0, n = t.counts[k]!; s < n; s++) D.need[batchOf(k, t.cargo[list[s]!]!, t.flags[list[s]!]!)]!++;
  }
  let need = 0;
  D.batches.forEach((b, bi) => {
    if (!b.mesh || D.need[bi]! > b.capacity) need = Math.max(need, D.need[bi]!);
  });
  return need;
}

/** Places every vehicle that has no instance yet; returns a capacity to grow to if a batch ran out of room, else 0. */
function placeNew(D: VehicleDraw, t: EntityTable): number {
  let short = false;
  for (let k = 0; k < t.counts.length; k++) {
    const list = t.slots[k]!;
    for (let s = 0, n = t.counts[k]!; s < n; s++) {
      const h = list[s]!;
      if (D.batchOf[h]! >= 0) continue;
      const bi = batchOf(k, t.cargo[h]!, t.flags[h]!);
      const b = D.batches[bi]!;
      if (!b.mesh || b.count >= b.capacity) short = true;
      else place(D, bi, t, h);
    }
  }
  return short ? countNeed(D, t) : 0;
}

/**
 * Places every vehicle from scratch (after a mesh was remounted or the site changed): which model draws it, its
 * instance index and colour; its pose follows in `writePoses`. Returns a capacity to grow to, or 0.
 */
export function rebuildBatches(D: VehicleDraw, t: EntityTable, selected: number): number {
  // Not through the batches' handles: a remounted batch's handle list may be a new, empty array.
  D.batchOf.fill(-1);
  D.indexOf.fill(-1);
  for (const b of D.batches) b.count = 0;
  D.selected = selected;
  D.full = false;
  return placeNew(D, t);
}

/**
 * Brings the batches up to date with a new frame of the table, touching only what changed: vehicles gone or now
 * drawn by another model leave their batch (swap-remove), new ones are placed, changed colours and the selection
 * are rewritten. Everything else keeps its instance. Returns a capacity to grow to, or 0.
 */
export function updateBatches(D: VehicleDraw, t: EntityTable, selected: number): number {
  for (let bi = 0; bi < D.batches.length; bi++) {
    const b = D.batches[bi]!;
    // Backwards: a swap-remove moves the last instance, already visited, into the hole.
    for (let i = b.count - 1; i >= 0; i--) {
      const h = b.handles[i]!;
      if (!t.present[h] || batchOf(t.kind[h]!, t.cargo[h]!, t.flags[h]!) !== bi) {
        swapRemove(D, b, i);
        continue;
      }
      const key = colorKey(t, h);
      if (key !== D.colorKey[h]) {
        D.colorKey[h] = key;
        writeColor(D, b, i, t, h);
      }
    }
  }
  const before = D.selected;
  D.selected = selected;
  if (before !== selected) {
    recolor(D, t, before);
    recolor(D, t, selected);
  }
  return placeNew(D, t);
}

/** Rewrites the colour of handle `h`'s instance, if it has one. */
function recolor(D: VehicleDraw, t: EntityTable, h: number): void {
  if (h < 0 || D.batchOf[h]! < 0) return;
  writeColor(D, D.batches[D.batchOf[h]!]!, D.indexOf[h]!, t, h);
}

/** Writes the pose of instance `i` (handle `h`): its position always, its rotation only when the heading changed. */
function writePose(D: VehicleDraw, b: BatchState, m: Float32Array, i: number, h: number, p: Pose, heightAt: HeightFn): void {
  const o = i * 16;
  if (p.heading !== D.heading[h]) {
    // Rotation about +y by −heading turns the nose (−z) towards the heading (clockwise from north).
    const th = -p.heading * DEG;
    const c = Math.cos(th);
    const s = Math.sin(th);
    m[o] = c; m[o + 2] = -s; m[o + 8] = s; m[o + 10] = c;
    D.heading[h] = p.heading;
  }
  m[o + 12] = p.x; m[o + 13] = heightAt(p.x, p.y) + b.lift; m[o + 14] = -p.y;
  if (i < b.lo) b.lo = i;
  if (i > b.hi) b.hi = i;
}

/**
 * The per-frame work: rewrites the pose of the instances whose drawn pose can have changed since it was last
 * written (a segment still running or newly started, a parked place moved, a truck that joined or left a queue).
 * Vehicles standing at the end of their segment, and parked trucks, cost one comparison.
 */
export function writePoses(D: VehicleDraw, t: EntityTable, L: QueueLayout, heightAt: HeightFn, at: number): void {
  const version = L.version;
  const parked = L.parked;
  const parkedAt = D.parkedAt;
  const writtenAt = D.writtenAt;
  const t1 = t.t1;
  for (const b of D.batches) {
    if (!b.mesh) continue;
    const m = b.mesh.instanceMatrix.array as Float32Array;
    const handles = b.handles;
    for (let i = 0, n = b.count; i < n; i++) {
      const h = handles[i]!;
      if (parked[h]) {
        if (parkedAt[h] === version) continue;
        _pose.x = L.px[h]!;
        _pose.y = L.py[h]!;
        _pose.heading = L.heading[h]!;
        writePose(D, b, m, i, h, _pose, heightAt);
        parkedAt[h] = version;
        continue;
      }
      // A segment ends at its arrival time, later than any draw time before it: t1 > writtenAt means "not shown yet".
      if (parkedAt[h]! < 0 && !(t1[h]! > writtenAt[h]!)) continue;
      poseAt(t.x0[h]!, t.y0[h]!, t.h0[h]!, t.t0[h]!, t.x1[h]!, t.y1[h]!, t.h1[h]!, t1[h]!, at, _pose);
      writePose(D, b, m, i, h, _pose, heightAt);
      parkedAt[h] = -1;
      writtenAt[h] = at;
    }
  }
}

/** Uploads only the instance ranges written this frame, and sets each mesh's instance count. */
export function flushBatches(D: VehicleDraw): void {
  for (const b of D.batches) {
    const mesh = b.mesh;
    if (!mesh) continue;
    mesh.count = b.count;
    if (b.hi >= b.lo) {
      const a = mesh.instanceMatrix;
      a.clearUpdateRanges();
      a.addUpdateRange(b.lo * 16, (b.hi - b.lo + 1) * 16);
      a.needsUpdate = true;
    }
    if (b.chi >= b.clo) {
      const c = mesh.instanceColor!;
      c.clearUpdateRanges();
      c.addUpdateRange(b.clo * 3, (b.chi - b.clo + 1) * 3);
      c.needsUpdate = true;
    }
    b.lo = b.clo = Infinity;
    b.hi = b.chi = -1;
  }
}

/**
 * One animation frame of the vehicle layer: after a new frame of the stream or a new selection, lays out the
 * queues and updates the batches (from scratch only after a remount or a site change); then rewrites the poses
 * that can have moved and uploads what was written. Returns a capacity to grow to, or 0.
 */
export function frameVehicles(D: VehicleDraw, live: LiveState, lines: readonly QueueLine[], L: QueueLayout, heightAt: HeightFn, at: number, selected: number): number {
  let need = 0;
  const t = live.table;
  if (t !== D.table || L !== D.layout || lines !== D.lines || heightAt !== D.heightAt) {
    D.table = t;
    D.layout = L;
    D.lines = lines;
    D.heightAt = heightAt;
    D.full = true;
  }
  if (D.full || live.version !== D.tableVersion || selected !== D.selected) {
    D.tableVersion = live.version;
    layoutQueues(t, lines, L);
    // A frame that only moved vehicles leaves every model and colour as it was.
    if (D.full) need = rebuildBatches(D, t, selected);
    else if (t.changes !== D.tableChanges || selected !== D.selected) need = updateBatches(D, t, selected);
    D.tableChanges = t.changes;
    // Some vehicles have no instance yet: try again next frame (after the batch has grown).
    if (need > 0) D.tableVersion = D.tableChanges = -1;
  }
  writePoses(D, t, L, heightAt, at);
  flushBatches(D);
  return need;
}
