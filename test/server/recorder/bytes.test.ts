import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter, joinColumns, splitColumns } from '../../../server/recorder/bytes';

describe('ByteWriter / ByteReader', () => {
  it.each([0, 1, 127, 128, 16_383, 16_384, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 5, 1_780_000_000_000, Number.MAX_SAFE_INTEGER])('round-trips the unsigned %d', (v) => {
    const w = new ByteWriter(1);
    w.uint(v);
    expect(new ByteReader(w.finish()).uint()).toBe(v);
  });

  it.each([0, 1, -1, 63, -64, 64, -65, 2 ** 40, -(2 ** 40), 1_780_000_000_000, -1_780_000_000_000])('round-trips the signed %d in a short varint when small', (v) => {
    const w = new ByteWriter(1);
    w.int(v);
    if (Math.abs(v) < 64) expect(w.length).toBe(1);
    expect(new ByteReader(w.finish()).int()).toBe(v);
  });

  it.each<[number, number, number]>([
    [5, 3, 1],
    [3, 5, 1],
    [1_780_000_000_123, 1_780_000_000_000, 2],
    [1_780_000_005_000, 1_780_000_000_000, 1],
    [1_780_000_060_000, 1_780_000_000_000, 2],
    [1_780_000_000_000, 1_780_003_600_000, 3],
    [2 ** 49, 0, 8],
    [0.25, 0, 9],
    [1e300, 0, 9],
    [-0.5, 12, 9],
    [12, 0.5, 9],
    [NaN, 0, 9],
    [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 9],
  ])('writes %d relative to %d exactly, in %d bytes', (v, prev, bytes) => {
    const w = new ByteWriter(1);
    w.exact(v, prev);
    expect(w.length).toBe(bytes);
    expect(new ByteReader(w.finish()).exact(prev)).toBe(v);
  });

  it('round-trips strings, floats and columns, and refuses to read past the end', () => {
    const a = new ByteWriter();
    a.str('Lạng Sơn – 凭祥');
    a.f64(Math.PI);
    const b = new ByteWriter();
    b.uint(300);
    const [ra, rb] = splitColumns(joinColumns([a, b]), 2);
    expect(ra!.str()).toBe('Lạng Sơn – 凭祥');
    expect(ra!.f64()).toBe(Math.PI);
    expect(rb!.uint()).toBe(300);
    expect(() => rb!.byte()).toThrow(/ends early/);
  });
});
