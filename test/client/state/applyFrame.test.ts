import { describe, expect, it } from 'vitest';
import { emptyRecord, encodeFrame, EntityKind, Field, FrameWriter, type EntityRecord, type WireRecord } from '../../../server/protocol/frameCodec';
import { applyFrame, frameView, reckon, TELEPORT_M } from '../../../client/state/applyFrame';
import { createEntityTable, liveCount, type EntityTable } from '../../../client/state/entityTable';
import { createLiveStore, receiveFrame } from '../../../client/state/liveStore';
import { poseAt } from '../../../client/state/interpolate';

const T0 = 1_760_000_000_000;
const buildRecord = (p: Partial<EntityRecord>): EntityRecord => ({ ...emptyRecord(), ...p });
const frame = (keyframe: boolean, seq: number, records: EntityRecord[], removed: number[] = []) =>
  frameView(encodeFrame({ keyframe, seq, time: T0 + seq * 100 }, records, removed));
const handlesOf = (t: EntityTable, kind: number) => Array.from(t.slots[kind]!.subarray(0, t.counts[kind]!)).sort((a, b) => a - b);
const at = (t: EntityTable, h: number, time: number) => poseAt(t.x0[h]!, t.y0[h]!, t.h0[h]!, t.t0[h]!, t.x1[h]!, t.y1[h]!, t.h1[h]!, t.t1[h]!, time, { x: 0, y: 0, heading: 0 });

