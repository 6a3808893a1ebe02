import { useLayoutEffect, useMemo, useRef } from 'react';
import { Box3, BufferAttribute, type BufferGeometry, DynamicDrawUsage, Frustum, Matrix4, type Mesh, Vector3, type Camera } from 'three';
import { FLOOR_M, type Terrain } from './terrain';
import { DARK_TINT, groundGeometry, PLAIN, PLAIN_DARK } from './groundGeometry';
import { assembleChunks, chooseChunks, terrainChunks, terrainDrawn, type Box } from './terrainChunks';
import { useSite3d } from '../site/site3d';

/**
 * The ground's geometry, its index buffer holding every chunk, and `cull`, which rewrites that buffer with only the
 * chunks in a camera's view (when they changed) and notes what it drew in `terrainDrawn`.
 */
function chunkedGround(terrain: Terrain): { geometry: BufferGeometry; cull: (camera: Camera) => void } {
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
        <meshLambertMaterial vertexColors color={dark ? DARK_TINT : '#ffffff'} />
      </mesh>
      {/* A plain to the horizon, just under the grid's edge, so the ground never ends in sky; fog hides the seam. */}
      <mesh position={[cx, FLOOR_M - 12, cz]} rotation={[-Math.PI / 2, 0, 0]}>
        <planeGeometry args={[120_000, 120_000]} />
        <meshLambertMaterial color={dark ? PLAIN_DARK : PLAIN} />
      </mesh>
    </group>
  );
}
