import { useLayoutEffect, useMemo, useRef } from 'react';
import { Box3, BufferAttribute, BufferGeometry, Color, DynamicDrawUsage, Frustum, Matrix4, type Mesh, Vector3, type Camera } from 'three';
import { FLOOR_M } from './terrain';
import { assembleChunks, chooseChunks, terrainChunks, terrainDrawn, type Box } from './terrainChunks';
import { useSite3d } from '../site/site3d';

/** Land cover: fields on the valley floor (two crops), forest on slopes, bare limestone on cliffs. */
const FIELD_A = new Color('#8fb05a');
const FIELD_B = new Color('#9fb463');
const FOREST = new Color('#2f5a2e');
const ROCK = new Color('#a3a395');
const _c = new Color();

/** The height field as one geometry: vertices with colours and normals, and an index buffer the culler rewrites. */
function groundGeometry(terrain: ReturnType<typeof useSite3d>['terrain']): BufferGeometry {
  const { cols, rows, cell, minX, minY, heights } = terrain;
  const pos = new Float32Array(cols * rows * 3);
  const col = new Float32Array(cols * rows * 3);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const h = heights[i]!;
      pos[i * 3] = minX + c * cell;
      pos[i * 3 + 1] = h;
      pos[i * 3 + 2] = -(minY + r * cell);
      const up = h - terrain.floorAt(pos[i * 3]!, minY + r * cell);
      // Slope from the neighbouring grid points: cliffs steeper than ~50° are bare rock.
      const dx = (heights[r * cols + Math.min(cols - 1, c + 1)]! - heights[r * cols + Math.max(0, c - 1)]!) / (2 * cell);
      const dy = (heights[Math.min(rows - 1, r + 1) * cols + c]! - heights[Math.max(0, r - 1) * cols + c]!) / (2 * cell);
      const slope = Math.hypot(dx, dy);
      if (up < 16 && slope < 0.12) _c.copy(Math.imul(Math.floor(c / 4) * 73856093 ^ Math.floor(r / 3) * 19349663, 83492791) & 4 ? FIELD_A : FIELD_B);
      else _c.copy(FOREST).lerp(ROCK, Math.min(1, Math.max(0, (slope - 0.9) / 0.6)));
      col.set([_c.r, _c.g, _c.b], i * 3);
    }
  }
  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(pos, 3));
  g.setAttribute('color', new BufferAttribute(col, 3));
  return g;
}

/**
 * The ground's geometry, its index buffer holding every chunk, and `cull`, which rewrites that buffer with only the
 * chunks in a camera's view (when they changed) and notes what it drew in `terrainDrawn`.
 */
function chunkedGround(terrain: ReturnType<typeof useSite3d>['terrain']): { geometry: BufferGeometry; cull: (camera: Camera) => void } {
  const g = groundGeometry(terrain);
  const chunks = terrainChunks(terrain);
  const total = chunks.reduce((n, ch) => n + ch.triangles.length, 0);
  const index = new BufferAttribute(new Uint32Array(total), 1).setUsage(DynamicDrawUsage);
  const shown = new Uint8Array(chunks.length).fill(1);
  assembleChunks(chunks, shown, index.array as Uint32Array);
  g.setIndex(index);
  // Normals from the whole grid, so a chunk's edge is shaded like its neighbour's.
  g.computeVertexNormals();
  g.computeBoundingSphere();
  let drawn = total;
  const frustum = new Frustum();
  const m = new Matrix4();
  const box = new Box3();
  const lo = new Vector3();
  const hi = new Vector3();
  const inView = (b: Box) => frustum.intersectsBox(box.set(lo.set(b.minX, b.minY, b.minZ), hi.set(b.maxX, b.maxY, b.maxZ)));
  // Runs inside the renderer, after the camera's matrices were updated for this frame, before the mesh is drawn.
  const cull = (camera: Camera) => {
    frustum.setFromProjectionMatrix(m.multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse));
    if (chooseChunks(chunks, inView, shown)) {
      drawn = assembleChunks(chunks, shown, index.array as Uint32Array);
      index.clearUpdateRanges();
      index.addUpdateRange(0, drawn);
      index.needsUpdate = true;
      g.setDrawRange(0, drawn);
    }
    terrainDrawn.triangles = drawn / 3;
    terrainDrawn.total = total / 3;
  };
  return { geometry: g, cull };
}

/**
 * The ground: the shared height field coloured by height (valley fields, wooded karst, bare tops), drawn in chunks
 * (terrainChunks.ts): right before each draw the chunks out of the camera's view are left out of the index buffer.
 */
export function Terrain() {
  const { terrain, dark } = useSite3d();
  const { geometry, cull } = useMemo(() => chunkedGround(terrain), [terrain]);
  useLayoutEffect(() => () => geometry.dispose(), [geometry]);
  const mesh = useRef<Mesh>(null);
  useLayoutEffect(() => {
    const m = mesh.current;
    if (!m) return;
    m.onBeforeRender = (_r, _s, camera) => cull(camera);
  }, [cull]);
  const { minX, minY, cols, rows, cell } = terrain;
  const cx = minX + ((cols - 1) * cell) / 2;
  const cz = -(minY + ((rows - 1) * cell) / 2);
  return (
    <group>
      {/* The whole grid is inside three's own frustum test; the chunks' finer one runs in onBeforeRender. */}
      <mesh ref={mesh} geometry={geometry}>
        <meshLambertMaterial vertexColors color={dark ? '#8797a3' : '#ffffff'} />
      </mesh>
      {/* A plain to the horizon, just under the grid's edge, so the ground never ends in sky; fog hides the seam. */}
      <mesh position={[cx, FLOOR_M - 12, cz]} rotation={[-Math.PI / 2, 0, 0]}>
        <planeGeometry args={[120_000, 120_000]} />
        <meshLambertMaterial color={dark ? '#4d6b45' : '#6d9a52'} />
      </mesh>
    </group>
  );
}
