// Small numeric and ordering helpers shared by the engine modules.

/** Code-unit string order: unlike localeCompare it is the same on every machine, which determinism needs. */
export const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Rounds to `digits` decimals so broadcast numbers stay short and stable. */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

// Costs go on the wire as JSON, where Infinity would become null: cap them.
const NO_CAPACITY_COST = 1e9;

/** A finite cost in seconds for a reason, capped at NO_CAPACITY_COST. */
export function costS(ms: number): number {
  return Number.isFinite(ms) ? round(ms / 1000, 1) : NO_CAPACITY_COST;
}

/**
 * Mean, nearest-rank p95 and max of a list of values, in linear time: p95 by quickselect instead of a full
 * sort (the list is reordered in place).
 */
export function summary(values: Float64Array): { mean: number; p95: number; max: number } {
  const n = values.length;
  if (n === 0) return { mean: 0, p95: 0, max: 0 };
  let sum = 0;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    sum += values[i]!;
    if (values[i]! > max) max = values[i]!;
  }
  return { mean: sum / n, p95: select(values, Math.min(n - 1, Math.max(0, Math.ceil(0.95 * n) - 1))), max };
}

// Hoare quickselect: the k-th smallest value (0-based), reordering `a`. Median-of-three pivots keep the
// sorted and constant inputs real queues produce linear.
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
