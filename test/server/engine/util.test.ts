import { describe, expect, it } from 'vitest';
import { summary } from '../../../server/engine/util';

// Reference: nearest-rank p95 on a sorted copy.
function reference(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, p95: s[Math.ceil(0.95 * s.length) - 1]!, max: s[s.length - 1]! };
}

describe('summary (mean, nearest-rank p95, max)', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  it.each([
    ['one value', [42]],
    ['four values', [10, 20, 40, 150]],
    ['twenty values: p95 is the 19th', Array.from({ length: 20 }, (_, i) => i + 1)],
    ['all equal', Array.from({ length: 100 }, () => 5)],
    ['already sorted', Array.from({ length: 1000 }, (_, i) => i)],
    ['reversed', Array.from({ length: 1000 }, (_, i) => 1000 - i)],
    ['random with duplicates', Array.from({ length: 5000 }, () => Math.floor(rnd() * 300))],
  ])('%s', (_n, xs) => {
    const s = summary(Float64Array.from(xs));
    const r = reference(xs);
    expect(s.p95).toBe(r.p95);
    expect(s.max).toBe(r.max);
    expect(s.mean).toBeCloseTo(r.mean, 9);
  });

  it('is zero for no values', () => {
    expect(summary(new Float64Array(0))).toEqual({ mean: 0, p95: 0, max: 0 });
  });
});
