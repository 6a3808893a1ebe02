import { EntityKind } from '../../../server/protocol/frameCodec';
import type { EntityTable } from '../../state/entityTable';

/** A yard's square pad in local metres. */
export interface YardPad {
  x: number;
  y: number;
  half: number;
  capacity: number;
}

/** Fill level (0–1, may exceed 1 when over capacity) of each yard: the trucks standing on its pad. */
export function yardFill(t: EntityTable, yards: readonly YardPad[], out: Float32Array): Float32Array {
  out.fill(0);
  const list = t.slots[EntityKind.truck]!;
  const n = t.counts[EntityKind.truck]!;
  for (let s = 0; s < n; s++) {
    const h = list[s]!;
    const x = t.x1[h]!;
    const y = t.y1[h]!;
    for (let i = 0; i < yards.length; i++) {
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
