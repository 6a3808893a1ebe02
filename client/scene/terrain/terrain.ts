import { project, type Polyline } from '../../../server/protocol/geo';
import { DEFAULT_TERRAIN, type TerrainSpec } from '../../../server/protocol/terrainSpec';
import { fbm, gradientNoise2, smoothstep } from './noise';
import { flatLines, type SiteGeometry } from '../site/siteGeometry';

/** Lowest valley floor of the default ground (m); the site's `terrain` section may set its own. */
export const FLOOR_M = DEFAULT_TERRAIN.valleyFloorM[0];
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
  /** The valley floor under (x, y) (m): the ground without its hills (land cover, tests). */
  floorAt(x: number, y: number): number;
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


/** A deterministic 0–1 hash of a cell and a channel. */
function hash(seed: number, i: number, j: number, k: number): number {
  let h = Math.imul(i, 374761393) ^ Math.imul(j, 668265263) ^ Math.imul(k + seed, 2246822519);
  h = Math.imul(h ^ (h >>> 13), 3266489917);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/**
 * Height (m above the floor) of the tallest tower over (x, y): tower karst (fēnglín), at most one limestone tower
 * per cell of the spec's spacing, jittered inside it, with steep sides and rounded tops.
 */
function towers(noise: (x: number, y: number) => number, spec: TerrainSpec, x: number, y: number): number {
  const seed = spec.seed;
  const TOWER_CELL_M = spec.towerSpacingM;
  const [TOWER_MIN_M, TOWER_MAX_M] = spec.towerHeightM;
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
      const radius = (110 + 0.45 * height + 60 * hash(seed, i, j, 4)) * (TOWER_CELL_M / 430);
      const d2 = ((x - tx) ** 2 + (y - ty) ** 2) / (radius * radius);
      if (d2 >= 1) continue;
      const h = height * Math.pow(1 - d2, 0.45);
      if (h > best) best = h;
    }
  }
  return best;
}

/** The valley floor (m) at (x, y): between the spec's low and high, varying over kilometres. */
function floorOf(noise: (x: number, y: number) => number, spec: TerrainSpec, x: number, y: number): number {
  const [lo, hi] = spec.valleyFloorM;
  return lo + (hi - lo) * (0.5 + 0.5 * fbm(noise, x / 3000 + 17.3, y / 3000 - 4.1, 2));
}

/**
 * Karst ground: a gently rolling valley floor with steep limestone towers and cones, some merged into ridges by
 * low saddles, flattened along roads, corridors and pads so valleys carry them and no hill covers them (`flat`:
 * 0 on them, 1 away). Deterministic for a given noise and spec.
 */
export function rawHeight(noise: (x: number, y: number) => number, x: number, y: number, flat: number, spec: TerrainSpec = DEFAULT_TERRAIN): number {
  const ridge = 35 * Math.max(0, fbm(noise, x / 900, y / 900, 3) - 0.1);
  const detail = 1 + 0.15 * noise(x / 120 + 31.7, y / 120 - 12.9);
  return floorOf(noise, spec, x, y) + (towers(noise, spec, x, y) + ridge) * detail * flat;
}

/** A landform placed on the site: its height (m above the floor) at (x, y), before the road slots are cut. */
type Landform = (x: number, y: number) => number;

/**
 * The col of the spec: two ridges across the crossing's road, one each side, with the road in the gap between
 * them (Youyiguan sits on such a col).
 */
function colLandform(g: SiteGeometry, spec: TerrainSpec): Landform | null {
  const col = spec.col;
  const c = col && g.crossings.find((x) => x.item.id === col.crossing);
  if (!col || !c) return null;
  const reach = col.ridgeLengthM + 200;
  return (x, y) => {
    const u = (x - c.x) * c.dirX + (y - c.y) * c.dirY;
    const v = Math.abs(-(x - c.x) * c.dirY + (y - c.y) * c.dirX);
    if (v > reach || Math.abs(u) > 4 * col.ridgeWidthM) return 0;
    const across = Math.exp(-0.5 * (u / col.ridgeWidthM) ** 2);
    const rise = col.saddleHeightM + (col.ridgeHeightM - col.saddleHeightM) * smoothstep(col.gapHalfWidthM, col.gapHalfWidthM + 350, v);
    const wall = smoothstep(col.gapHalfWidthM * 0.5, col.gapHalfWidthM, v);
    const ends = 1 - smoothstep(col.ridgeLengthM * 0.7, col.ridgeLengthM, v);
    return rise * across * wall * ends;
  };
}

/** The cut of the spec: a hill across a stretch of a ground corridor, cut down to the corridor's level. */
function cutLandform(g: SiteGeometry, spec: TerrainSpec): Landform | null {
  const cut = spec.cut;
  const corr = cut && g.corridors.find((c) => c.item.id === cut.corridor);
  if (!cut || !corr) return null;
  const [a0, a1] = cut.alongM;
  return (x, y) => {
    const { along, offset } = project(corr.line, x, y);
    if (offset > 900 || along < a0 - 200 || along > a1 + 200) return 0;
    const stretch = smoothstep(a0 - 200, a0 + 120, along) * (1 - smoothstep(a1 - 120, a1 + 200, along));
    return cut.hillHeightM * stretch * Math.exp(-0.5 * (offset / 320) ** 2);
  };
}

/**
 * Builds the height field over the site's bounds plus the spec's margin: karst towers, the col and the cut of
 * the spec, every road, corridor and pad left on the valley floor (the col's and the cut's walls rise steeply
 * right beside them; other hills fade out over a few hundred metres).
 */
export function buildTerrain(g: SiteGeometry, spec: TerrainSpec = DEFAULT_TERRAIN, pads: readonly Pad[] = []): Terrain {
  const noise = gradientNoise2(spec.seed);
  const margin = spec.marginM;
  const landforms = [colLandform(g, spec), cutLandform(g, spec)].filter((f): f is Landform => f !== null);
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
      const fade = smoothstep(0, EDGE_FADE_M, edge);
      let h = rawHeight(noise, x, y, smoothstep(30, 260, d) * fade, spec);
      if (landforms.length > 0) {
        // Slot walls rise from just beyond a grid cell's diagonal (57 m), so ground interpolated anywhere on a
        // centre line stays the floor.
        const slot = smoothstep(57, 95, d) * fade;
        let lift = 0;
        for (const f of landforms) lift = Math.max(lift, f(x, y));
        if (lift > 0) h = Math.max(h, floorOf(noise, spec, x, y) + lift * slot);
      }
      heights[r * cols + c] = h;
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
  return { minX, minY, cols, rows, cell: CELL_M, heights, heightAt, floorAt: (x, y) => floorOf(noise, spec, x, y) };
}
