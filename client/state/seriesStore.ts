import { create } from 'zustand';
import type { Site } from '../../server/protocol/site';
import type { KpiBucket, KpiHistory } from '../../server/protocol/history';
import type { Kpi } from '../../server/protocol/viewer';
import { addKpiSample, type DaySeries } from './kpiSeries';

/** The day's KPI history for the charts; `version` changes with every sample (at most 1 Hz). */
export interface SeriesState {
  series: DaySeries | null;
  version: number;
}

/** The app's KPI history store. */
export const useSeries = create<SeriesState>(() => ({ series: null, version: 0 }));

let crossingsOf: { site: Site | null; ids: readonly string[] } = { site: null, ids: [] };

/** The freight crossings of a site, in site order (one stable array per site, so the series can key on it). */
export function freightCrossings(site: Site): readonly string[] {
  if (crossingsOf.site !== site) crossingsOf = { site, ids: site.crossings.filter((c) => c.kind === 'freight').map((c) => c.id) };
  return crossingsOf.ids;
}

/** Records one `kpi` event into the history (called by the stream client, never by components). */
export function recordKpi(kpi: Kpi, site: Site | null): void {
  if (!site) return;
  const s = useSeries.getState();
  const series = addKpiSample(s.series, kpi, site.timezones.vn, freightCrossings(site));
  useSeries.setState({ series, version: s.version + 1 });
}

/**
 * Fills the history from the server's day in 5-minute buckets (`GET /api/kpi/history`), so the charts are full
 * the moment a page opens; live samples then carry on. Another day than the series' starts it anew.
 */
export function seedHistory(history: KpiHistory, site: Site | null): void {
  if (!site) return;
  const byT = new Map<number, KpiBucket[]>();
  for (const b of history.buckets) byT.set(b.t, [...(byT.get(b.t) ?? []), b]);
  const s = useSeries.getState();
  let series = s.series && s.series.day !== history.day ? null : s.series;
  for (const t of [...byT.keys()].sort((a, b) => a - b)) {
    // The bucket's figures are those at its end: sample them just before it closes.
    series = addKpiSample(series, { ts: t + history.bucketMs - 1, day: history.day, crossings: byT.get(t)! }, site.timezones.vn, freightCrossings(site));
  }
  if (series) useSeries.setState({ series, version: s.version + 1 });
}

/** Forgets the history (a replay jumped to another recording). */
export const resetSeries = (): void => useSeries.setState((s) => ({ series: null, version: s.version + 1 }));
