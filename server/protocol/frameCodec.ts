import { CargoSchema, type Cargo } from './common';
import { quantBattery, quantHeading, quantSpeed, toGrid } from './deadReckoning';
import { AgvStateSchema, type AgvState } from './telemetry';

export { POS_QUANTUM_M, SPEED_QUANTUM_MPS } from './deadReckoning';

/**
 * Binary `frame` layout v2, little-endian: everything a third party needs to decode frames and dead-reckon.
 * Vehicles are dead-reckoned: a frame carries a vehicle only when the viewer's straight-line extrapolation would
 * drift too far (0.75 m), or its state changes.
 *   header (20 bytes): u8 magic 0x47 'G', u8 version 2, u8 flags (bit0 keyframe), u8 reserved (0),
 *                      u32 frame sequence, f64 twin time (integer epoch ms), u16 record count, u16 removed count
 *   removed: one varint per removed handle, ascending: the first handle itself, then the gap to the previous − 1
 *   records, ascending by handle: varint handle (same gap coding, restarting at the first record), u8 field mask,
 *   then the fields the mask names, in this order:
 *     attrs    (1): u8 kind (EntityKind: 0 truck, 1 AGV, 2 rail shuttle), u8 state (TRUCK_PHASES index for trucks,
 *                   AGV_STATE_CODES index otherwise), u8 flags (Flag: 1 perishable, 2 stale, 4 export),
 *                   u8 cargo (CARGO_CODES index, 255 none)
 *     pose     (2): zigzag varint gx, zigzag varint gy, u8 heading step hq, u8 speed step sq
 *     absolute (4): a flag, no bytes: gx, gy are the absolute grid position; without it they are a correction
 *     battery  (8): u8 battery, 0–255 for 0–1
 *     age     (16): varint ms: the pose's anchor time is the frame time minus age (0 when the field is absent)
 *   Varints are LEB128 (7 bits a byte, low first); zigzag maps 0, −1, 1, −2 … to 0, 1, 2, 3 ….
 * Units. Positions are metres east (x) and north (y) of the site origin (`hello` → site.origin; an equirectangular
 * frame, server/protocol/geo.ts), on a grid of POS_QUANTUM_M = 0.25 m: x = gx × 0.25. Heading: hq × 360/256
 * degrees clockwise from north. Speed: sq × SPEED_QUANTUM_MPS = 0.2 m/s.
 * Dead reckoning. A viewer keeps per vehicle an anchor (gx, gy, hq, sq, anchor time ta) and draws at twin time t
 *   x(t) = gx × 0.25 + (sq × 0.2 × E[hq]) × (t − ta) / 1000,   y(t) = gy × 0.25 + (sq × 0.2 × N[hq]) × (t − ta) / 1000
 * in exactly this order of operations, where E[i] = round(sin(2πi/256) × 16384) / 16384 and N[i] the same with cos
 * (UNIT_EAST, UNIT_NORTH in deadReckoning.ts); IEEE doubles then give every decoder the server's bits.
 * Applying a pose at frame time T: with `absolute`, the anchor becomes (gx, gy); without, it becomes
 * (round(x(T) / 0.25) + gx, round(y(T) / 0.25) + gy), x(T), y(T) from the old anchor (round half up, as Math.round).
 * Then ta = T − age, and hq, sq are replaced. A record without a pose leaves the anchor alone.
 * Frames. A keyframe carries every vehicle with every field and no removals: the viewer replaces its whole table.
 * A delta carries removals and changed records; a record for a handle the viewer does not hold is usable only with
 * attrs, pose and absolute (otherwise skip it: the next keyframe, every 5 s, heals). Sequence numbers go up by one
 * per frame made; keyframes and deltas never share one. A viewer gets a keyframe of its own as it connects, which
 * takes the next number: other viewers then see a gap of one in the sequence that is not a lost frame. Handles are
 * reused only after a keyframe that no longer lists them.
 */
export const FRAME_MAGIC = 0x47;
export const FRAME_VERSION = 2;
export const HEADER_BYTES = 20;

