/** Fraction of the way from t0 to t1 at time t, clamped to [0, 1] (no extrapolation: a late frame holds still). */
export function alphaAt(t0: number, t1: number, t: number): number {
  if (t1 <= t0) return 1;
  const a = (t - t0) / (t1 - t0);
  return a <= 0 ? 0 : a >= 1 ? 1 : a;
}

/** Linear interpolation. */
export const lerp = (a: number, b: number, alpha: number): number => a + (b - a) * alpha;

/** Interpolates headings in degrees along the shorter arc; the result lies in [0, 360). */
export function lerpHeading(a: number, b: number, alpha: number): number {
  // The common case (driving straight) without the float remainders below, which cost more than the rest of a pose.
  if (a === b && a >= 0 && a < 360) return a;
  let d = (((b - a) % 360) + 540) % 360 - 180;
  if (d === -180) d = 180;
  const h = a + d * alpha;
  return ((h % 360) + 360) % 360;
}

/** Where the renderer draws an entity: its two samples interpolated at render time `t`. */
export interface Pose {
  x: number;
  y: number;
  heading: number;
}

/** Pose at time `t` between sample 0 and sample 1; writes into `out` so the render loop allocates nothing. */
export function poseAt(
  x0: number, y0: number, h0: number, t0: number,
  x1: number, y1: number, h1: number, t1: number,
  t: number, out: Pose,
): Pose {
  const a = alphaAt(t0, t1, t);
  out.x = lerp(x0, x1, a);
  out.y = lerp(y0, y1, a);
  out.heading = lerpHeading(h0, h1, a);
  return out;
}
