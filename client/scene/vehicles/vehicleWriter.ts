import type { EntityTable } from '../../state/entityTable';
import type { LiveState } from '../../state/liveStore';
import type { HeightFn } from '../terrain/drape';
import { layoutQueues, type QueueLayout, type QueueLine } from './queueLayout';
import { type BatchState, batchOf, type VehicleDraw } from './vehicleBatches';
import { writeVehicleColor } from './vehicleColors';
import { EPOCH_SPAN_MS, HEAD_SIZE, SEG_SIZE, segmentMatrix } from './vehiclePose';
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

/** Gives handle `h` the next instance of batch `bi` (room checked by the caller); its segment is written by `writeSegments`. */
function place(D: VehicleDraw, bi: number, t: EntityTable, h: number): void {
  const b = D.batches[bi]!;
  const i = b.count++;
  b.handles[i] = h;
  D.batchOf[h] = bi;
  D.indexOf[h] = i;
  D.colorKey[h] = colorKey(t, h);
  D.segT1[h] = NaN;
  D.parkedAt[h] = -1;
  writeColor(D, b, i, t, h);
}

/** Takes instance `i` out of its batch: the last instance moves into its place (segment and colour with it). */
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
  for (const [a, n] of [[b.segA!.array, SEG_SIZE], [b.segB!.array, SEG_SIZE], [b.head!.array, HEAD_SIZE], [mesh.instanceMatrix.array, 16]] as const) {
    (a as Float32Array).copyWithin(i * n, last * n, last * n + n);
  }
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

/**
 * Writes the segment of every instance whose drawn motion changed since it was last written: a new segment from
 * the stream (its end moved), a parked place moved, a truck that joined or left a queue. Heights are the ground's
 * at both ends: a segment spans one stream interval (a metre or two at road speed), so the shader's straight line
 * between them stays on the ground.
 * Vehicles standing at the end of their segment, and parked trucks, cost one comparison.
 */
export function writeSegments(D: VehicleDraw, t: EntityTable, L: QueueLayout, heightAt: HeightFn): void {
  const version = L.version;
  const parked = L.parked;
  const parkedAt = D.parkedAt;
  const segT1 = D.segT1;
  const epoch = D.epoch;
  const t1 = t.t1;
  for (const b of D.batches) {
    if (!b.mesh) continue;
    const A = b.segA!.array as Float32Array;
    const B = b.segB!.array as Float32Array;
    const H = b.head!.array as Float32Array;
    const handles = b.handles;
    const lift = b.lift;
    for (let i = 0, n = b.count; i < n; i++) {
      const h = handles[i]!;
      const o = i * SEG_SIZE;
      if (parked[h]) {
        if (parkedAt[h] === version) continue;
        const x = L.px[h]!;
        const y = L.py[h]!;
        A[o] = B[o] = x;
        A[o + 1] = B[o + 1] = heightAt(x, y) + lift;
        A[o + 2] = B[o + 2] = -y;
        // A zero-length segment: the shader draws its end.
        A[o + 3] = B[o + 3] = 0;
        H[i * HEAD_SIZE] = H[i * HEAD_SIZE + 1] = L.heading[h]!;
        parkedAt[h] = version;
        segT1[h] = NaN;
      } else {
        const x1 = t.x1[h]!;
        const y1 = t.y1[h]!;
        // Two stream frames applied within one timer tick share an end time: the end itself tells them apart.
        if (parkedAt[h]! < 0 && segT1[h] === t1[h] && B[o] === x1 && B[o + 2] === -y1 && H[i * HEAD_SIZE + 1] === t.h1[h]) continue;
        const x0 = t.x0[h]!;
        const y0 = t.y0[h]!;
        A[o] = x0;
        A[o + 1] = heightAt(x0, y0) + lift;
        A[o + 2] = -y0;
        A[o + 3] = t.t0[h]! - epoch;
        B[o] = x1;
        B[o + 1] = heightAt(x1, y1) + lift;
        B[o + 2] = -y1;
        B[o + 3] = t1[h]! - epoch;
        H[i * HEAD_SIZE] = t.h0[h]!;
        H[i * HEAD_SIZE + 1] = t.h1[h]!;
        parkedAt[h] = -1;
        segT1[h] = t1[h]!;
      }
      if (i < b.lo) b.lo = i;
      if (i > b.hi) b.hi = i;
    }
  }
  D.syncedAt = NaN;
}

