import { useMemo } from 'react';
import { BufferAttribute, BufferGeometry, Color } from 'three';
import { FLOOR_M } from './terrain';
import { useSite3d } from '../site/site3d';

/** Land cover: fields on the valley floor (two crops), forest on slopes, bare limestone on cliffs. */
const FIELD_A = new Color('#8fb05a');
const FIELD_B = new Color('#9fb463');
const FOREST = new Color('#2f5a2e');
const ROCK = new Color('#a3a395');
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
