import type { Site } from '../../server/protocol/site';
import type { Kpi } from '../../server/protocol/viewer';

/** One freight crossing's headline figures (both directions added up). */
export interface CrossingSummary {
  crossing: string;
  queued: number;
  cleared: number;
  waitMeanMin: number;
  waitP95Min: number;
  perishableOver2h: number;
  target2027: [number, number] | null;
  /** Cleared today extrapolated to the full day (the engine's capacity index × the 2027 lower bound). */
  projected: number | null;
}

/** The site's headline figures: per freight crossing, and totals. */
export interface KpiSummary {
  rows: CrossingSummary[];
  queued: number;
  cleared: number;
  /** Mean wait over every crossing and direction, weighted by vehicles cleared. */
  waitMeanMin: number;
  /** Sum of the 2027 lower bounds, and of the projected days, over crossings that have a target. */
  target2027: number;
  projected: number;
}

// Weighted by what each direction cleared (at least 1): a direction with no traffic says little.
const weight = (cleared: number) => Math.max(1, cleared);

/** Queued, cleared-today and waits per freight crossing, in the site's order, plus totals. */
export function kpiSummary(kpi: Kpi, site: Site): KpiSummary {
  const rows = site.crossings
    .filter((c) => c.kind === 'freight')
    .map((c): CrossingSummary => {
      const ks = kpi.crossings.filter((k) => k.crossing === c.id);
      const queued = ks.reduce((n, k) => n + k.queue, 0);
      const cleared = ks.reduce((n, k) => n + k.clearedToday, 0);
      const w = ks.reduce((n, k) => n + weight(k.clearedToday), 0);
      const waitMeanMin = ks.length ? ks.reduce((n, k) => n + k.waitMeanMin * weight(k.clearedToday), 0) / w : 0;
      const waitP95Min = ks.reduce((n, k) => Math.max(n, k.waitP95Min), 0);
      const perishableOver2h = ks.reduce((n, k) => n + k.perishableOver2h, 0);
      const tgt = kpi.targets.find((x) => x.crossing === c.id);
      const target2027 = c.target2027 ?? tgt?.target2027 ?? null;
      const projected = tgt && target2027 ? Math.round(tgt.capacityIndex * target2027[0]) : null;
      return { crossing: c.id, queued, cleared, waitMeanMin, waitP95Min, perishableOver2h, target2027, projected };
    });
  const w = kpi.crossings.reduce((n, k) => n + weight(k.clearedToday), 0);
  return {
    rows,
    queued: rows.reduce((n, r) => n + r.queued, 0),
    cleared: kpi.crossings.reduce((n, k) => n + k.clearedToday, 0),
    waitMeanMin: w > 0 ? kpi.crossings.reduce((n, k) => n + k.waitMeanMin * weight(k.clearedToday), 0) / w : 0,
    target2027: rows.reduce((n, r) => n + (r.target2027?.[0] ?? 0), 0),
    projected: rows.reduce((n, r) => n + (r.projected ?? 0), 0),
  };
}
