import { describe, expect, it } from 'vitest';
import { histogram, linePath, niceMax, niceStep, niceTicks, scaleLinear, stack, totals } from '../../../client/hud/charts/chartMath';

describe('chart math', () => {
  it('maps a domain onto pixels, inverted y included', () => {
    const y = scaleLinear(0, 100, 150, 10);
    expect(y(0)).toBe(150);
    expect(y(100)).toBe(10);
    expect(y(50)).toBe(80);
    expect(scaleLinear(5, 5, 0, 10)(123)).toBe(0);
  });
  it.each([
    [10, 4, 5],
    [233, 4, 100],
    [400, 4, 100],
    [7, 5, 2],
    [0.9, 4, 0.5],
    [0, 4, 1],
  ])('nice step of a span %d in %d parts is %d', (span, n, step) => expect(niceStep(span, n)).toBeCloseTo(step));
  it('ticks start at zero and reach the maximum', () => {
    expect(niceTicks(0, 233)).toEqual([0, 100, 200, 300]);
    expect(niceTicks(0, 0)).toEqual([0, 0.5, 1]);
    expect(niceTicks(0, 4800)).toEqual([0, 2000, 4000, 6000]);
  });
  it('the axis top covers the data and every target line', () => {
    expect(niceMax([10, 40, NaN], [233, 400])).toBe(400);
    expect(niceMax([10, 950])).toBe(1000);
    expect(niceMax([])).toBe(1);
  });
  it('breaks a line where values are missing', () => {
    const d = linePath([1, 2, NaN, 4, 5], (i) => i * 10, (v) => 100 - v);
    expect(d).toBe('M0,99L10,98M30,96L40,95');
    expect(linePath([NaN, NaN], (i) => i, (v) => v)).toBe('');
  });
  it('stacks series bar by bar and totals them, missing values as zero', () => {
    const a = [1, NaN, 3];
    const b = [2, 2, -1];
    expect(stack([a, b], 3)).toEqual([
      [[0, 1], [0, 0], [0, 3]],
      [[1, 3], [0, 2], [3, 3]],
    ]);
    expect(totals([a, b], 3)).toEqual([3, 2, 3]);
  });
  it('bins values with an open last bin and ignores what is below the first edge', () => {
    expect(histogram([0, 29.9, 30, 119, 120, 500, 10_000, -1, NaN], [0, 30, 60, 120, 240, 480])).toEqual([2, 1, 1, 1, 0, 2]);
  });
});
