import { describe, expect, it } from 'vitest';
import { kpiSummary } from '../../../client/hud/kpiSummary';
import { addKpiSample, SLOTS } from '../../../client/state/kpiSeries';
import { KpiHistoryBook } from '../../../server/twin/kpiHistory';
import { buildCleared, buildTruck, MIN, SITE, T0, tick } from '../../server/engine/builders';

// One snapshot, every place a figure is shown: the KPI the API serves, the cards' and the wall's summary, and the
// charts' series filled from the server's history. "Waiting" is of trucks waiting now; cleared is today's count.
describe('one definition per figure', () => {
  const HN = 'huu-nghi-freight';
  const out = tick({
    trucks: [
      buildTruck({ id: 'e1', queuedAt: T0 - 70 * MIN }),
      buildTruck({ id: 'e2', queuedAt: T0 - 10 * MIN }),
      buildTruck({ id: 'i1', direction: 'import', queuedAt: T0 - 40 * MIN }),
    ],
    // Cleared trucks waited 5 min each: a figure mixing them in would not match.
    cleared: Array.from({ length: 4 }, () => buildCleared({ queuedAt: T0 - 50 * MIN, enteredLaneAt: T0 - 45 * MIN, crossedAt: T0 - 40 * MIN })),
  });
  const kpi = out.kpi;
  const rows = kpi.crossings.filter((c) => c.crossing === HN);
  const row = kpiSummary(kpi, SITE).rows.find((r) => r.crossing === HN)!;

  it('the API rows say trucks waiting now: export 70 and 10 → 40, import 40; cleared today waited 5', () => {
    expect(rows.map((r) => [r.direction, r.queue, r.waitNowMeanMin, r.waitClearedMeanMin, r.clearedToday])).toEqual([
      ['export', 2, 40, 5, 4],
      ['import', 1, 40, 0, 0],
    ]);
  });

  it('the cards and the wall show the same: 3 waiting, mean 40 min, 4 cleared', () => {
    expect(row).toMatchObject({ queued: 3, waitMeanMin: 40, waitP95Min: 70, cleared: 4 });
  });

  it('the charts, filled from the history the server keeps, show the same queue and wait', () => {
    const book = new KpiHistoryBook(SITE.timezones.vn);
    book.add(kpi);
    const h = book.history()!;
    const crossings = SITE.crossings.filter((c) => c.kind === 'freight').map((c) => c.id);
    const byT = h.buckets.filter((b) => b.t === h.buckets[0]!.t);
    const series = addKpiSample(null, { ts: byT[0]!.t + h.bucketMs - 1, day: h.day, crossings: byT }, SITE.timezones.vn, crossings);
    const c = crossings.indexOf(HN);
    const slot = Math.floor((T0 - series.dayStart) / (86_400_000 / SLOTS));
    expect(series.queue[c * SLOTS + slot]).toBe(row.queued);
    expect(series.waitMean[c * SLOTS + slot]).toBeCloseTo(row.waitMeanMin, 5);
    expect(series.lastCleared[c * 24 + 10]).toBe(row.cleared);
  });
});
