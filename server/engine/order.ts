import { cmpStr } from './util';

const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const MASK = BUCKETS - 1;
const TWO_32 = 2 ** 32;

/**
 * Sorts `queue` (indices into the flat arrays) by key, then queue time, then id: the priority order.
 * Key and queue time fold into one integer rank: equal keys mean queue times equal or exactly one head start
 * apart, so rank = 2·(key − min key) + (queued > key ? 1 : 0). The rank is sorted by a stable LSD radix sort,
 * linear in the queue (the n log n comparator sort of 50,000 trucks cost more than the rest of the plan);
 * runs of equal rank, rare with millisecond times, are then ordered by id. Non-integer keys fall back to a
 * comparator sort.
 */
export function sortQueue(queue: number[], key: Float64Array, queued: Float64Array, ids: readonly string[]): void {
  const n = queue.length;
  let min = Infinity;
  let integral = true;
  for (const i of queue) {
    const k = key[i]!;
    if (k < min) min = k;
    if (!Number.isInteger(k)) integral = false;
  }
  if (!integral) {
    queue.sort((a, b) => key[a]! - key[b]! || queued[a]! - queued[b]! || cmpStr(ids[a]!, ids[b]!));
    return;
  }
  // Rank split into 32-bit halves; digit passes run over lo bits 0–31, then hi bits as needed.
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let p = 0; p < n; p++) {
    const i = queue[p]!;
    const rank = 2 * (key[i]! - min) + (queued[i]! > key[i]! ? 1 : 0);
    lo[p] = rank % TWO_32;
    hi[p] = Math.floor(rank / TWO_32);
  }
  let order = new Int32Array(n);
  let spare = new Int32Array(n);
  for (let p = 0; p < n; p++) order[p] = p;
  const count = new Int32Array(BUCKETS);
  for (const [digits, shift] of [[lo, 0], [lo, DIGIT_BITS], [lo, 2 * DIGIT_BITS], [hi, 0], [hi, DIGIT_BITS]] as const) {
    count.fill(0);
    for (let p = 0; p < n; p++) count[(digits[order[p]!]! >>> shift) & MASK]!++;
    // A digit equal everywhere leaves the order as it is: skip the scatter.
    if (n === 0 || count[(digits[order[0]!]! >>> shift) & MASK] === n) continue;
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let p = 0; p < n; p++) {
      const q = order[p]!;
      spare[count[(digits[q]! >>> shift) & MASK]!++] = q;
    }
    [order, spare] = [spare, order];
  }
  const original = Int32Array.from(queue);
  for (let p = 0; p < n; p++) queue[p] = original[order[p]!]!;
  // Runs of equal rank: order by id (insertion sort: runs are short) so the input order never shows.
  let start = 0;
  for (let p = 1; p <= n; p++) {
    if (p < n && lo[order[p]!] === lo[order[start]!] && hi[order[p]!] === hi[order[start]!]) continue;
    for (let a = start + 1; a < p; a++) {
      const x = queue[a]!;
      let b = a - 1;
      while (b >= start && cmpStr(ids[queue[b]!]!, ids[x]!) > 0) {
        queue[b + 1] = queue[b]!;
        b--;
      }
      queue[b + 1] = x;
    }
    start = p;
  }
}
