import { pointAt } from '../../server/protocol/geo';
import type { HeightFn } from './drape';
import type { QueueLine } from './queueLayout';
import type { PlacedCrossing } from './siteGeometry';

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

/**
 * Where a camera looking along (dirX, dirY) from `elevation` degrees stands and looks so that every point of
 * `f` falls inside FRAME_FILL of a view of vertical field `fovDeg` and width ÷ height `aspect`: the target is the
 * middle of the points' box, and the distance the least that keeps each point inside (exact, per point).
 */
export function frameView(f: Framing, fovDeg: number, aspect: number): { target: [number, number, number]; position: [number, number, number] } {
  const p = f.points;
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity, minZ = Infinity, maxZ = -Infinity;
  for (let i = 0; i < p.length; i += 3) {
    minX = Math.min(minX, p[i]!); maxX = Math.max(maxX, p[i]!);
    minY = Math.min(minY, p[i + 1]!); maxY = Math.max(maxY, p[i + 1]!);
    minZ = Math.min(minZ, p[i + 2]!); maxZ = Math.max(maxZ, p[i + 2]!);
  }
  const t: [number, number, number] = [(minX + maxX) / 2, (minY + maxY) / 2, (minZ + maxZ) / 2];
  // Camera basis: forward (from camera to target), right, up; Three.js z points south, so north is -z.
  const len = Math.hypot(f.dirX, f.dirY) || 1;
  const el = (f.elevation * Math.PI) / 180;
  const hx = f.dirX / len, hz = -f.dirY / len;
  const fwd = [hx * Math.cos(el), -Math.sin(el), hz * Math.cos(el)] as const;
  const right = [-hz, 0, hx] as const;
  const up = [right[1] * fwd[2] - right[2] * fwd[1], right[2] * fwd[0] - right[0] * fwd[2], right[0] * fwd[1] - right[1] * fwd[0]] as const;
  const tanV = Math.tan((fovDeg * Math.PI) / 360) * FRAME_FILL;
  const tanH = tanV * aspect;
  let d = 50;
  for (let i = 0; i < p.length; i += 3) {
    const rx = p[i]! - t[0], ry = p[i + 1]! - t[1], rz = p[i + 2]! - t[2];
    const x = rx * right[0] + ry * right[1] + rz * right[2];
    const y = rx * up[0] + ry * up[1] + rz * up[2];
    const z = rx * fwd[0] + ry * fwd[1] + rz * fwd[2];
    d = Math.max(d, Math.abs(x) / tanH - z, Math.abs(y) / tanV - z);
  }
  return { target: t, position: [t[0] - fwd[0] * d, t[1] - fwd[1] * d, t[2] - fwd[2] * d] };
}
