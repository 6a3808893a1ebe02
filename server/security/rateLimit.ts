/**
 * A token bucket: `rate` units per second refill it up to `burst`. A request is let through while the bucket
 * holds anything and may take it below zero (a batch larger than the burst still passes once, then waits),
 * so the long-run rate is exact and no legal batch size is refused for good.
 */
export class TokenBucket {
  private level: number;
  private at: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now: number,
  ) {
    this.level = burst;
    this.at = now;
  }

  /** Takes `cost` units at wall time `now` (ms); returns 0 when allowed, else the ms until it would be. */
  take(cost: number, now: number): number {
    this.refill(now);
    if (this.level > 0) {
      this.level -= cost;
      return 0;
    }
    return Math.ceil(((-this.level + 1) / this.rate) * 1000);
  }

  /** True when the bucket is full again (an idle key that can be forgotten). */
  idle(now: number): boolean {
    this.refill(now);
    return this.level >= this.burst;
  }

  private refill(now: number): void {
    const dt = Math.max(0, now - this.at);
    this.at = now;
    this.level = Math.min(this.burst, this.level + (dt / 1000) * this.rate);
  }
}

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
