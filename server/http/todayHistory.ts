import type { KpiHistory } from '../protocol';

/**
 * Today's history after a restart: what the recording holds from before this process's first bucket (each bucket
 * that closed was recorded), then what this process has kept since. Unchanged when the recording has nothing earlier.
 */
export function withRecordedPrefix(live: KpiHistory, recorded: KpiHistory | null): KpiHistory {
  if (!recorded || recorded.day !== live.day) return live;
  const first = live.buckets[0]?.t ?? Infinity;
  const firstAlert = live.alerts[0]?.ts ?? Infinity;
  const buckets = recorded.buckets.filter((b) => b.t < first);
  const alerts = recorded.alerts.filter((a) => a.ts < Math.min(first, firstAlert));
  if (buckets.length === 0 && alerts.length === 0) return live;
  return { ...live, buckets: [...buckets, ...live.buckets], alerts: [...alerts, ...live.alerts] };
}

/** The recorded prefix of today, read once per day and first live bucket (it cannot change after that). */
export class TodayPrefix {
  private cached: { key: string; recorded: Promise<KpiHistory | null> } | undefined;

  constructor(private readonly read: (day: string) => Promise<KpiHistory>) {}

  /** Today's live history with what the recording holds from before it. */
  async history(live: KpiHistory): Promise<KpiHistory> {
    const key = `${live.day}@${live.buckets[0]?.t ?? 'none'}`;
    if (this.cached?.key !== key) this.cached = { key, recorded: this.read(live.day).catch(() => null) };
    return withRecordedPrefix(live, await this.cached.recorded);
  }
}