describe('applyFrame', () => {
  it('a keyframe fills the table and sorts entities into per-kind slots', () => {
    const t = createEntityTable();
    applyFrame(t, frame(true, 1, [buildRecord({ handle: 3, x: 10, y: 20 }), buildRecord({ handle: 7, kind: EntityKind.agv, state: 2 }), buildRecord({ handle: 9 })]), { now: 0, delay: 100 });
    expect(handlesOf(t, EntityKind.truck)).toEqual([3, 9]);
    expect(handlesOf(t, EntityKind.agv)).toEqual([7]);
    expect(t.state[7]).toBe(2);
    expect(t.x1[3]).toBe(10);
    expect(t.y1[3]).toBe(20);
  });

  it('a keyframe replaces the whole table: entities it does not list are removed', () => {
    const t = createEntityTable();
    applyFrame(t, frame(true, 1, [buildRecord({ handle: 1 }), buildRecord({ handle: 2 }), buildRecord({ handle: 3, kind: EntityKind.agv })]), { now: 0, delay: 100 });
    applyFrame(t, frame(true, 2, [buildRecord({ handle: 2 }), buildRecord({ handle: 4 })]), { now: 100, delay: 100 });
    expect(handlesOf(t, EntityKind.truck)).toEqual([2, 4]);
    expect(t.counts[EntityKind.agv]).toBe(0);
    expect(t.present[1]).toBe(0);
    expect(t.present[3]).toBe(0);
    expect(t.slotOf[1]).toBe(-1);
  });

  it('a delta updates listed records, keeps the others, and removes `removed` handles', () => {
    const t = createEntityTable();
    applyFrame(t, frame(true, 1, [buildRecord({ handle: 1, x: 0 }), buildRecord({ handle: 2, x: 50 }), buildRecord({ handle: 3, x: 90 })]), { now: 0, delay: 100 });
    applyFrame(t, frame(false, 2, [buildRecord({ handle: 1, x: 12, cargo: 3, flags: 1 })], [3]), { now: 100, delay: 100 });
    expect(handlesOf(t, EntityKind.truck)).toEqual([1, 2]);
    expect(t.x1[1]).toBe(12);
    expect(t.cargo[1]).toBe(3);
    expect(t.flags[1]).toBe(1);
    expect(t.x1[2]).toBe(50);
    expect(t.present[3]).toBe(0);
  });

  it('removal keeps slot lists dense and slotOf consistent', () => {
    const t = createEntityTable();
    applyFrame(t, frame(true, 1, [1, 2, 3, 4, 5].map((handle) => buildRecord({ handle }))), { now: 0, delay: 100 });
    applyFrame(t, frame(false, 2, [], [2, 5, 99]), { now: 100, delay: 100 });
    expect(liveCount(t)).toBe(3);
    for (let s = 0; s < t.counts[0]!; s++) expect(t.slotOf[t.slots[0]![s]!]).toBe(s);
  });

  it('a vehicle that changes kind moves to the other slot list', () => {
    const t = createEntityTable();
    applyFrame(t, frame(true, 1, [buildRecord({ handle: 5 })]), { now: 0, delay: 100 });
    applyFrame(t, frame(false, 2, [buildRecord({ handle: 5, kind: EntityKind.rail })]), { now: 100, delay: 100 });
    expect(t.counts[EntityKind.truck]).toBe(0);
    expect(handlesOf(t, EntityKind.rail)).toEqual([5]);
  });

  it('a moving entity glides from where it is drawn to the new position over one delay', () => {
    const t = createEntityTable();
    applyFrame(t, frame(true, 1, [buildRecord({ handle: 1, x: 0, heading: 90 })]), { now: 0, delay: 100 });
    applyFrame(t, frame(false, 2, [buildRecord({ handle: 1, x: 10, heading: 90 })]), { now: 1000, delay: 100 });
    expect(at(t, 1, 900).x).toBe(0);
    expect(at(t, 1, 950).x).toBeCloseTo(5);
    expect(at(t, 1, 1000).x).toBe(10);
    // A new frame mid-glide starts from the drawn point, not the old target: no jump.
    const drawn = at(t, 1, 1050 - 100).x;
    applyFrame(t, frame(false, 3, [buildRecord({ handle: 1, x: 20, heading: 90 })]), { now: 1050, delay: 100 });
    expect(at(t, 1, 950).x).toBeCloseTo(drawn);
  });

  it('a keyframe that repeats an entity does not restart its glide', () => {
    const t = createEntityTable();
    applyFrame(t, frame(true, 1, [buildRecord({ handle: 1, x: 0 })]), { now: 0, delay: 100 });
    applyFrame(t, frame(false, 2, [buildRecord({ handle: 1, x: 10 })]), { now: 1000, delay: 100 });
    applyFrame(t, frame(true, 3, [buildRecord({ handle: 1, x: 10 })]), { now: 1020, delay: 100 });
    expect(at(t, 1, 950).x).toBeCloseTo(5);
  });

  it('a jump longer than TELEPORT_M snaps instead of sliding across the map', () => {
    const t = createEntityTable();
    applyFrame(t, frame(true, 1, [buildRecord({ handle: 1, x: 0 })]), { now: 0, delay: 100 });
    applyFrame(t, frame(false, 2, [buildRecord({ handle: 1, x: TELEPORT_M + 100 })]), { now: 1000, delay: 100 });
    expect(at(t, 1, 900).x).toBe(TELEPORT_M + 100);
  });
});

