import { drX, drY, headingOf, speedOf, toGrid } from '../../server/protocol/deadReckoning';
import { emptyWireRecord, Field, FrameReader, type FrameHeader, type WireRecord } from '../../server/protocol/frameCodec';
import { addSlot, clearTable, KIND_COUNT, removeSlot, type EntityTable } from './entityTable';
import { poseAt, type Pose } from './interpolate';

/** A jump longer than this (metres) is drawn as a teleport, not a glide across the map. */
export const TELEPORT_M = 400;

const PLACEABLE = Field.attrs | Field.pose | Field.absolute;
const reader = new FrameReader();
const _rec: WireRecord = emptyWireRecord();
const _pose: Pose = { x: 0, y: 0, heading: 0 };
const _drawn: Pose = { x: 0, y: 0, heading: 0 };

/** Timing of one application: `now` is the local receive time, `delay` how far behind it the renderer draws. */
export interface ApplyTiming {
  now: number;
  delay: number;
}

/** Views a received binary payload (ArrayBuffer, Uint8Array or Node Buffer) as a DataView without copying. */
export function frameView(payload: ArrayBuffer | ArrayBufferView): DataView {
  return payload instanceof ArrayBuffer
    ? new DataView(payload)
    : new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
}

/**
 * Applies one frame (layout v2) to the table: a keyframe replaces the whole table (entities it does not list are
 * removed), a delta re-anchors the vehicles it lists and removes its `removed` handles. Then every vehicle is
 * dead-reckoned to the frame's twin time, exactly as the server's mirror does, and gets a new drawing segment
 * that starts where it is drawn now and ends there at `now`, so motion stays continuous whatever the timing.
 * A malformed frame throws before anything is changed. The returned header is reused by the next call.
 */
export function applyFrame(t: EntityTable, dv: DataView, timing: ApplyTiming): FrameHeader {
  const h = reader.open(dv);
  const time = h.time;
  if (h.keyframe) t.generation = (t.generation + 1) >>> 0 || 1;
  for (let i = 0; i < h.removedCount; i++) removeEntity(t, reader.removed());
  for (let i = 0; i < h.count; i++) {
    reader.next(_rec);
    if (applyRecord(t, _rec, time, timing.now) && h.keyframe) t.seen[_rec.handle] = t.generation;
  }
  if (h.keyframe) removeUnseen(t);
  advance(t, time, timing);
  return h;
}

/** Removes one entity if present. */
export function removeEntity(t: EntityTable, handle: number): void {
  if (!t.present[handle]) return;
  removeSlot(t, handle);
  t.present[handle] = 0;
}

/** Empties the table (used when the stream restarts from scratch). */
export const resetTable = clearTable;

/** Where the table's anchor puts a vehicle at twin time `time` (the same arithmetic as the server's mirror). */
export function reckon(t: EntityTable, hd: number, time: number, out: Pose): Pose {
  const dt = time - t.ta[hd]!;
  out.x = drX(t.gx[hd]!, t.hq[hd]!, t.sq[hd]!, dt);
  out.y = drY(t.gy[hd]!, t.hq[hd]!, t.sq[hd]!, dt);
  out.heading = headingOf(t.hq[hd]!);
  return out;
}

