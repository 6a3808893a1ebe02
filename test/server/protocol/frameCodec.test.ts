import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeFrame, emptyRecord, encodeFrame, Field, FRAME_VERSION, FrameReader, FrameWriter, FULL_MASK, HEADER_BYTES, POS_QUANTUM_M, SPEED_QUANTUM_MPS,
  type EntityRecord, type WireRecord,
} from '../../../server/protocol';
import { HEADING_STEPS, UNIT_EAST, UNIT_NORTH } from '../../../server/protocol/deadReckoning';

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

const recordArb = fc.record({
  handle: fc.integer({ min: 0, max: 0xffff }),
  kind: fc.integer({ min: 0, max: 2 }),
  state: fc.integer({ min: 0, max: 6 }),
  flags: fc.integer({ min: 0, max: 7 }),
  cargo: fc.integer({ min: 0, max: 255 }),
  x: fc.double({ min: -16_000, max: 16_000, noNaN: true }),
  y: fc.double({ min: -16_000, max: 16_000, noNaN: true }),
  heading: fc.double({ min: 0, max: 359.9, noNaN: true }),
  speed: fc.double({ min: 0, max: 50, noNaN: true }),
  battery: fc.double({ min: 0, max: 1, noNaN: true }),
});

/** Wire records with any mask (deltas) over unique handles, in ascending order as the writer wants them. */
const wireArb = fc
  .uniqueArray(
    fc.record({
      handle: fc.integer({ min: 0, max: 0xffff }),
      mask: fc.integer({ min: 0, max: FULL_MASK }),
      kind: fc.integer({ min: 0, max: 255 }),
      state: fc.integer({ min: 0, max: 255 }),
      flags: fc.integer({ min: 0, max: 255 }),
      cargo: fc.integer({ min: 0, max: 255 }),
      gx: fc.oneof(fc.integer({ min: -64, max: 64 }), fc.integer({ min: -2_000_000, max: 2_000_000 })),
      gy: fc.oneof(fc.integer({ min: -64, max: 64 }), fc.integer({ min: -2_000_000, max: 2_000_000 })),
      headingQ: fc.integer({ min: 0, max: 255 }),
      speedQ: fc.integer({ min: 0, max: 255 }),
      batteryQ: fc.integer({ min: 0, max: 255 }),
      age: fc.oneof(fc.nat(1_000), fc.nat(100_000_000)),
    }),
    { selector: (r) => r.handle, maxLength: 300 },
  )
  .map((rs) => rs.sort((a, b) => a.handle - b.handle));

const angleDiff = (a: number, b: number) => Math.abs(((a - b + 540) % 360) - 180);

