import type { Polyline } from '../../server/protocol/geo';
import { fbm, gradientNoise2, smoothstep } from './noise';
import { flatLines, type SiteGeometry } from './siteGeometry';

/** Valley floor elevation (m); karst towers rise up to ~RELIEF above it (domain: 250–350 m). */
export const FLOOR_M = 255;
export const RELIEF_M = 200;
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

/** Tower karst (fēnglín): one limestone tower per cell of this size (m), at most, jittered inside it. */
const TOWER_CELL_M = 430;
/** Towers rise 50–200 m above the valley floor (domain.md: cones and towers over floors at 250–350 m). */
const TOWER_MIN_M = 50;
const TOWER_MAX_M = 200;

/** A deterministic 0–1 hash of a cell and a channel. */
function hash(seed: number, i: number, j: number, k: number): number {
  let h = Math.imul(i, 374761393) ^ Math.imul(j, 668265263) ^ Math.imul(k + seed, 2246822519);
  h = Math.imul(h ^ (h >>> 13), 3266489917);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Height (m above the floor) of the tallest tower over (x, y): steep sides, rounded tops. */
function towers(noise: (x: number, y: number) => number, seed: number, x: number, y: number): number {
  const ci = Math.floor(x / TOWER_CELL_M);
  const cj = Math.floor(y / TOWER_CELL_M);
  let best = 0;
  for (let i = ci - 1; i <= ci + 1; i++) {
    for (let j = cj - 1; j <= cj + 1; j++) {
      const tx = (i + 0.1 + 0.8 * hash(seed, i, j, 1)) * TOWER_CELL_M;
      const ty = (j + 0.1 + 0.8 * hash(seed, i, j, 2)) * TOWER_CELL_M;
      // Towers cluster into massifs with open valleys between them (low-frequency noise decides where).
      if (hash(seed, i, j, 0) > 0.45 + 0.6 * noise(tx / 2600 - 7.7, ty / 2600 + 3.1)) continue;
      const u = hash(seed, i, j, 3);
      const height = TOWER_MIN_M + (TOWER_MAX_M - TOWER_MIN_M) * u * u;
      const radius = 110 + 0.45 * height + 60 * hash(seed, i, j, 4);
      const d2 = ((x - tx) ** 2 + (y - ty) ** 2) / (radius * radius);
      if (d2 >= 1) continue;
      const h = height * Math.pow(1 - d2, 0.45);
      if (h > best) best = h;
    }
  }
  return best;
}

/**
 * Karst ground: a gently rolling valley floor (250–300 m) with steep limestone towers and cones rising 50–200 m,
 * some merged into ridges by low saddles, flattened along roads, corridors and pads so valleys carry them and
 * no hill covers them (`flat`: 0 on them, 1 away). Deterministic for a given noise and seed.
 */
export function rawHeight(noise: (x: number, y: number) => number, x: number, y: number, flat: number, seed = 1088): number {
  const floor = FLOOR_M + 12 * (0.5 + 0.5 * fbm(noise, x / 3000 + 17.3, y / 3000 - 4.1, 2));
  const ridge = 35 * Math.max(0, fbm(noise, x / 900, y / 900, 3) - 0.1);
  const detail = 1 + 0.15 * noise(x / 120 + 31.7, y / 120 - 12.9);
  return floor + (towers(noise, seed, x, y) + ridge) * detail * flat;
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
      heights[r * cols + c] = rawHeight(noise, x, y, smoothstep(30, 260, d) * smoothstep(0, EDGE_FADE_M, edge), seed);
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
