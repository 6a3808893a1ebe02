import { BufferAttribute, BufferGeometry, Color } from 'three';
import { smoothstep } from './noise';
import { EDGE_FADE_M, type Terrain } from './terrain';

/** Land cover: fields on the valley floor (two crops), forest on slopes, bare limestone on cliffs. */
export const FIELD_A = new Color('#8fb05a');
export const FIELD_B = new Color('#9fb463');
const FOREST = new Color('#2f5a2e');
const ROCK = new Color('#a3a395');
/** The plain around the grid; the grid's land cover turns into it over its outer band, so no seam shows. */
export const PLAIN = new Color('#6d9a52');
/** The wall's dark theme tints the ground (the material's colour multiplies the vertex colours), the plain alike. */
export const DARK_TINT = new Color('#8797a3');
export const PLAIN_DARK = PLAIN.clone().multiply(DARK_TINT);
const _c = new Color();

/** The height field's vertices, coloured by land cover (normals and the index are the caller's: Terrain.tsx). */
export function groundGeometry(terrain: Terrain): BufferGeometry {
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
      // Towards the grid's edge, where the hills have faded to the floor, the fields fade into the plain.
      const edge = Math.min(c, r, cols - 1 - c, rows - 1 - r) * cell;
      if (edge < EDGE_FADE_M) _c.lerp(PLAIN, 1 - smoothstep(0, EDGE_FADE_M, edge));
      col.set([_c.r, _c.g, _c.b], i * 3);
    }
  }
  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(pos, 3));
  g.setAttribute('color', new BufferAttribute(col, 3));
  return g;
}

