/** Local metric frame: metres east (x) and north (y) of the site origin; good to centimetres over 20 km. */
export interface LocalFrame {
  readonly lat0: number;
  readonly lon0: number;
  readonly mPerDegLat: number;
  readonly mPerDegLon: number;
}

/** Builds the equirectangular frame centred on `origin` (the site origin near Cốc Nam). */
export function localFrame(origin: { lat: number; lon: number }): LocalFrame {
  const phi = (origin.lat * Math.PI) / 180;
  return {
    lat0: origin.lat,
    lon0: origin.lon,
    mPerDegLat: 111_132.92 - 559.82 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi),
    mPerDegLon: 111_412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi),
  };
}

/** WGS84 → local east metres. */
export const toX = (f: LocalFrame, lon: number): number => (lon - f.lon0) * f.mPerDegLon;
/** WGS84 → local north metres. */
export const toY = (f: LocalFrame, lat: number): number => (lat - f.lat0) * f.mPerDegLat;
/** Local north metres → latitude. */
export const toLat = (f: LocalFrame, y: number): number => f.lat0 + y / f.mPerDegLat;
/** Local east metres → longitude. */
export const toLon = (f: LocalFrame, x: number): number => f.lon0 + x / f.mPerDegLon;

export type Vec2 = readonly [number, number];

/** A path in local metres with cumulative arc lengths, for moving along it and measuring along it. */
export interface Polyline {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** Cumulative distance from the first point to point i. */
  readonly s: Float64Array;
  readonly length: number;
}

/** Projects a [lat, lon][] path into the local frame. */
export function polyline(f: LocalFrame, path: readonly (readonly [number, number])[]): Polyline {
  const n = path.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = path[i]!;
    xs[i] = toX(f, p[1]);
    ys[i] = toY(f, p[0]);
    if (i > 0) s[i] = s[i - 1]! + Math.hypot(xs[i]! - xs[i - 1]!, ys[i]! - ys[i - 1]!);
  }
  return { xs, ys, s, length: n > 0 ? s[n - 1]! : 0 };
}

/** Point and heading (degrees clockwise from north) at distance `d` along the line, clamped to its ends. */
export function pointAt(line: Polyline, d: number, out: { x: number; y: number; heading: number }): void {
  const n = line.xs.length;
  const dist = Math.min(Math.max(d, 0), line.length);
  let i = 1;
  while (i < n - 1 && line.s[i]! < dist) i++;
  const s0 = line.s[i - 1]!;
  const seg = line.s[i]! - s0;
  const t = seg > 0 ? (dist - s0) / seg : 0;
  const dx = line.xs[i]! - line.xs[i - 1]!;
  const dy = line.ys[i]! - line.ys[i - 1]!;
  out.x = line.xs[i - 1]! + dx * t;
  out.y = line.ys[i - 1]! + dy * t;
  out.heading = ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
}

/** Distance along the line of the point on it nearest to (x, y), and how far (x, y) lies from it. */
export function project(line: Polyline, x: number, y: number): { along: number; offset: number } {
  // Squared distances inside the loop, one square root at the end: the twin projects every AGV message onto every
  // corridor, and Math.hypot per segment was most of that cost.
  let best2 = Infinity;
  let along = 0;
  for (let i = 1; i < line.xs.length; i++) {
    const ax = line.xs[i - 1]!;
    const ay = line.ys[i - 1]!;
    const dx = line.xs[i]! - ax;
    const dy = line.ys[i]! - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
    const ex = ax + dx * t - x;
    const ey = ay + dy * t - y;
    const d2 = ex * ex + ey * ey;
    if (d2 < best2) {
      best2 = d2;
      along = line.s[i - 1]! + t * Math.sqrt(len2);
    }
  }
  return { along, offset: Math.sqrt(best2) };
}
