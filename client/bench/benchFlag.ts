/** Most synthetic vehicles a benchmark page may ask for (handles are u16; leave room). */
export const MAX_BENCH = 20_000;

/** `?bench=5000` → 5000: the benchmark page mode (0 when absent or malformed). */
export function benchCount(search: string): number {
  const v = new URLSearchParams(search).get('bench');
  if (!v || !/^\d+$/.test(v)) return 0;
  return Math.min(MAX_BENCH, Number(v));
}

/** `?waiting=1200` → 1200 trucks standing in the crossings' queues besides the moving ones (0 when absent). */
export function benchWaiting(search: string): number {
  const v = new URLSearchParams(search).get('waiting');
  if (!v || !/^\d+$/.test(v)) return 0;
  return Math.min(MAX_BENCH, Number(v));
}
