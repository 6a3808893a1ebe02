import { pointAt } from '../../../server/protocol/geo';
import type { HeightFn } from '../terrain/drape';
import type { QueueLine } from '../vehicles/queueLayout';
import type { PlacedCrossing } from '../site/siteGeometry';

/** Vertical field of view of every scene camera (degrees), shared with <Scene>. */
export const SCENE_FOV = 45;
/** How far past its yard an approach road is framed (m): where the first trucks that find the yard full stand. */
export const APPROACH_TAIL_M = 250;
/** A crossing without a yard: how much of each road is framed (m). */
export const BARE_APPROACH_M = 400;
/** The subject fills this share of the half-view, leaving room for labels and the HUD's edges. */
export const FRAME_FILL = 0.8;

/** What a crossing preset must show, in Three.js coordinates (x east, y up, z south), and how to look at it. */
export interface Framing {
  /** Gate, yard corners and approach-road samples, as x, y, z triples. */
  points: number[];
  /** Horizontal direction of view (east, north components). */
  dirX: number;
  dirY: number;
  /** Degrees above the horizon. */
  elevation: number;
}

const _p = { x: 0, y: 0, heading: 0 };

/**
 * The points a crossing's preset frames: its gate (with the canopy's width around it), each side's yard pad
 * corners and the approach road from the gate to a little past the yard; for a crossing without yards, the gate
 * and the first few hundred metres of each road. All read from the site model.
 */
export function crossingFramePoints(c: PlacedCrossing, lines: readonly QueueLine[], heightAt: HeightFn): number[] {
  const out: number[] = [];
  const add = (x: number, y: number) => out.push(x, heightAt(x, y), -y);
  const gateHalf = 30;
  add(c.x - gateHalf, c.y - gateHalf);
  add(c.x + gateHalf, c.y + gateHalf);
  const mine = lines.filter((q) => q.crossing === c.item.id);
  const roads = mine.length > 0 ? mine.map((q) => ({ road: q.road, end: q.roadStart + APPROACH_TAIL_M })) : [c.roadVn, c.roadCn].map((road) => ({ road, end: BARE_APPROACH_M }));
  for (const q of mine) {
    const { x, y, half } = q.yard;
    add(x - half, y - half);
    add(x + half, y - half);
    add(x - half, y + half);
    add(x + half, y + half);
  }
  for (const { road, end } of roads) {
    const to = Math.min(end, road.length);
    for (let d = 0; d <= to; d += 50) {
      pointAt(road, d, _p);
      add(_p.x, _p.y);
    }
  }
  return out;
}

/** Bottom of the framed window (share of the half-view below the centre): the HUD's legend and caption sit below it. */
export const FRAME_BOTTOM = 0.55;
/** Headings tried, relative to the framing's direction (degrees): the one showing the subject largest wins. */
const TURNS_DEG = [0, -15, 15, -30, 30, -45, 45, -60, 60, -75, 75, -90, 90];

interface Fit {
  d: number;
  position: [number, number, number];
  target: [number, number, number];
}

/**
 * The nearest camera looking along (hx, hz) from `el` radians down that keeps every point within the window
 * (|x| ≤ FRAME_FILL, −FRAME_BOTTOM ≤ y ≤ `topFill` of the half-view): bisection on the distance from the box's
 * middle, the camera slid sideways and up so the subject sits in the window's middle.
 */
