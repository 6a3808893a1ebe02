import { useMemo } from 'react';
import { BufferAttribute, BufferGeometry, Color } from 'three';
import { FLOOR_M, RELIEF_M } from './terrain';
import { useSite3d } from './site3d';

const LOW = new Color('#6d9a52');
const MID = new Color('#3f6e3b');
const TOP = new Color('#8a9478');
const _c = new Color();

/** The ground: the shared height field as one mesh, coloured by height (valley fields, wooded karst, bare tops). */
export function Terrain() {
  const { terrain, dark } = useSite3d();
  const geometry = useMemo(() => {
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
        const t = Math.min(1, Math.max(0, (h - FLOOR_M - 8) / RELIEF_M));
        if (t < 0.35) _c.copy(LOW).lerp(MID, t / 0.35);
        else _c.copy(MID).lerp(TOP, (t - 0.35) / 0.65);
        col.set([_c.r, _c.g, _c.b], i * 3);
      }
    }
    const index = new Uint32Array((cols - 1) * (rows - 1) * 6);
    let k = 0;
    for (let r = 0; r < rows - 1; r++) {
      for (let c = 0; c < cols - 1; c++) {
        const a = r * cols + c;
        // Rows grow northwards, i.e. towards −z: this winding faces up.
        index.set([a, a + 1, a + cols, a + 1, a + cols + 1, a + cols], k);
        k += 6;
      }
    }
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(pos, 3));
    g.setAttribute('color', new BufferAttribute(col, 3));
    g.setIndex(new BufferAttribute(index, 1));
    g.computeVertexNormals();
    return g;
  }, [terrain]);
  const { minX, minY, cols, rows, cell } = terrain;
  const cx = minX + ((cols - 1) * cell) / 2;
  const cz = -(minY + ((rows - 1) * cell) / 2);
  return (
    <group>
      <mesh geometry={geometry}>
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