/**
 * Computes the CPU copies of the instance matrices as the vertex shader draws them at the last frame's time:
 * for picking and the debug hook, which read matrices; the frame itself never needs them. Returns `D`.
 */
export function syncMatrices(D: VehicleDraw): VehicleDraw {
  const now = D.clock.now;
  if (D.syncedAt === now) return D;
  D.syncedAt = now;
  for (const b of D.batches) {
    if (!b.mesh) continue;
    const m = b.mesh.instanceMatrix.array as Float32Array;
    const A = b.segA!.array;
    const B = b.segB!.array;
    const H = b.head!.array;
    for (let i = 0; i < b.count; i++) segmentMatrix(A, B, H, i, now, m, i * 16);
  }
  return D;
}

/** Uploads only the instance ranges written since the last frame, and sets each mesh's instance count. */
export function flushBatches(D: VehicleDraw): void {
  for (const b of D.batches) {
    const mesh = b.mesh;
    if (!mesh) continue;
    mesh.count = b.count;
    if (b.hi >= b.lo) {
      for (const [a, n] of [[b.segA!, SEG_SIZE], [b.segB!, SEG_SIZE], [b.head!, HEAD_SIZE]] as const) {
        a.clearUpdateRanges();
        a.addUpdateRange(b.lo * n, (b.hi - b.lo + 1) * n);
        a.needsUpdate = true;
      }
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
 * Applies the stream to the vehicle layer: after a new frame of the stream or a new selection, lays out the
 * queues, updates the batches (from scratch only after a remount or a site change) and writes the segments that
 * changed. Cheap to call again: nothing is done until the table, the layout or the selection changes. Called
 * when a stream frame arrives, and by `frameVehicles` for whatever came since. Returns a capacity to grow to, or 0.
 */
export function updateVehicles(D: VehicleDraw, live: LiveState, lines: readonly QueueLine[], L: QueueLayout, heightAt: HeightFn, selected: number): number {
  let need = 0;
  const t = live.table;
  if (t !== D.table || L !== D.layout || lines !== D.lines || heightAt !== D.heightAt) {
    D.table = t;
    D.layout = L;
    D.lines = lines;
    D.heightAt = heightAt;
    D.full = true;
  }
  if (!(D.full || live.version !== D.tableVersion || selected !== D.selected)) return 0;
  D.tableVersion = live.version;
  // Float32 segment times stay fine-grained near the epoch: move it on now and then, and write every segment anew.
  const now = live.receivedAt;
  if (!(Math.abs(now - D.epoch) < EPOCH_SPAN_MS)) {
    D.epoch = now;
    D.segT1.fill(NaN);
    D.parkedAt.fill(-1);
  }
  layoutQueues(t, lines, L);
  // A frame that only moved vehicles leaves every model and colour as it was.
  if (D.full) need = rebuildBatches(D, t, selected);
  else if (t.changes !== D.tableChanges || selected !== D.selected) need = updateBatches(D, t, selected);
  D.tableChanges = t.changes;
  // Some vehicles have no instance yet: try again next frame (after the batch has grown).
  if (need > 0) D.tableVersion = D.tableChanges = -1;
  writeSegments(D, t, L, heightAt);
  return need;
}

/**
 * One animation frame of the vehicle layer: applies what the stream brought since the last call, uploads what
 * was written, and sets the shader's clock to draw time `at` (local ms). No per-vehicle work when the stream has
 * been applied already: the vertex shader moves the vehicles. Returns a capacity to grow to, or 0.
 */
export function frameVehicles(D: VehicleDraw, live: LiveState, lines: readonly QueueLine[], L: QueueLayout, heightAt: HeightFn, at: number, selected: number): number {
  const need = updateVehicles(D, live, lines, L, heightAt, selected);
  flushBatches(D);
  D.clock.now = at - D.epoch;
  return need;
}
