import type { Site } from '../../server/protocol/site';
import type { Kpi, StatusLevel, StatusReason } from '../../server/protocol/viewer';
import { fullestYard, worstReason, type TileReason, type YardFill } from './tileReason';

/** One freight crossing's headline figures (both directions added up). */
export interface CrossingSummary {
  crossing: string;
  queued: number;
  cleared: number;
  /** Trucks waiting now: mean (weighted by each direction's queue) and the larger p95 of the two directions. */
  waitMeanMin: number;
  waitP95Min: number;
  perishableOver2h: number;
  /** The worse direction's status; the worst reason over both directions (what the tile says). */
  status: StatusLevel;
  worst: TileReason | null;
  /** Each reason's worst level over both directions (what each figure is coloured by). */
  levels: ReadonlyMap<StatusReason['kind'], StatusReason['level']>;
  /** The fuller yard, as its yard-fill alert counts it (one direction's trucks against that yard's capacity). */
  yard: YardFill | null;
  /** When the crossing is closed: its next opening. */
  opensAt: number | null;
  target2027: [number, number] | null;
  /** Cleared by closing as the engine projects it. */
  projected: number | null;
}

/** The site's headline figures: per freight crossing, and totals. */
export interface KpiSummary {
  rows: CrossingSummary[];
  queued: number;
  cleared: number;
  /** Mean wait of every truck waiting now, over every crossing and direction. */
  waitMeanMin: number;
  /** Sum of the 2027 lower bounds over crossings that have a target. */
  target2027: number;
  /**
   * The day by closing: everything cleared so far, at every crossing (as `cleared`), plus what the engine still
   * expects today at the crossings it projects. Never below `cleared`.
   */
  projected: number;
}

const RANK: { [L in StatusLevel]: number } = { ok: 0, watch: 1, critical: 2 };

/** Queued, cleared-today and waits per freight crossing, in the site's order, plus totals. */
export function kpiSummary(kpi: Kpi, site: Site): KpiSummary {
  const rows = site.crossings
    .filter((c) => c.kind === 'freight')
    .map((c): CrossingSummary => {
      const ks = kpi.crossings.filter((k) => k.crossing === c.id);
      const queued = ks.reduce((n, k) => n + k.queue, 0);
      const cleared = ks.reduce((n, k) => n + k.clearedToday, 0);
      const waitMeanMin = queued > 0 ? ks.reduce((n, k) => n + k.waitNowMeanMin * k.queue, 0) / queued : 0;
      const waitP95Min = ks.reduce((n, k) => Math.max(n, k.waitNowP95Min), 0);
      const worst = ks.reduce<(typeof ks)[number] | undefined>((w, k) => (!w || RANK[k.status] > RANK[w.status] ? k : w), undefined);
      const closed = ks.find((k) => !k.open && k.opensAt !== undefined);
      const perishableOver2h = ks.reduce((n, k) => n + k.perishableOver2h, 0);
      const tgt = kpi.targets.find((x) => x.crossing === c.id);
      const target2027 = c.target2027 ?? tgt?.target2027 ?? null;
      // The engine's projection of the day (clearance rate and what is queued), not a straight line.
      const projected = tgt ? tgt.projected : null;
      return {
        crossing: c.id, queued, cleared, waitMeanMin, waitP95Min, perishableOver2h, target2027, projected,
        status: worst?.status ?? 'ok', worst: worstReason(ks), levels: reasonLevels(ks), yard: fullestYard(ks),
        opensAt: closed?.opensAt ?? null,
      };
    });
  const waiting = kpi.crossings.reduce((n, k) => n + k.queue, 0);
  const cleared = kpi.crossings.reduce((n, k) => n + k.clearedToday, 0);
  // Only the crossings with a target have a projection, and `cleared` counts every crossing: the sum of the
  // projections alone fell below the count beside it (at 19:35 in the jam, "103 cleared · projected day: 95", Cốc
  // Nam's 8 counted in one and not the other).
  const toCome = rows.reduce((n, r) => n + (r.projected === null ? 0 : Math.max(0, r.projected - r.cleared)), 0);
  return {
    rows,
    queued: rows.reduce((n, r) => n + r.queued, 0),
    cleared,
    waitMeanMin: waiting > 0 ? kpi.crossings.reduce((n, k) => n + k.waitNowMeanMin * k.queue, 0) / waiting : 0,
    target2027: rows.reduce((n, r) => n + (r.target2027?.[0] ?? 0), 0),
    projected: cleared + toCome,
  };
}

/** Each reason kind's worst level over a crossing's directions. */
function reasonLevels(ks: readonly Kpi['crossings'][number][]): Map<StatusReason['kind'], StatusReason['level']> {
  const out = new Map<StatusReason['kind'], StatusReason['level']>();
  for (const k of ks) for (const r of k.reasons) if (RANK[r.level] > RANK[out.get(r.kind) ?? 'ok']) out.set(r.kind, r.level);
  return out;
}

/** How today stands against the crossings' daily targets, as the engine judges each crossing (`kpi.targets`). */
export type DayVerdict = Kpi['targets'][number]['verdict'];

const VERDICT_RANK: { [V in DayVerdict]: number } = { 'too-early': 0, 'on-track': 1, 'at-risk': 2, 'off-track': 3 };

/**
 * The site's day in one word, for the wall's "cleared today" tile: the worst verdict of the crossings with a target
 * (one crossing off track puts the day off track; "too early" only while every crossing is); null without targets.
 */
export function dayVerdict(kpi: Kpi): DayVerdict | null {
  return kpi.targets.reduce<DayVerdict | null>((w, g) => (w === null || VERDICT_RANK[g.verdict] > VERDICT_RANK[w] ? g.verdict : w), null);
}