describe('frame codec v2', () => {
  it('round-trips any delta exactly: every field its mask names (property)', () => {
    fc.assert(
      fc.property(wireArb, fc.uniqueArray(fc.integer({ min: 0, max: 0xffff }), { maxLength: 60 }), fc.boolean(), fc.nat(), (records, removed, keyframe, seq) => {
        const w = new FrameWriter();
        w.begin(keyframe, seq, 1.78e12 + 100);
        const rm = [...removed].sort((a, b) => a - b);
        for (const h of rm) w.remove(h);
        for (const r of records) w.record(r);
        const out = decodeFrame(view(w.finish()));
        expect(out.header).toEqual({ keyframe, seq: seq >>> 0, time: 1.78e12 + 100, count: records.length, removedCount: rm.length });
        expect(out.removed).toEqual(rm);
        records.forEach((r, i) => {
          const d = out.records[i]!;
          expect([d.handle, d.mask]).toEqual([r.handle, r.mask]);
          if (r.mask & Field.attrs) expect([d.kind, d.state, d.flags, d.cargo]).toEqual([r.kind, r.state, r.flags, r.cargo]);
          if (r.mask & Field.pose) expect([d.gx, d.gy, d.headingQ, d.speedQ]).toEqual([r.gx, r.gy, r.headingQ, r.speedQ]);
          if (r.mask & Field.battery) expect(d.batteryQ).toBe(r.batteryQ);
          expect(d.age).toBe(r.mask & Field.age ? r.age : 0);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips full records within quantisation (keyframes; property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(recordArb, { selector: (r) => r.handle, maxLength: 200 }), (records) => {
        const out = decodeFrame(view(encodeFrame({ keyframe: true, seq: 7, time: 1.78e12 }, records, [])));
        const sorted = [...records].sort((a, b) => a.handle - b.handle);
        sorted.forEach((r, i) => {
          const d = out.records[i]!;
          expect(d.mask).toBe(FULL_MASK);
          expect([d.handle, d.kind, d.state, d.flags, d.cargo]).toEqual([r.handle, r.kind, r.state, r.flags, r.cargo]);
          expect(Math.abs(d.gx * POS_QUANTUM_M - r.x)).toBeLessThanOrEqual(POS_QUANTUM_M / 2 + 1e-9);
          expect(Math.abs(d.gy * POS_QUANTUM_M - r.y)).toBeLessThanOrEqual(POS_QUANTUM_M / 2 + 1e-9);
          expect(angleDiff(d.headingQ * (360 / 256), r.heading)).toBeLessThanOrEqual(360 / 256 / 2 + 1e-9);
          expect(Math.abs(d.speedQ * SPEED_QUANTUM_MPS - Math.min(r.speed, 255 * SPEED_QUANTUM_MPS))).toBeLessThanOrEqual(SPEED_QUANTUM_MPS / 2 + 1e-9);
          expect(Math.abs(d.batteryQ / 255 - r.battery)).toBeLessThanOrEqual(1 / 255 / 2 + 1e-9);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('spends a byte or two on the handle and mask, and little on a typical moving vehicle', () => {
    const w = new FrameWriter();
    w.begin(false, 1, 0);
    const r: WireRecord = { handle: 10, mask: Field.pose, kind: 0, state: 0, flags: 0, cargo: 0, gx: 3, gy: -4, headingQ: 64, speedQ: 50, batteryQ: 0, age: 0 };
    w.record(r);
    w.record({ ...r, handle: 11 });
    // handle, mask, x, y, heading, speed: 6 bytes each.
    expect(w.finish().byteLength).toBe(HEADER_BYTES + 12);
    expect(encodeFrame({ keyframe: true, seq: 0, time: 0 }, Array.from({ length: 100 }, (_, handle) => ({ ...emptyRecord(), handle })), []).byteLength).toBeLessThanOrEqual(HEADER_BYTES + 100 * 12);
  });

  it('refuses handles out of order', () => {
    const w = new FrameWriter();
    w.begin(false, 1, 0);
    const r: WireRecord = { handle: 5, mask: 0, kind: 0, state: 0, flags: 0, cargo: 0, gx: 0, gy: 0, headingQ: 0, speedQ: 0, batteryQ: 0, age: 0 };
    w.record(r);
    expect(() => w.record(r)).toThrow(/handles go up/);
  });

  it.each<[string, (b: Uint8Array) => Uint8Array, RegExp]>([
    ['a wrong magic byte', (b) => ((b[0] = 0), b), /not a GateTwin frame/],
    ['another version', (b) => ((b[1] = 99), b), /version 99/],
    ['a truncated buffer', (b) => b.slice(0, b.length - 3), /length does not match/],
    ['trailing bytes', (b) => Uint8Array.from([...b, 0]), /length does not match/],
    ['an unknown field bit', (b) => ((b[HEADER_BYTES + 1] = 0x40), b), /length does not match/],
    ['an empty buffer', () => new Uint8Array(0), /not a GateTwin frame/],
  ])('refuses %s', (_name, mangle, pattern) => {
    const buf = mangle(encodeFrame({ keyframe: true, seq: 1, time: 0 }, [emptyRecord(), { ...emptyRecord(), handle: 1 }], []));
    expect(() => new FrameReader().open(view(buf))).toThrow(pattern);
  });

  it('a frame the reader accepts can always be read to its end; any other is refused with an Error (property)', () => {
    const base = encodeFrame({ keyframe: false, seq: 3, time: 1e12 }, Array.from({ length: 20 }, (_, i): EntityRecord => ({ ...emptyRecord(), handle: i * 3, x: i * 100 })), [1, 4]);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(base.length), (edits, cut) => {
        const b = base.slice(0, Math.max(HEADER_BYTES, cut));
        b[1] = FRAME_VERSION;
        for (const [i, v] of edits) if (i !== 0 && i !== 1 && i < b.length) b[i] = v;
        const r = new FrameReader();
        let h;
        try {
          h = r.open(view(b));
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
          return;
        }
        const out = { ...decodeFrame(view(b)).records[0] };
        for (let i = 0; i < h.removedCount; i++) r.removed();
        for (let i = 0; i < h.count; i++) r.next(out as WireRecord);
      }),
      { numRuns: 500 },
    );
  });
});

describe('dead-reckoning tables', () => {
  it('are exact multiples of 1/16384, far from rounding ties, so every JS engine builds the same ones', () => {
    for (let i = 0; i < HEADING_STEPS; i++) {
      for (const [table, f] of [[UNIT_EAST, Math.sin], [UNIT_NORTH, Math.cos]] as const) {
        const raw = f((i * 2 * Math.PI) / HEADING_STEPS) * 16_384;
        expect(Math.abs(raw - Math.floor(raw) - 0.5)).toBeGreaterThan(1e-3);
        expect(Number.isInteger(table[i]! * 16_384)).toBe(true);
      }
    }
  });
});
