import { describe, expect, it } from 'vitest';
import { sortQueue } from '../../../server/engine/order';

// Reference order: key, then queue time, then id.
function reference(queue: number[], key: Float64Array, queued: Float64Array, ids: string[]): number[] {
  return [...queue].sort((a, b) => key[a]! - key[b]! || queued[a]! - queued[b]! || (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
}

function fixture(n: number, spread: number, seed: number, head = 7_200_000) {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const key = new Float64Array(n);
  const queued = new Float64Array(n);
  const ids = Array.from({ length: n }, (_, i) => `T${Math.floor(rnd() * n * 10)}-${i}`);
  for (let i = 0; i < n; i++) {
    queued[i] = 1_773_000_000_000 + Math.floor(rnd() * spread) * 1000;
    key[i] = queued[i]! - (rnd() < 0.3 ? head : 0);
  }
  return { key, queued, ids, queue: Array.from({ length: n }, (_, i) => i).reverse() };
}

describe('sortQueue', () => {
  it.each([
    ['few ties (ms-like spread)', 2000, 10_000_000],
    ['many ties (a minute of seconds)', 2000, 60],
    ['all equal queue times', 50, 1],
    ['perishable keys colliding with older ones', 500, 7200],
    ['one truck', 1, 10],
    ['none', 0, 10],
  ])('matches the comparator order: %s', (_n, n, spread) => {
    const f = fixture(n, spread, n + spread);
    const expected = reference(f.queue, f.key, f.queued, f.ids);
    sortQueue(f.queue, f.key, f.queued, f.ids);
    expect(f.queue).toEqual(expected);
  });

  it('falls back to the comparator for keys that do not pack (fractional ms)', () => {
    const f = fixture(100, 100, 3);
    f.key[5] = f.key[5]! + 0.5;
    const expected = reference(f.queue, f.key, f.queued, f.ids);
    sortQueue(f.queue, f.key, f.queued, f.ids);
    expect(f.queue).toEqual(expected);
  });

  it('sorts more trucks than 2^17', () => {
    const f = fixture(140_000, 3600, 5);
    const expected = reference(f.queue, f.key, f.queued, f.ids);
    sortQueue(f.queue, f.key, f.queued, f.ids);
    expect(f.queue).toEqual(expected);
  });

  it('handles key ranges spanning decades (high rank digits)', () => {
    const f = fixture(100, 100, 4);
    f.key[7] = 0;
    const expected = reference(f.queue, f.key, f.queued, f.ids);
    sortQueue(f.queue, f.key, f.queued, f.ids);
    expect(f.queue).toEqual(expected);
  });
});
