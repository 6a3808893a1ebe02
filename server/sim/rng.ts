import { mulberry32 } from '../protocol/random';

/** Seeded random numbers (mulberry32): the same seed gives the same simulated day. */
export class Rng {
  private readonly draw: () => number;
  constructor(seed: number) {
    this.draw = mulberry32(seed);
  }
  /** Uniform in [0, 1). */
  next(): number {
    return this.draw();
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
