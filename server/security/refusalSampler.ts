/**
 * Samples refusals for the audit log: per reason, at most `perWindow` lines per window (a minute by default).
 * Refusals past that are only counted, and the next line written for the reason carries how many were left out,
 * so a flood of anonymous requests costs a few lines a minute instead of one line each.
 */
export class RefusalSampler {
  private readonly windows = new Map<string, { start: number; written: number; skipped: number }>();

  constructor(
    private readonly perWindow: number,
    private readonly now: () => number,
    private readonly windowMs = 60_000,
  ) {}

  /** Whether to write this refusal; if so, how many of its reason were skipped since the last line written. */
  admit(reason: string): { write: false } | { write: true; skipped: number } {
    const now = this.now();
    let w = this.windows.get(reason);
    if (!w || now - w.start >= this.windowMs) {
      const skipped = w?.skipped ?? 0;
      this.windows.set(reason, (w = { start: now, written: 0, skipped }));
    }
    if (w.written >= this.perWindow) {
      w.skipped++;
      return { write: false };
    }
    w.written++;
    const skipped = w.skipped;
    w.skipped = 0;
    return { write: true, skipped };
  }
}
