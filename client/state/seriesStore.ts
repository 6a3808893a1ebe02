import { create } from 'zustand';
import type { Site } from '../../server/protocol/site';
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

/** Forgets the history (a replay jumped to another recording). */
export const resetSeries = (): void => useSeries.setState((s) => ({ series: null, version: s.version + 1 }));
