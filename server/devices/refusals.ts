/**
 * Counts of refused device payloads by reason: every reason starts at 0, so a scraper sees the full set.
 * `onCount` lets the owner mirror the total elsewhere (the security counters).
 */
export class RefusalCounts<R extends string> {
  private readonly counts = new Map<R, number>();
  onCount: ((n: number) => void) | undefined;

  constructor(reasons: readonly R[]) {
    for (const r of reasons) this.counts.set(r, 0);
  }

  /** Counts `n` payloads (or messages) refused for `reason`. */
  count(reason: R, n = 1): void {
    if (n <= 0) return;
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + n);
    this.onCount?.(n);
  }

  get(reason: R): number {
    return this.counts.get(reason) ?? 0;
  }

  /** A plain copy for `/api/health` and metrics. */
  snapshot(): Partial<Record<R, number>> {
    return Object.fromEntries(this.counts) as Partial<Record<R, number>>;
  }
}