describe('applyFrame: dead reckoning (layout v2)', () => {
  const wire = (p: Partial<WireRecord>): WireRecord => ({ handle: 1, mask: 0, kind: 0, state: 0, flags: 0, cargo: 255, gx: 0, gy: 0, headingQ: 0, speedQ: 0, batteryQ: 255, age: 0, ...p });
  const framed = (keyframe: boolean, seq: number, time: number, records: WireRecord[]) => {
    const w = new FrameWriter();
    w.begin(keyframe, seq, time);
    for (const r of records) w.record(r);
    return frameView(w.finish());
  };

  it('carries a moving vehicle on along its heading at its speed between the frames that mention it', () => {
    const t = createEntityTable();
    // 10 m/s due east (heading step 64 = 90°), anchored at the keyframe's time (T0 + 100); a second later:
    applyFrame(t, frame(true, 1, [buildRecord({ handle: 1, x: 100, y: 50, heading: 90, speed: 10 })]), { now: 0, delay: 100 });
    applyFrame(t, framed(false, 2, T0 + 100 + 1_000, []), { now: 1_000, delay: 100 });
    expect(t.x1[1]).toBeCloseTo(110, 5);
    expect(t.y1[1]).toBeCloseTo(50, 5);
    expect(t.speed[1]).toBeCloseTo(10, 5);
    // The drawn path glides from the previous target to the new one: no jump.
    expect(at(t, 1, 900).x).toBeCloseTo(100, 5);
    expect(at(t, 1, 950).x).toBeCloseTo(105, 5);
  });

  it('a keyframe’s age sets the anchor time; a correction adds to the viewer’s own extrapolation on the grid', () => {
    const t = createEntityTable();
    applyFrame(t, framed(true, 1, T0, [wire({ mask: Field.attrs | Field.pose | Field.absolute | Field.battery | Field.age, gx: 400, gy: 0, headingQ: 64, speedQ: 25, age: 400 })]), { now: 0, delay: 100 });
    // 5 m/s east for 400 ms: 2 m past the anchor at 100 m.
    expect(reckon(t, 1, T0, { x: 0, y: 0, heading: 0 }).x).toBeCloseTo(102, 9);
    expect(t.ta[1]).toBe(T0 - 400);
    // At T0 + 1000 the viewer believes 107 m (grid 428); the server says 3 steps further, now heading north, stopped.
    applyFrame(t, framed(false, 2, T0 + 1_000, [wire({ mask: Field.pose, gx: 3, gy: -2, headingQ: 0, speedQ: 0 })]), { now: 1_000, delay: 100 });
    expect([t.gx[1], t.gy[1], t.ta[1], t.hq[1], t.sq[1]]).toEqual([431, -2, T0 + 1_000, 0, 0]);
    expect(reckon(t, 1, T0 + 5_000, { x: 0, y: 0, heading: 0 })).toEqual({ x: 107.75, y: -0.5, heading: 0 });
  });

  it('ignores a change for a vehicle it never saw whole (a skipped frame), until its full record or a keyframe', () => {
    const t = createEntityTable();
    applyFrame(t, framed(false, 5, T0, [wire({ handle: 9, mask: Field.pose, gx: 4 }), wire({ handle: 12, mask: Field.battery, batteryQ: 3 })]), { now: 0, delay: 100 });
    expect(liveCount(t)).toBe(0);
    applyFrame(t, framed(false, 6, T0 + 100, [wire({ handle: 9, mask: Field.attrs | Field.pose | Field.absolute, kind: EntityKind.agv, gx: 4 })]), { now: 100, delay: 100 });
    expect(handlesOf(t, EntityKind.agv)).toEqual([9]);
    expect(t.x1[9]).toBe(1);
  });
});

describe('liveStore.receiveFrame', () => {
  it('tracks sequence, twin time, skipped frames, and accepts ArrayBuffer and Uint8Array payloads', () => {
    const store = createLiveStore();
    const a = encodeFrame({ keyframe: true, seq: 10, time: T0 }, [buildRecord({ handle: 1 })], []);
    const b = encodeFrame({ keyframe: false, seq: 13, time: T0 + 300 }, [buildRecord({ handle: 2 })], []);
    receiveFrame(store, a.buffer.slice(0) as ArrayBuffer, 5);
    receiveFrame(store, b, 6);
    const s = store.getState();
    expect(s.seq).toBe(13);
    expect(s.twinTime).toBe(T0 + 300);
    expect(s.skipped).toBe(2);
    expect(s.frames).toBe(2);
    expect(liveCount(s.table)).toBe(2);
  });

  it('a frame inside a larger buffer (Node Buffer pool) is read at its offset', () => {
    const store = createLiveStore();
    const f = encodeFrame({ keyframe: true, seq: 1, time: T0 }, [buildRecord({ handle: 42, x: 8 })], []);
    const big = new Uint8Array(f.length + 16);
    big.set(f, 16);
    receiveFrame(store, big.subarray(16), 1);
    expect(store.getState().table.x1[42]).toBe(8);
  });

  it('a malformed frame is counted and leaves the table alone', () => {
    const store = createLiveStore();
    receiveFrame(store, new Uint8Array([1, 2, 3]), 1);
    expect(store.getState().bad).toBe(1);
    expect(store.getState().frames).toBe(0);
  });
});