/** Field mask bits of a record. */
export const Field = { attrs: 1, pose: 2, absolute: 4, battery: 8, age: 16 } as const;
/** Every field: what keyframes and newly seen vehicles carry. */
export const FULL_MASK = Field.attrs | Field.pose | Field.absolute | Field.battery | Field.age;

export const EntityKind = { truck: 0, agv: 1, rail: 2 } as const;
export type EntityKindName = keyof typeof EntityKind;
export const ENTITY_KINDS: readonly EntityKindName[] = ['truck', 'agv', 'rail'];

/** Truck phases in the order a truck lives them; the frame carries the index. */
export const TRUCK_PHASES = ['approaching', 'queued', 'called', 'in-lane', 'inspected', 'crossed', 'departed'] as const;
export type TruckPhase = (typeof TRUCK_PHASES)[number];

export const CARGO_CODES: readonly Cargo[] = CargoSchema.options;
export const AGV_STATE_CODES: readonly AgvState[] = AgvStateSchema.options;

export const Flag = { perishable: 1, stale: 2, export: 4 } as const;

/** One entity as the twin keeps it for the frames (metres, degrees, m/s); quantisation happens in the codec. */
export interface EntityRecord {
  handle: number;
  kind: number;
  /** TRUCK_PHASES index for trucks, AGV_STATE_CODES index for AGVs and rail shuttles. */
  state: number;
  flags: number;
  /** CARGO_CODES index (trucks), 255 for none. */
  cargo: number;
  x: number;
  y: number;
  heading: number;
  speed: number;
  /** 0–1; 1 for vehicles without a battery. */
  battery: number;
  /** Twin time the pose (x, y, heading, speed) was measured at; the broadcaster extrapolates from it. */
  poseTime?: number;
}

/** A fresh record. */
export const emptyRecord = (): EntityRecord => ({ handle: 0, kind: 0, state: 0, flags: 0, cargo: 255, x: 0, y: 0, heading: 0, speed: 0, battery: 1 });

/** One record as the wire carries it: quantised, with the mask saying which fields are present. */
export interface WireRecord {
  handle: number;
  mask: number;
  kind: number;
  state: number;
  flags: number;
  cargo: number;
  /** Grid steps: absolute, or the correction to the extrapolation (see the layout). */
  gx: number;
  gy: number;
  headingQ: number;
  speedQ: number;
  batteryQ: number;
  age: number;
}

/** A fresh wire record to read into. */
export const emptyWireRecord = (): WireRecord => ({ handle: 0, mask: 0, kind: 0, state: 0, flags: 0, cargo: 255, gx: 0, gy: 0, headingQ: 0, speedQ: 0, batteryQ: 255, age: 0 });

export interface FrameHeader {
  keyframe: boolean;
  seq: number;
  time: number;
  count: number;
  removedCount: number;
}

/**
 * Writes one frame at a time into a buffer it reuses: `begin`, then removals and records in ascending handle
 * order, then `finish`, which returns an exact-size copy (one allocation per frame, shared by every viewer).
 */
export class FrameWriter {
  private buf = new Uint8Array(1 << 16);
  private dv = new DataView(this.buf.buffer);
  private o = HEADER_BYTES;
  private records = 0;
  private removed = 0;
  private prev = -1;
  private inRecords = false;

  begin(keyframe: boolean, seq: number, time: number): void {
    this.o = HEADER_BYTES;
    this.records = this.removed = 0;
    this.prev = -1;
    this.inRecords = false;
    this.dv.setUint8(0, FRAME_MAGIC);
    this.dv.setUint8(1, FRAME_VERSION);
    this.dv.setUint8(2, keyframe ? 1 : 0);
    this.dv.setUint8(3, 0);
    this.dv.setUint32(4, seq >>> 0, true);
    this.dv.setFloat64(8, time, true);
  }

  /** A removed handle (all removals come before the first record). */
  remove(handle: number): void {
    if (this.inRecords) throw new Error('removals come before records');
    this.handle(handle);
    this.removed++;
  }

