import { describe, expect, it } from 'vitest';
import type { KpiBucket, KpiHistory } from '../../../server/protocol';
import { TodayPrefix, withRecordedPrefix } from '../../../server/http/todayHistory';

const T0 = Date.parse('2026-06-01T07:00:00+07:00');
const B = 300_000;
const buildBucket = (i: number, queue: number): KpiBucket => ({
  t: T0 + i * B, crossing: 'huu-nghi-freight', direction: 'export', queue, clearedToday: 0, cleared: 0,
  waitNowMeanMin: 0, waitNowP95Min: 0, laneUtilisation: 0, status: 'ok',
});
const alert = (ts: number) => ({ ts, alert: { id: `a${ts}`, kind: 'wait-mean', severity: 'warning', raisedAt: ts, params: {} } }) as unknown as KpiHistory['alerts'][number];
const buildHistory = (source: KpiHistory['source'], buckets: KpiBucket[], alerts: KpiHistory['alerts'] = []): KpiHistory => ({
  day: '2026-06-01', dayStart: Date.parse('2026-06-01T00:00:00+07:00'), bucketMs: B, source, buckets, alerts,
});

describe("today's history after a restart", () => {
  // The first process kept 07:00–07:55 and recorded each closed bucket; the second started at 08:10.
  const recorded = buildHistory('recording', [0, 1, 2, 3].map((i) => buildBucket(i, 100 + i)), [alert(T0 + B)]);
  const live = buildHistory('live', [14, 15].map((i) => buildBucket(i, 300 + i)), [alert(T0 + 14 * B + 1)]);

  it('puts the recorded morning before what this process kept, oldest first', () => {
    const h = withRecordedPrefix(live, recorded);
    expect(h.source).toBe('live');
    expect(h.buckets.map((b) => b.queue)).toEqual([100, 101, 102, 103, 314, 315]);
    expect(h.alerts.map((a) => a.ts)).toEqual([T0 + B, T0 + 14 * B + 1]);
  });

  it('adds nothing when the recording holds nothing older (no restart), or is of another day', () => {
    const same = buildHistory('recording', live.buckets);
    expect(withRecordedPrefix(live, same)).toBe(live);
    expect(withRecordedPrefix(live, { ...recorded, day: '2026-05-31' })).toBe(live);
    expect(withRecordedPrefix(live, null)).toBe(live);
  });

  it('reads the recording once per day, and carries on without it when it cannot be read', async () => {
    let reads = 0;
    const prefix = new TodayPrefix(async () => {
      reads++;
      return recorded;
    });
    await prefix.history(live);
    const h = await prefix.history({ ...live, buckets: [...live.buckets, buildBucket(16, 316)] });
    expect(reads).toBe(1);
    expect(h.buckets).toHaveLength(7);
    const missing = new TodayPrefix(() => Promise.reject(new Error('no recording of 2026-06-01')));
    expect(await missing.history(live)).toBe(live);
  });
});
