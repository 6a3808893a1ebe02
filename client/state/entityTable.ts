/** Capacity of the handle space: the frame carries handles as u16. */
export const MAX_HANDLES = 65_536;
/** Entity kinds as the frame numbers them (EntityKind: truck 0, agv 1, rail 2). */
export const KIND_COUNT = 3;

/**
 * The live entity table: struct-of-arrays indexed by handle, so applying a frame and drawing allocate nothing.
 * Each entity keeps its dead-reckoning anchor as the stream sent it (grid position gx/gy at twin time ta, heading
 * and speed steps: see server/protocol/deadReckoning.ts), two drawn position samples (s0 at t0, s1 at t1, local
 * ms) that the renderer interpolates between, and a slot in its kind's dense list, which is the instance index of
 * that kind's InstancedMesh.
 */
export interface EntityTable {
  present: Uint8Array;
  kind: Uint8Array;
  state: Uint8Array;
  flags: Uint8Array;
  cargo: Uint8Array;
  /** Battery quantised to 0–255. */
  battery: Uint8Array;
  /** Speed in m/s (dequantised from sq). */
  speed: Float32Array;
  /** Anchor: grid position, twin time (epoch ms), heading step, speed step. Exact copies of the server's mirror. */
  gx: Int32Array;
  gy: Int32Array;
  ta: Float64Array;
  hq: Uint8Array;
  sq: Uint8Array;
  x0: Float32Array;
  y0: Float32Array;
  h0: Float32Array;
  t0: Float64Array;
  x1: Float32Array;
  y1: Float32Array;
  h1: Float32Array;
  t1: Float64Array;
  /** Keyframe generation that last saw the handle; the rest are removed when the keyframe ends. */
  seen: Uint32Array;
  /** Slot of the handle in its kind's list, −1 when absent. */
  slotOf: Int32Array;
  /** Per kind, the handles in slot order (dense: slots 0…count−1 are live). */
  slots: Uint16Array[];
  counts: Int32Array;
  generation: number;
  /**
   * Bumped whenever an entity comes or goes or its kind, state, flags or cargo change: what decides which model
   * draws a vehicle and in which colour. Frames that only move vehicles leave it alone.
   */
  changes: number;
}

/** A fresh, empty table. */
export function createEntityTable(): EntityTable {
  const n = MAX_HANDLES;
  const slotOf = new Int32Array(n).fill(-1);
  return {
    present: new Uint8Array(n),
    kind: new Uint8Array(n),
    state: new Uint8Array(n),
    flags: new Uint8Array(n),
    cargo: new Uint8Array(n),
    battery: new Uint8Array(n),
    speed: new Float32Array(n),
    gx: new Int32Array(n),
    gy: new Int32Array(n),
    ta: new Float64Array(n),
    hq: new Uint8Array(n),
    sq: new Uint8Array(n),
    x0: new Float32Array(n),
    y0: new Float32Array(n),
    h0: new Float32Array(n),
    t0: new Float64Array(n),
    x1: new Float32Array(n),
    y1: new Float32Array(n),
    h1: new Float32Array(n),
    t1: new Float64Array(n),
    seen: new Uint32Array(n),
    slotOf,
    slots: Array.from({ length: KIND_COUNT }, () => new Uint16Array(n)),
    counts: new Int32Array(KIND_COUNT),
    generation: 0,
    changes: 0,
  };
}

/** Number of live entities of all kinds. */
export const liveCount = (t: EntityTable): number => t.counts.reduce((a, b) => a + b, 0);

/** Puts a handle at the end of its kind's slot list. */
export function addSlot(t: EntityTable, handle: number, kind: number): void {
  const slot = t.counts[kind]!;
  t.slots[kind]![slot] = handle;
  t.slotOf[handle] = slot;
  t.counts[kind] = slot + 1;
  t.changes++;
}

/** Removes a handle from its kind's list by moving the last slot into its place (keeps the list dense). */
export function removeSlot(t: EntityTable, handle: number): void {
  const kind = t.kind[handle]!;
  const slot = t.slotOf[handle]!;
  if (slot < 0) return;
  const list = t.slots[kind]!;
  const last = t.counts[kind]! - 1;
  const moved = list[last]!;
  list[slot] = moved;
  t.slotOf[moved] = slot;
  t.slotOf[handle] = -1;
  t.counts[kind] = last;
  t.changes++;
}

/** Drops every entity (a new connection's keyframe rebuilds the table). */
export function clearTable(t: EntityTable): void {
  for (let k = 0; k < KIND_COUNT; k++) {
    const list = t.slots[k]!;
    for (let s = 0; s < t.counts[k]!; s++) {
      const h = list[s]!;
      t.present[h] = 0;
      t.slotOf[h] = -1;
    }
    t.counts[k] = 0;
  }
  t.changes++;
}