  record(r: WireRecord): void {
    if (!this.inRecords) {
      this.inRecords = true;
      this.prev = -1;
    }
    this.room(48);
    this.handle(r.handle);
    const m = r.mask;
    this.buf[this.o++] = m;
    if (m & Field.attrs) {
      this.buf[this.o++] = r.kind;
      this.buf[this.o++] = r.state;
      this.buf[this.o++] = r.flags;
      this.buf[this.o++] = r.cargo;
    }
    if (m & Field.pose) {
      this.varint(zigzag(r.gx));
      this.varint(zigzag(r.gy));
      this.buf[this.o++] = r.headingQ;
      this.buf[this.o++] = r.speedQ;
    }
    if (m & Field.battery) this.buf[this.o++] = r.batteryQ;
    if (m & Field.age) this.varint(r.age);
    this.records++;
  }

  /** Closes the frame and returns it. */
  finish(): Uint8Array {
    if (this.records > 0xffff || this.removed > 0xffff) throw new RangeError('a frame holds at most 65,535 records and removals');
    this.dv.setUint16(16, this.records, true);
    this.dv.setUint16(18, this.removed, true);
    return this.buf.slice(0, this.o);
  }

  private handle(h: number): void {
    if (h <= this.prev || h > 0xffff) throw new RangeError(`handles go up, within 0–65535 (${h} after ${this.prev})`);
    this.room(8);
    this.varint(h - this.prev - 1);
    this.prev = h;
  }

  private varint(v: number): void {
    if (!(v >= 0 && v <= Number.MAX_SAFE_INTEGER && Number.isInteger(v))) throw new RangeError(`cannot encode ${v} as a varint`);
    while (v >= 0x80) {
      this.buf[this.o++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.o++] = v;
  }

  private room(n: number): void {
    if (this.o + n <= this.buf.length) return;
    const bigger = new Uint8Array(this.buf.length * 2);
    bigger.set(this.buf);
    this.buf = bigger;
    this.dv = new DataView(bigger.buffer);
  }
}

const zigzag = (v: number): number => (v >= 0 ? v * 2 : -v * 2 - 1);
const unzigzag = (v: number): number => (v % 2 === 0 ? v / 2 : -(v + 1) / 2);

/**
 * Reads frames without allocating: `open` checks a whole frame (so a malformed one is refused before anything is
 * applied) and returns its header; then `removed()` count times, then `next(out)` count times.
 */
export class FrameReader {
  readonly header: FrameHeader = { keyframe: false, seq: 0, time: 0, count: 0, removedCount: 0 };
  private dv: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private o = 0;
  private prev = -1;
  private inRecords = false;

  open(dv: DataView<ArrayBufferLike>): FrameHeader {
    const h = this.header;
    if (dv.byteLength < HEADER_BYTES || dv.getUint8(0) !== FRAME_MAGIC) throw new Error('not a GateTwin frame');
    if (dv.getUint8(1) !== FRAME_VERSION) throw new Error(`frame version ${dv.getUint8(1)} is not ${FRAME_VERSION}`);
    h.keyframe = (dv.getUint8(2) & 1) === 1;
    h.seq = dv.getUint32(4, true);
    h.time = dv.getFloat64(8, true);
    h.count = dv.getUint16(16, true);
    h.removedCount = dv.getUint16(18, true);
    this.dv = dv;
    if (!this.fits()) throw new Error('frame length does not match its counts');
    this.o = HEADER_BYTES;
    this.prev = -1;
    this.inRecords = false;
    return h;
  }

  /** The next removed handle. */
  removed(): number {
    return this.handle();
  }

