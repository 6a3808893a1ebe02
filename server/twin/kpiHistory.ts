import { localMidnight } from '../engine/clock';
import { HISTORY_BUCKET_MS, type Alert, type Kpi, type KpiBucket, type KpiHistory, type StatusLevel } from '../protocol';

const RANK: { [L in StatusLevel]: number } = { ok: 0, watch: 1, critical: 2 };
// A day holds 288 buckets per crossing and direction; alerts are bounded so a flapping sensor cannot grow it.
const MAX_ALERTS = 5_000;

/**
 * The live day's history in 5-minute buckets, kept from every `kpi` the engine makes, so a page that opens at
 * 10:00 gets the whole morning at once. A new site-local day starts an empty one; each bucket that closes is
 * handed to `onClosed` (the live side records it, so a recorded day can be read back the same way).
 */
export class KpiHistoryBook {
  private day = '';
  private dayStart = 0;
  private readonly buckets = new Map<string, KpiBucket>();
  private readonly order: KpiBucket[] = [];
  private alerts: { ts: number; alert: Alert }[] = [];
  private readonly open = new Map<string, KpiBucket>();

  constructor(
    private readonly tzH: number,
    private readonly onClosed: (buckets: KpiBucket[]) => void = () => undefined,
  ) {}

  /** Adds one KPI sample (1 Hz); the figures of the bucket are those of its last sample, its status the worst. */
  add(kpi: Kpi): void {
    if (kpi.day !== this.day) this.reset(kpi.day, localMidnight(kpi.ts, this.tzH));
    const t = this.dayStart + Math.floor((kpi.ts - this.dayStart) / HISTORY_BUCKET_MS) * HISTORY_BUCKET_MS;
    const closed: KpiBucket[] = [];
    for (const c of kpi.crossings) {
      const key = `${c.crossing}:${c.direction}`;
      const cur = this.open.get(key);
      if (cur && cur.t !== t) closed.push(cur);
      const prevEnd = cur && cur.t !== t ? cur.clearedToday : (this.previous(key, t)?.clearedToday ?? 0);
      const same = cur?.t === t ? cur : undefined;
      const b: KpiBucket = {
        t, crossing: c.crossing, direction: c.direction, queue: c.queue, clearedToday: c.clearedToday,
        cleared: Math.max(0, c.clearedToday - (same ? same.clearedToday - same.cleared : prevEnd)),
        waitNowMeanMin: c.waitNowMeanMin, waitNowP95Min: c.waitNowP95Min, laneUtilisation: c.laneUtilisation,
        status: same && RANK[same.status] > RANK[c.status] ? same.status : c.status,
      };
      if (same) {
        Object.assign(same, b);
        continue;
      }
      this.open.set(key, b);
      this.order.push(b);
      this.buckets.set(`${key}:${t}`, b);
    }
    if (closed.length > 0) this.onClosed(closed);
  }

  /** Remembers an alert raised or cleared today. */
  alert(ts: number, alert: Alert): void {
    if (this.alerts.length >= MAX_ALERTS) this.alerts = this.alerts.slice(-MAX_ALERTS / 2);
    this.alerts.push({ ts, alert });
  }

  /** The day so far, or undefined when no KPI has come yet. */
  history(): KpiHistory | undefined {
    if (!this.day) return undefined;
    const dayStart = this.dayStart;
    return { day: this.day, dayStart, bucketMs: HISTORY_BUCKET_MS, source: 'live', buckets: this.order.map((b) => ({ ...b })), alerts: this.alerts.filter((a) => a.ts >= dayStart) };
  }

  /** The site-local day being kept ('' before the first KPI). */
  get today(): string {
    return this.day;
  }

  private previous(key: string, t: number): KpiBucket | undefined {
    for (let s = t - HISTORY_BUCKET_MS; s >= this.dayStart; s -= HISTORY_BUCKET_MS) {
      const b = this.buckets.get(`${key}:${s}`);
      if (b) return b;
    }
    return undefined;
  }

  private reset(day: string, dayStart: number): void {
    this.day = day;
    this.dayStart = dayStart;
    this.buckets.clear();
    this.order.length = 0;
    this.open.clear();
    this.alerts = this.alerts.filter((a) => a.ts >= dayStart);
  }
}
