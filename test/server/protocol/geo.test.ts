import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Polyline } from '../../../server/protocol/geo';
import { project } from '../../../server/protocol/geo';

/** A polyline straight from local metres (the frame plays no part in projecting). */
const line = (pts: readonly [number, number][]): Polyline => {
  const xs = Float64Array.from(pts, (p) => p[0]);
  const ys = Float64Array.from(pts, (p) => p[1]);
  const s = new Float64Array(pts.length);
  for (let i = 1; i < pts.length; i++) s[i] = s[i - 1]! + Math.hypot(xs[i]! - xs[i - 1]!, ys[i]! - ys[i - 1]!);
  return { xs, ys, s, length: s[pts.length - 1] ?? 0 };
};

/** The obvious reference: every segment's nearest point by Math.hypot. */
function reference(l: Polyline, x: number, y: number): { along: number; offset: number } {
  let best = { along: 0, offset: Infinity };
  for (let i = 1; i < l.xs.length; i++) {
    const [ax, ay, bx, by] = [l.xs[i - 1]!, l.ys[i - 1]!, l.xs[i]!, l.ys[i]!];
    const len = Math.hypot(bx - ax, by - ay);
    const t = len > 0 ? Math.min(1, Math.max(0, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / (len * len))) : 0;
    const offset = Math.hypot(ax + (bx - ax) * t - x, ay + (by - ay) * t - y);
    if (offset < best.offset) best = { along: l.s[i - 1]! + t * len, offset };
  }
  return best;
}

describe('project (the twin places each AGV on its corridor with it)', () => {
  const corridor = line([[0, 0], [100, 0], [100, 50]]);
  it.each([
    { name: 'on the first leg', x: 30, y: 0, along: 30, offset: 0 },
    { name: 'beside the first leg', x: 30, y: -4, along: 30, offset: 4 },
    { name: 'beside the second leg', x: 103, y: 20, along: 120, offset: 3 },
    { name: 'before the start', x: -6, y: 8, along: 0, offset: 10 },
    { name: 'past the end', x: 100, y: 62, along: 150, offset: 12 },
  ])('$name: along $along m, $offset m off', ({ x, y, along, offset }) => {
    const p = project(corridor, x, y);
    expect(p.along).toBeCloseTo(along, 9);
    expect(p.offset).toBeCloseTo(offset, 9);
  });

  it('agrees with the hypot reference anywhere near any line', () => {
    // Centimetre coordinates within 2 km, as a site's corridors and vehicles are.
    const cm = fc.integer({ min: -200_000, max: 200_000 }).map((v) => v / 100);
    const pt = fc.tuple(cm, cm);
    fc.assert(
      fc.property(fc.array(pt, { minLength: 2, maxLength: 12 }), pt, (pts, [x, y]) => {
        const l = line(pts);
        const got = project(l, x, y);
        const want = reference(l, x, y);
        expect(got.offset).toBeCloseTo(want.offset, 6);
        // Where two segments are equally near either may be chosen; the distance along stays on the line.
        expect(got.along).toBeGreaterThanOrEqual(0);
        expect(got.along).toBeLessThanOrEqual(l.length + 1e-9);
      }),
    );
  });
});
