import { TokenBucket } from '../limits/tokenBucket';

export { TokenBucket };

/** One bucket per key (a device token, a socket), forgetting keys whose bucket has refilled. */
export class KeyedLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private lastSweep = 0;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {}

  /** 0 when `key` may spend `cost` now, else the ms to wait. */
  take(key: string, cost: number): number {
    const now = this.now();
    if (now - this.lastSweep > 60_000) this.sweep(now);
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = new TokenBucket(this.rate, this.burst, now)));
    return b.take(cost, now);
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [k, b] of this.buckets) if (b.idle(now)) this.buckets.delete(k);
  }
}

/** Counts events in a sliding window; `hit` says whether the count is now over `max`. */
export class StrikeCounter {
  private times: number[] = [];

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  hit(now: number): boolean {
    this.times.push(now);
    if (this.times.length > this.max) {
      const from = now - this.windowMs;
      this.times = this.times.filter((t) => t > from);
    }
    return this.times.length > this.max;
  }
}
