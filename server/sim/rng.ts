/** Seeded random numbers (mulberry32): the same seed gives the same simulated day. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  /** Exponential with the given mean (Poisson inter-arrival times). */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
  /** Picks a key with probability proportional to its weight. */
  pick<K extends string>(weights: Partial<Record<K, number>>): K {
    let total = 0;
    for (const w of Object.values<number | undefined>(weights)) total += w ?? 0;
    let r = this.next() * total;
    let last: K | undefined;
    for (const [k, w] of Object.entries(weights) as [K, number][]) {
      last = k;
      r -= w;
      if (r < 0) return k;
    }
    if (last === undefined) throw new Error('pick from no weights');
    return last;
  }
}
