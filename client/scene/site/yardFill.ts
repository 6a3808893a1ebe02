import { EntityKind } from '../../../server/protocol/frameCodec';
import type { EntityTable } from '../../state/entityTable';

/** A yard's square pad in local metres. */
export interface YardPad {
  x: number;
  y: number;
  half: number;
  capacity: number;
}

/** Side (m) of the cells of the lookup grid: most cells touch no pad, the others one. */
const CELL_M = 100;

/** Which pads touch each cell of a grid over the pads' bounds (cell c's pads: ids[start[c]] … ids[start[c+1] − 1]). */
interface PadGrid {
  minX: number;
  minY: number;
  cols: number;
  rows: number;
  start: Int32Array;
  ids: Int16Array;
}

const grids = new WeakMap<readonly YardPad[], PadGrid>();

/** The lookup grid of a list of pads, built once per list; pads are listed per cell in their list order. */
function gridOf(yards: readonly YardPad[]): PadGrid {
  const known = grids.get(yards);
  if (known) return known;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const p of yards) {
    minX = Math.min(minX, p.x - p.half);
    minY = Math.min(minY, p.y - p.half);
    maxX = Math.max(maxX, p.x + p.half);
    maxY = Math.max(maxY, p.y + p.half);
  }
  const cols = yards.length ? Math.floor((maxX - minX) / CELL_M) + 1 : 0;
  const rows = yards.length ? Math.floor((maxY - minY) / CELL_M) + 1 : 0;
  const cells: number[][] = Array.from({ length: cols * rows }, () => []);
  yards.forEach((p, i) => {
    // Every cell the closed square touches: a point on the pad's edge still finds it.
    const c0 = Math.floor((p.x - p.half - minX) / CELL_M), c1 = Math.min(cols - 1, Math.floor((p.x + p.half - minX) / CELL_M));
    const r0 = Math.floor((p.y - p.half - minY) / CELL_M), r1 = Math.min(rows - 1, Math.floor((p.y + p.half - minY) / CELL_M));
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) cells[r * cols + c]!.push(i);
  });
  const start = new Int32Array(cells.length + 1);
  cells.forEach((list, c) => (start[c + 1] = start[c]! + list.length));
  const grid = { minX, minY, cols, rows, start, ids: Int16Array.from(cells.flat()) };
  grids.set(yards, grid);
  return grid;
}

/**
 * Fill level (0–1, may exceed 1 when over capacity) of each yard: the trucks standing on its pad (the first pad
 * in list order, should two overlap). A grid finds the pads near a truck, so the cost is one lookup per truck.
 */
export function yardFill(t: EntityTable, yards: readonly YardPad[], out: Float32Array): Float32Array {
  out.fill(0);
  const g = gridOf(yards);
  const list = t.slots[EntityKind.truck]!;
  const n = t.counts[EntityKind.truck]!;
  for (let s = 0; s < n; s++) {
    const h = list[s]!;
    const x = t.x1[h]!;
    const y = t.y1[h]!;
    const c = Math.floor((x - g.minX) / CELL_M);
    const r = Math.floor((y - g.minY) / CELL_M);
    if (!(c >= 0 && c < g.cols && r >= 0 && r < g.rows)) continue;
    const cell = r * g.cols + c;
    for (let k = g.start[cell]!, end = g.start[cell + 1]!; k < end; k++) {
      const i = g.ids[k]!;
      const p = yards[i]!;
      if (Math.abs(x - p.x) <= p.half && Math.abs(y - p.y) <= p.half) {
        out[i]! += 1;
        break;
      }
    }
  }
  for (let i = 0; i < yards.length; i++) out[i] = out[i]! / yards[i]!.capacity;
  return out;
}