  /** Reads the next record into `out`; fields the mask leaves out keep their values. */
  next(out: WireRecord): void {
    if (!this.inRecords) {
      this.inRecords = true;
      this.prev = -1;
    }
    const dv = this.dv;
    out.handle = this.handle();
    const m = (out.mask = dv.getUint8(this.o++));
    if (m & Field.attrs) {
      out.kind = dv.getUint8(this.o);
      out.state = dv.getUint8(this.o + 1);
      out.flags = dv.getUint8(this.o + 2);
      out.cargo = dv.getUint8(this.o + 3);
      this.o += 4;
    }
    if (m & Field.pose) {
      out.gx = unzigzag(this.varint());
      out.gy = unzigzag(this.varint());
      out.headingQ = dv.getUint8(this.o++);
      out.speedQ = dv.getUint8(this.o++);
    }
    if (m & Field.battery) out.batteryQ = dv.getUint8(this.o++);
    out.age = m & Field.age ? this.varint() : 0;
  }

  private handle(): number {
    const h = this.prev + 1 + this.varint();
    this.prev = h;
    return h;
  }

  private varint(): number {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = this.dv.getUint8(this.o++);
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 128;
      if (scale > 2 ** 49) throw new Error('varint too long');
    }
  }

  /** Walks the frame's structure once: it must end exactly at the buffer's end, handles within u16. */
  private fits(): boolean {
    const h = this.header;
    const end = this.dv.byteLength;
    this.o = HEADER_BYTES;
    try {
      this.prev = -1;
      for (let i = 0; i < h.removedCount; i++) if (this.handle() > 0xffff) return false;
      this.prev = -1;
      for (let i = 0; i < h.count; i++) {
        if (this.handle() > 0xffff) return false;
        const m = this.dv.getUint8(this.o++);
        if (m & ~FULL_MASK) return false;
        if (m & Field.attrs) this.o += 4;
        if (m & Field.pose) {
          this.varint();
          this.varint();
          this.o += 2;
        }
        if (m & Field.battery) this.o += 1;
        if (m & Field.age) this.varint();
        if (this.o > end) return false;
      }
    } catch {
      return false;
    }
    return this.o === end;
  }
}

/** Reads and checks a frame's header (and structure); throws on a buffer that is not a frame of this version. */
export function readHeader(dv: DataView): FrameHeader {
  return { ...new FrameReader().open(dv) };
}

/** Everything in a frame as plain objects: for tests, tools and debugging (allocates; the browser uses FrameReader). */
export function decodeFrame(dv: DataView): { header: FrameHeader; removed: number[]; records: WireRecord[] } {
  const reader = new FrameReader();
  const header = { ...reader.open(dv) };
  const removed = Array.from({ length: header.removedCount }, () => reader.removed());
  const records = Array.from({ length: header.count }, () => {
    const r = emptyWireRecord();
    reader.next(r);
    return r;
  });
  return { header, removed, records };
}

/** The wire form of a record with every field and an absolute position (keyframes, vehicles new to the stream). */
export function fullWireRecord(r: EntityRecord, age = 0, out: WireRecord = emptyWireRecord()): WireRecord {
  out.handle = r.handle;
  out.mask = FULL_MASK;
  out.kind = r.kind;
  out.state = r.state;
  out.flags = r.flags;
  out.cargo = r.cargo;
  out.gx = toGrid(r.x);
  out.gy = toGrid(r.y);
  out.headingQ = quantHeading(r.heading);
  out.speedQ = quantSpeed(r.speed);
  out.batteryQ = quantBattery(r.battery);
  out.age = age;
  return out;
}

/**
 * Encodes a whole frame of full, absolute records (sorted by handle here): tests, tools and the first frame a
 * viewer gets in replay. The live stream comes from the broadcaster's dead-reckoning encoder.
 */
export function encodeFrame(header: { keyframe: boolean; seq: number; time: number }, records: readonly EntityRecord[], removed: readonly number[]): Uint8Array {
  const w = new FrameWriter();
  w.begin(header.keyframe, header.seq, header.time);
  for (const h of [...removed].sort((a, b) => a - b)) w.remove(h);
  const wire = emptyWireRecord();
  for (const r of [...records].sort((a, b) => a.handle - b.handle)) w.record(fullWireRecord(r, 0, wire));
  return w.finish();
}
