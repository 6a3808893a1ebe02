import { describe, expect, it } from 'vitest';
import { densityColor, densityCss, HEAT_MAX, HEAT_STOPS } from '../../../client/scene/palette';

describe('congestion colour scale', () => {
  const same = (a: number[], b: readonly number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 9));
  it('is fixed: the stops give their own colours', () => {
    for (const s of HEAT_STOPS) same(densityColor(s.at, [0, 0, 0]), s.color);
  });
  it('saturates at ≥ 6 vehicles per 100 m and clamps garbage to 0', () => {
    same(densityColor(HEAT_MAX * 3, [0, 0, 0]), HEAT_STOPS.at(-1)!.color);
    same(densityColor(-2, [0, 0, 0]), HEAT_STOPS[0]!.color);
    same(densityColor(Number.NaN, [0, 0, 0]), HEAT_STOPS[0]!.color);
  });
  it('gets redder as density grows', () => {
    const red = [0, 1, 2, 3, 4, 5, 6].map((d) => densityColor(d, [0, 0, 0])[0] - densityColor(d, [0, 0, 0])[1]);
    expect(red).toEqual([...red].sort((a, b) => a - b));
  });
  it('the legend and the ground use the same colour', () => {
    expect(densityCss(3)).toBe('rgb(255,217,77)');
  });
});