/** Applies one record; false when it names a vehicle this viewer cannot place yet (it missed its first frame). */
function applyRecord(t: EntityTable, r: WireRecord, time: number, now: number): boolean {
  const hd = r.handle;
  const m = r.mask;
  const fresh = !t.present[hd];
  if (fresh) {
    // A vehicle first seen in a frame this viewer skipped: it arrives whole with its next change or keyframe.
    if ((m & PLACEABLE) !== PLACEABLE || r.kind >= KIND_COUNT) return false;
    t.present[hd] = 1;
    t.kind[hd] = r.kind;
    addSlot(t, hd, r.kind);
  }
  if (m & Field.attrs && r.kind < KIND_COUNT) {
    if (t.kind[hd] !== r.kind) {
      removeSlot(t, hd);
      t.kind[hd] = r.kind;
      addSlot(t, hd, r.kind);
    }
    if (t.state[hd] !== r.state || t.flags[hd] !== r.flags || t.cargo[hd] !== r.cargo) t.changes++;
    t.state[hd] = r.state;
    t.flags[hd] = r.flags;
    t.cargo[hd] = r.cargo;
  }
  if (m & Field.pose) {
    if (m & Field.absolute) {
      t.gx[hd] = r.gx;
      t.gy[hd] = r.gy;
    } else {
      // A correction to where this viewer's extrapolation puts the vehicle now, on the grid.
      const dt = time - t.ta[hd]!;
      t.gx[hd] = toGrid(drX(t.gx[hd]!, t.hq[hd]!, t.sq[hd]!, dt)) + r.gx;
      t.gy[hd] = toGrid(drY(t.gy[hd]!, t.hq[hd]!, t.sq[hd]!, dt)) + r.gy;
    }
    t.ta[hd] = time - r.age;
    t.hq[hd] = r.headingQ;
    t.sq[hd] = r.speedQ;
    t.speed[hd] = speedOf(r.speedQ);
  }
  if (m & Field.battery) t.battery[hd] = r.batteryQ;
  if (fresh) {
    reckon(t, hd, time, _pose);
    setBoth(t, hd, _pose.x, _pose.y, _pose.heading, now);
  }
  return true;
}

/** Moves every vehicle's drawing target to its dead-reckoned pose at the frame's twin time. */
function advance(t: EntityTable, time: number, { now, delay }: ApplyTiming): void {
  const drawAt = now - delay;
  for (let k = 0; k < KIND_COUNT; k++) {
    const list = t.slots[k]!;
    for (let s = 0, n = t.counts[k]!; s < n; s++) moveTo(t, list[s]!, reckon(t, list[s]!, time, _pose), now, drawAt);
  }
}

function setBoth(t: EntityTable, hd: number, x: number, y: number, heading: number, now: number): void {
  t.x0[hd] = t.x1[hd] = x;
  t.y0[hd] = t.y1[hd] = y;
  t.h0[hd] = t.h1[hd] = heading;
  t.t0[hd] = t.t1[hd] = now;
}

function moveTo(t: EntityTable, hd: number, target: Pose, now: number, drawAt: number): void {
  const { x, y, heading } = target;
  // A vehicle standing still (or repeated by a keyframe): leave its running segment alone.
  if (t.x1[hd] === Math.fround(x) && t.y1[hd] === Math.fround(y) && t.h1[hd] === Math.fround(heading)) return;
  poseAt(t.x0[hd]!, t.y0[hd]!, t.h0[hd]!, t.t0[hd]!, t.x1[hd]!, t.y1[hd]!, t.h1[hd]!, t.t1[hd]!, drawAt, _drawn);
  const jx = x - _drawn.x;
  const jy = y - _drawn.y;
  if (jx * jx + jy * jy > TELEPORT_M * TELEPORT_M) {
    setBoth(t, hd, x, y, heading, now);
    return;
  }
  t.x0[hd] = _drawn.x;
  t.y0[hd] = _drawn.y;
  t.h0[hd] = _drawn.heading;
  t.t0[hd] = drawAt;
  t.x1[hd] = x;
  t.y1[hd] = y;
  t.h1[hd] = heading;
  t.t1[hd] = now;
}

function removeUnseen(t: EntityTable): void {
  for (let k = 0; k < KIND_COUNT; k++) {
    const list = t.slots[k]!;
    // Walk backwards: removal moves the last slot into the hole, which we have already visited.
    for (let s = t.counts[k]! - 1; s >= 0; s--) {
      const hd = list[s]!;
      if (t.seen[hd] !== t.generation) removeEntity(t, hd);
    }
  }
}
