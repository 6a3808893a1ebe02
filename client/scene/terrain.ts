import type { Polyline } from '../../server/protocol/geo';
import { fbm, gradientNoise2, smoothstep } from './noise';
import { flatLines, type SiteGeometry } from './siteGeometry';

/** Valley floor elevation (m); karst towers rise up to ~RELIEF above it (domain: 250–350 m). */
export const FLOOR_M = 255;
export const RELIEF_M = 85;
/** Grid spacing of the height field (m). */
export const CELL_M = 40;
/** Width of the band along the grid's edge over which hills fade to the valley floor (m). */
export const EDGE_FADE_M = 1200;

/** A height field on a regular grid: the one source of ground height for the mesh and everything on it. */
export interface Terrain {
  minX: number;
  minY: number;
  cols: number;
  rows: number;
  cell: number;
  heights: Float32Array;
  /** Ground height (m) at local (x east, y north), bilinear between grid points, clamped at the edges. */
  heightAt(x: number, y: number): number;
}

/** A pad to flatten: centre and half-size (yards, gate plazas). */
export interface Pad {
  x: number;
  y: number;
  half: number;
}

/** Distance from (x, y) to the nearest segment of any line, with a cheap bounding-box cut-off. */
function distanceToLines(lines: readonly Polyline[], x: number, y: number, cutoff: number): number {
  let best = cutoff;
  for (const l of lines) {
    for (let i = 1; i < l.xs.length; i++) {
      const ax = l.xs[i - 1]!;
      const ay = l.ys[i - 1]!;
      const bx = l.xs[i]!;
      const by = l.ys[i]!;
      if (x < Math.min(ax, bx) - best || x > Math.max(ax, bx) + best || y < Math.min(ay, by) - best || y > Math.max(ay, by) + best) continue;
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
      const d = Math.hypot(ax + dx * t - x, ay + dy * t - y);
      if (d < best) best = d;
    }
  }
  return best;
}

/**
 * Karst-like ground: a gently rolling valley floor with steep rounded limestone hills, flattened along roads,
 * corridors and pads so vehicles sit on the ground. Deterministic for a given seed.
 */
export function rawHeight(noise: (x: number, y: number) => number, x: number, y: number, flat: number): number {
  const floor = FLOOR_M + 10 * fbm(noise, x / 3000 + 17.3, y / 3000 - 4.1, 2);
  const n = fbm(noise, x / 650, y / 650, 4);
  // Tower karst: only the upper part of the noise becomes hills, and it is sharpened into domes.
  const towers = Math.pow(smoothstep(-0.05, 0.55, n), 1.4);
  const detail = 0.12 * (1 - Math.abs(noise(x / 180 + 31.7, y / 180 - 12.9)));
  return floor + RELIEF_M * Math.min(1, towers + detail * towers) * flat;
}

/** Builds the height field over the site's bounds plus a margin. */
export function buildTerrain(g: SiteGeometry, seed = 1088, margin = 1500, pads: readonly Pad[] = []): Terrain {
  const noise = gradientNoise2(seed);
  const lines = flatLines(g);
  const allPads: Pad[] = [
    ...g.yards.map((y) => ({ x: y.x, y: y.y, half: y.half })),
    ...g.crossings.map((c) => ({ x: c.x, y: c.y, half: 90 })),
    ...pads,
  ];
  const minX = Math.floor((g.bounds.minX - margin) / CELL_M) * CELL_M;
  const minY = Math.floor((g.bounds.minY - margin) / CELL_M) * CELL_M;
  const cols = Math.ceil((g.bounds.maxX + margin - minX) / CELL_M) + 1;
  const rows = Math.ceil((g.bounds.maxY + margin - minY) / CELL_M) + 1;
  const heights = new Float32Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    const y = minY + r * CELL_M;
    for (let c = 0; c < cols; c++) {
      const x = minX + c * CELL_M;
      let d = distanceToLines(lines, x, y, 300);
      for (const p of allPads) d = Math.min(d, Math.max(0, Math.max(Math.abs(x - p.x), Math.abs(y - p.y)) - p.half));
      // Hills fade out towards the grid's edge, where the ground meets the flat skirt around it.
      const edge = Math.min(c, r, cols - 1 - c, rows - 1 - r) * CELL_M;
      heights[r * cols + c] = rawHeight(noise, x, y, smoothstep(30, 260, d) * smoothstep(0, EDGE_FADE_M, edge));
    }
  }
  const heightAt = (x: number, y: number): number => {
    const fx = Math.min(cols - 1.001, Math.max(0, (x - minX) / CELL_M));
    const fy = Math.min(rows - 1.001, Math.max(0, (y - minY) / CELL_M));
    const c = Math.floor(fx);
    const r = Math.floor(fy);
    const tx = fx - c;
    const ty = fy - r;
    const i = r * cols + c;
    const h00 = heights[i]!;
    const h10 = heights[i + 1]!;
    const h01 = heights[i + cols]!;
    const h11 = heights[i + cols + 1]!;
    return (h00 + (h10 - h00) * tx) * (1 - ty) + (h01 + (h11 - h01) * tx) * ty;
  };
  return { minX, minY, cols, rows, cell: CELL_M, heights, heightAt };
}
