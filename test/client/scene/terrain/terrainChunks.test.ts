import { readFileSync } from 'node:fs';
import { Box3, type Color, Frustum, Matrix4, PerspectiveCamera, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { SiteSchema } from '../../../../server/protocol/site';
import { DEFAULT_TERRAIN } from '../../../../server/protocol/terrainSpec';
import { buildTerrain, EDGE_FADE_M } from '../../../../client/scene/terrain/terrain';
import { FIELD_A, FIELD_B, groundGeometry, PLAIN } from '../../../../client/scene/terrain/groundGeometry';
import { assembleChunks, CHUNK_CELLS, chooseChunks, terrainChunks, type Box } from '../../../../client/scene/terrain/terrainChunks';
import { siteGeometry } from '../../../../client/scene/site/siteGeometry';
import { cameraPresets, OVERVIEW } from '../../../../client/scene/camera/cameraPresets';
import { queueLines } from '../../../../client/scene/vehicles/queueLayout';

const site = SiteSchema.parse(JSON.parse(readFileSync(new URL('../../../../assets/site.json', import.meta.url), 'utf8')));
const geo = siteGeometry(site);
const terrain = buildTerrain(geo, site.terrain ?? DEFAULT_TERRAIN);
const chunks = terrainChunks(terrain);
const total = chunks.reduce((n, c) => n + c.triangles.length, 0);
const presets = cameraPresets(geo, terrain.heightAt, queueLines(geo));

/** A camera at a preset on a 16:9 screen, and its frustum's test of a chunk's box. */
function view(id: string): { camera: PerspectiveCamera; inView: (b: Box) => boolean } {
  const p = presets.find((x) => x.id === id)!;
  const camera = new PerspectiveCamera(45, 16 / 9, 2, 80_000);
  camera.position.set(...p.position);
  camera.lookAt(new Vector3(...p.target));
  camera.updateMatrixWorld();
  const f = new Frustum().setFromProjectionMatrix(new Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse));
  const box = new Box3();
  return { camera, inView: (b) => f.intersectsBox(box.set(new Vector3(b.minX, b.minY, b.minZ), new Vector3(b.maxX, b.maxY, b.maxZ))) };
}

describe('terrain chunks', () => {
  it("hold each of the grid's cells once, as the one mesh did: two triangles facing up", () => {
    const { cols, rows } = terrain;
    expect(total).toBe((cols - 1) * (rows - 1) * 6);
    const seen = new Uint8Array((cols - 1) * (rows - 1));
    const odd: number[] = [];
    for (const ch of chunks) {
      const t = ch.triangles;
      for (let k = 0; k < t.length; k += 6) {
        const a = t[k]!;
        seen[Math.floor(a / cols) * (cols - 1) + (a % cols)]!++;
        if (t[k + 1] !== a + 1 || t[k + 2] !== a + cols || t[k + 3] !== a + 1 || t[k + 4] !== a + cols + 1 || t[k + 5] !== a + cols) odd.push(a);
      }
    }
    expect(odd, 'cells not split as the one mesh split them').toEqual([]);
    expect(seen.every((n) => n === 1)).toBe(true);
    // Square chunks of CHUNK_CELLS cells, the last of a row or column shorter.
    expect(chunks.length).toBe(Math.ceil((cols - 1) / CHUNK_CELLS) * Math.ceil((rows - 1) / CHUNK_CELLS));
  });

  it("each box holds its chunk's ground", () => {
    const { cols, heights, minX, minY, cell } = terrain;
    for (const ch of chunks) {
      let inside = true;
      for (const v of ch.triangles) {
        const x = minX + (v % cols) * cell;
        const z = -(minY + Math.floor(v / cols) * cell);
        const h = heights[v]!;
        inside &&= x >= ch.box.minX && x <= ch.box.maxX && z >= ch.box.minZ && z <= ch.box.maxZ && h >= ch.box.minY && h <= ch.box.maxY;
      }
      expect(inside).toBe(true);
    }
  });

  it("a crossing's close-up draws a small part of the ground, and every grid point on screen is in a drawn chunk", () => {
    const { cols, heights, minX, minY, cell } = terrain;
    for (const p of presets) {
      const { camera, inView } = view(p.id);
      const shown = new Uint8Array(chunks.length);
      expect(chooseChunks(chunks, inView, shown)).toBe(true);
      const out = new Uint32Array(total);
      const n = assembleChunks(chunks, shown, out);
      expect(n / total, p.id).toBeLessThan(p.id === OVERVIEW ? 0.7 : 0.15);
      // Grid points that project onto the screen: their triangles must be among those written.
      const drawn = new Uint8Array(heights.length);
      for (let i = 0; i < n; i++) drawn[out[i]!] = 1;
      const v = new Vector3();
      let onScreen = 0;
      const missed: number[] = [];
      for (let i = 0; i < heights.length; i++) {
        v.set(minX + (i % cols) * cell, heights[i]!, -(minY + Math.floor(i / cols) * cell)).project(camera);
        if (Math.abs(v.x) > 1 || Math.abs(v.y) > 1 || v.z < -1 || v.z > 1) continue;
        onScreen++;
        if (!drawn[i]) missed.push(i);
      }
      expect(missed, `grid points on screen in ${p.id} but not drawn`).toEqual([]);
      expect(onScreen).toBeGreaterThan(100);
    }
  });

  it('rewrites the index buffer only when the chunks in view change', () => {
    const shown = new Uint8Array(chunks.length);
    const a = view(OVERVIEW).inView;
    const b = view(presets.find((p) => p.id !== OVERVIEW)!.id).inView;
    expect(chooseChunks(chunks, a, shown)).toBe(true);
    expect(chooseChunks(chunks, a, shown)).toBe(false);
    expect(chooseChunks(chunks, b, shown)).toBe(true);
    const out = new Uint32Array(total);
    expect(assembleChunks(chunks, shown, out)).toBe(chunks.reduce((s, c, i) => s + (shown[i] ? c.triangles.length : 0), 0));
    // Everything in view: the whole grid, in chunk order.
    shown.fill(1);
    expect(assembleChunks(chunks, shown, out)).toBe(total);
  });
});

describe('ground colours', () => {
  const colours = groundGeometry(terrain).getAttribute('color');
  const { cols, rows, cell } = terrain;
  const off = (i: number, c: Color) => Math.max(Math.abs(colours.getX(i) - c.r), Math.abs(colours.getY(i) - c.g), Math.abs(colours.getZ(i) - c.b));

  it("fade into the plain's at the grid's edge, so no seam shows where the plain takes over", () => {
    let worst = 0;
    for (let c = 0; c < cols; c++) worst = Math.max(worst, off(c, PLAIN), off((rows - 1) * cols + c, PLAIN));
    for (let r = 0; r < rows; r++) worst = Math.max(worst, off(r * cols, PLAIN), off(r * cols + cols - 1, PLAIN));
    expect(worst).toBeLessThan(1e-6);
  });

  it('keep the land cover inside the edge band: the fields in their two crops', () => {
    const band = Math.ceil(EDGE_FADE_M / cell);
    let a = 0;
    let b = 0;
    for (let r = band; r < rows - band; r++) {
      for (let c = band; c < cols - band; c++) {
        if (off(r * cols + c, FIELD_A) < 1e-6) a++;
        if (off(r * cols + c, FIELD_B) < 1e-6) b++;
      }
    }
    expect(a).toBeGreaterThan(1000);
    expect(b).toBeGreaterThan(1000);
  });
});
