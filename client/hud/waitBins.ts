import type { TwinSnapshot } from '../net/twinSource';
import { histogram } from './charts/chartMath';

/** Lower edges (minutes) of the waiting-time bins; the last bin is open-ended. */
export const WAIT_EDGES = [0, 30, 60, 120, 240, 480] as const;
/** Index of the bin that starts at 2 h: perishable loads should be through by then. */
export const PERISHABLE_LIMIT_BIN = 3;
const WAITING: ReadonlySet<string> = new Set(['queued', 'called']);

/** Current waits (minutes) of the trucks still waiting in a snapshot, split perishable / other, binned. */
export function waitBins(s: TwinSnapshot): { perishable: number[]; other: number[]; count: number; waits: number[] } {
  const per: number[] = [];
  const other: number[] = [];
  for (const t of s.trucks) {
    if (!WAITING.has(t.phase) || typeof t.queuedAt !== 'number') continue;
    const w = Math.max(0, (s.ts - t.queuedAt) / 60_000);
    (t.perishable ? per : other).push(w);
  }
  return { perishable: histogram(per, WAIT_EDGES), other: histogram(other, WAIT_EDGES), count: per.length + other.length, waits: [...per, ...other] };
}

/** Mean and nearest-rank p95 of a list of minutes (0 and 0 when empty). */
export function meanP95(values: readonly number[]): { mean: number; p95: number } {
  if (values.length === 0) return { mean: 0, p95: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { mean, p95: sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]! };
}
