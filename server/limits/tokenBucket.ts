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