function fitAlong(p: readonly number[], mid: readonly number[], hx: number, hz: number, el: number, tanV: number, tanH: number, topFill: number): Fit {
  const fwd = [hx * Math.cos(el), -Math.sin(el), hz * Math.cos(el)] as const;
  const right = [-hz, 0, hx] as const;
  const up = [right[1] * fwd[2] - right[2] * fwd[1], right[2] * fwd[0] - right[0] * fwd[2], right[0] * fwd[1] - right[1] * fwd[0]] as const;
  const n = p.length / 3;
  const xs = new Float64Array(n), ys = new Float64Array(n), zs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const rx = p[i * 3]! - mid[0]!, ry = p[i * 3 + 1]! - mid[1]!, rz = p[i * 3 + 2]! - mid[2]!;
    xs[i] = rx * right[0] + ry * right[1] + rz * right[2];
    ys[i] = rx * up[0] + ry * up[1] + rz * up[2];
    zs[i] = rx * fwd[0] + ry * fwd[1] + rz * fwd[2];
  }
  const top = tanV * topFill, bottom = tanV * FRAME_BOTTOM, side = tanH * FRAME_FILL;
  // Camera at mid − fwd·d + right·u + up·v: feasible when some u and v keep every point inside.
  const window = (d: number) => {
    let uLo = -Infinity, uHi = Infinity, vLo = -Infinity, vHi = Infinity;
    for (let i = 0; i < n; i++) {
      const z = zs[i]! + d;
      if (z <= 1) return null;
      uLo = Math.max(uLo, xs[i]! - side * z); uHi = Math.min(uHi, xs[i]! + side * z);
      vLo = Math.max(vLo, ys[i]! - top * z); vHi = Math.min(vHi, ys[i]! + bottom * z);
    }
    return uLo <= uHi && vLo <= vHi ? { u: (uLo + uHi) / 2, v: (vLo + vHi) / 2 } : null;
  };
  let lo = 0, hi = 100;
  while (!window(hi)) hi *= 2;
  for (let k = 0; k < 40; k++) {
    const m = (lo + hi) / 2;
    if (window(m)) hi = m;
    else lo = m;
  }
  const { u, v } = window(hi)!;
  const c = [0, 1, 2].map((k) => mid[k]! - fwd[k]! * hi + right[k]! * u + up[k]! * v);
  return { d: hi, position: [c[0]!, c[1]!, c[2]!], target: [c[0]! + fwd[0] * hi, c[1]! + fwd[1] * hi, c[2]! + fwd[2] * hi] };
}

/**
 * The top of the framed window (share of the half-view above the centre) when a banner covers the top `coverTop`
 * of the canvas (0–1 of its height): the subject stays a little below the banner's edge, and never above FRAME_FILL.
 * The window keeps at least a fifth of the half-view above the centre, so a banner that covers most of the canvas
 * squeezes the subject rather than turning the camera upside down.
 */
export function frameTop(coverTop: number): number {
  return Math.max(0.2, Math.min(FRAME_FILL, 1 - 2 * coverTop - COVER_MARGIN));
}

/** Gap between a banner's lower edge and the framed subject (share of the half-view). */
const COVER_MARGIN = 0.05;

/**
 * Where a camera `elevation` degrees up stands and looks so that every point of `f` falls inside the framed
 * window of a view of vertical field `fovDeg` and width ÷ height `aspect`, as near as it can: of the headings
 * within 90° of the framing's direction (so Vietnam stays in front), the one that shows the subject largest on
 * this canvas (a wide wall looks across a long crossing, a narrow panel along it). `coverTop`: the share of the
 * canvas's height a banner covers from the top (the wall's critical alert); the subject is framed below it.
 */
export function frameView(f: Framing, fovDeg: number, aspect: number, coverTop = 0): { target: [number, number, number]; position: [number, number, number] } {
  const p = f.points;
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity, minZ = Infinity, maxZ = -Infinity;
  for (let i = 0; i < p.length; i += 3) {
    minX = Math.min(minX, p[i]!); maxX = Math.max(maxX, p[i]!);
    minY = Math.min(minY, p[i + 1]!); maxY = Math.max(maxY, p[i + 1]!);
    minZ = Math.min(minZ, p[i + 2]!); maxZ = Math.max(maxZ, p[i + 2]!);
  }
  const mid = [(minX + maxX) / 2, (minY + maxY) / 2, (minZ + maxZ) / 2];
  const len = Math.hypot(f.dirX, f.dirY) || 1;
  const el = (f.elevation * Math.PI) / 180;
  const tanV = Math.tan((fovDeg * Math.PI) / 360);
  let best: Fit | null = null;
  for (const turn of TURNS_DEG) {
    const a = (turn * Math.PI) / 180;
    // Three.js z points south: the horizontal heading (east, north) is (hx, −hz).
    const dx = (f.dirX * Math.cos(a) - f.dirY * Math.sin(a)) / len;
    const dy = (f.dirX * Math.sin(a) + f.dirY * Math.cos(a)) / len;
    const fit = fitAlong(p, mid, dx, -dy, el, tanV, tanV * aspect, frameTop(coverTop));
    // A nearer camera wins only by a clear margin, so the heading holds still across similar canvases.
    if (!best || fit.d < best.d * 0.95) best = fit;
  }
  return { target: best!.target, position: best!.position };
}
