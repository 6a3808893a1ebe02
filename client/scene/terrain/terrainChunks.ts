import type { Terrain } from './terrain';

// The ground drawn only where the camera looks. The height field's one mesh is cut into square chunks of
// CHUNK_CELLS cells; each frame the chunks whose box is outside the camera's view are left out and the triangles of
// the others are written one after another into the mesh's index buffer: still one draw call. A crossing's
// close-up sees 3–8 % of the grid's triangles, the overview about half (measured on the reference site).
//
// Levels of detail were tried too (geomipmapping, with skirts): on this karst, where a tower stands every few hundred
// metres, a coarser grid is off by 30 m at the median chunk already at twice the spacing, so at 1–2 px of allowed
// error nearly every chunk kept full detail and the skirts added more triangles than the coarse levels saved.

/** Cells along a chunk's side (the last chunk of a row or column may be shorter). */
export const CHUNK_CELLS = 16;

/** What the ground drew in the last frame: triangles of the chunks in view, and of the whole grid (tests, benchmarks). */
export const terrainDrawn = { triangles: 0, total: 0 };

/** An axis-aligned box in scene coordinates (x east, y up, z south). */
export interface Box {
  minX: number;
  minY: number;
  minZ: number;
  maxX: number;
  maxY: number;
  maxZ: number;
}

/** One chunk: its box and its triangles, as indices into the height field's grid of vertices (row-major). */
export interface TerrainChunk {
  box: Box;
  triangles: Uint32Array;
}

/** Chunk boundaries along an axis of `n` grid points: every CHUNK_CELLS, and the last point. */
function bounds(n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n - 1; i += CHUNK_CELLS) out.push(i);
  out.push(n - 1);
  return out;
}

/** Cuts the height field's grid into chunks; together they hold every cell's two triangles exactly once. */
export function terrainChunks(t: Pick<Terrain, 'cols' | 'rows' | 'cell' | 'minX' | 'minY' | 'heights'>): TerrainChunk[] {
  const { cols, rows, cell, minX, minY, heights } = t;
  const cb = bounds(cols);
  const rb = bounds(rows);
  const chunks: TerrainChunk[] = [];
  for (let j = 0; j + 1 < rb.length; j++) {
    for (let i = 0; i + 1 < cb.length; i++) {
      const c0 = cb[i]!;
      const c1 = cb[i + 1]!;
      const r0 = rb[j]!;
      const r1 = rb[j + 1]!;
      const triangles = new Uint32Array((c1 - c0) * (r1 - r0) * 6);
      let k = 0;
      let lo = Infinity;
      let hi = -Infinity;
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          const a = r * cols + c;
          const h = heights[a]!;
          if (h < lo) lo = h;
          if (h > hi) hi = h;
          if (r === r1 || c === c1) continue;
          // Rows grow northwards, i.e. towards −z: this winding faces up.
          triangles[k++] = a;
          triangles[k++] = a + 1;
          triangles[k++] = a + cols;
          triangles[k++] = a + 1;
          triangles[k++] = a + cols + 1;
          triangles[k++] = a + cols;
        }
      }
      chunks.push({ box: { minX: minX + c0 * cell, maxX: minX + c1 * cell, minY: lo, maxY: hi, minZ: -(minY + r1 * cell), maxZ: -(minY + r0 * cell) }, triangles });
    }
  }
  return chunks;
}

/**
 * Marks in `shown` which chunks `inView` keeps (1) and which it leaves out (0); returns whether any mark changed,
 * i.e. whether the index buffer must be written again.
 */
export function chooseChunks(chunks: readonly TerrainChunk[], inView: (b: Box) => boolean, shown: Uint8Array): boolean {
  let changed = false;
  for (let i = 0; i < chunks.length; i++) {
    const v = inView(chunks[i]!.box) ? 1 : 0;
    if (shown[i] !== v) {
      shown[i] = v;
      changed = true;
    }
  }
  return changed;
}

/** Writes the shown chunks' triangles one after another into `out` (room for all of them); returns the count. */
export function assembleChunks(chunks: readonly TerrainChunk[], shown: Uint8Array, out: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < chunks.length; i++) {
    if (!shown[i]) continue;
    const tri = chunks[i]!.triangles;
    out.set(tri, n);
    n += tri.length;
  }
  return n;
}
