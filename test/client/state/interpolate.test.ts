import { describe, expect, it } from 'vitest';
import { alphaAt, lerpHeading, poseAt } from '../../../client/state/interpolate';

describe('interpolation', () => {
  it.each([
    [0, 100, -5, 0],
    [0, 100, 0, 0],
    [0, 100, 25, 0.25],
    [0, 100, 100, 1],
    [0, 100, 500, 1],
    [100, 100, 50, 1],
  ])('alphaAt(%d, %d, %d) = %d (clamped, never extrapolates)', (t0, t1, t, a) => {
    expect(alphaAt(t0, t1, t)).toBeCloseTo(a);
  });

  it.each([
    [350, 10, 0.5, 0],
    [10, 350, 0.5, 0],
    [0, 90, 0.5, 45],
    [90, 270, 0, 90],
    [170, 190, 0.25, 175],
    [0, 180, 1, 180],
  ])('lerpHeading(%d → %d, %d) takes the short way: %d', (a, b, t, out) => {
    expect(lerpHeading(a, b, t)).toBeCloseTo(out);
  });

  it('poseAt interpolates position and heading into the given object', () => {
    const out = { x: 0, y: 0, heading: 0 };
    const r = poseAt(0, 0, 350, 0, 10, -20, 30, 100, 50, out);
    expect(r).toBe(out);
    expect(out.x).toBeCloseTo(5);
    expect(out.y).toBeCloseTo(-10);
    expect(out.heading).toBeCloseTo(10);
  });
});
