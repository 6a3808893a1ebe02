import type { Alert, CrossingKpi, Kpi } from './viewer';

// An active alert as it stands now, for every reader of alerts (the screens, GET /api/alerts): the engine sends an
// alert again only when its severity changes, so its params are the figures it was raised with.

/**
 * An active alert's figures as they stand now. The engine keeps an alert's params as first raised (it sends an alert
 * again only when its severity changes), and the figure behind it moves on: in a jam a yard raised at "737 / 600"
 * was at 2,550 half an hour later, while the crossing's tile beside the banner said so. Where the KPIs (the same
 * engine run's) carry the alert's figure for its crossing and direction, that one is shown; cleared alerts, and
 * alerts whose figure the KPIs do not carry (lanes, AGVs, sensors), keep their own.
 */
export function liveParams(a: Alert, kpi: Kpi | null | undefined): Alert['params'] {
  const p = a.params;
  if (!kpi || a.clearedAt !== undefined || a.crossing === undefined || kpi.ts < a.raisedAt) return p;
  const flow = kpi.crossings.find((c) => c.crossing === a.crossing && c.direction === p.direction);
  const reason = (kind: CrossingKpi['reasons'][number]['kind']) => flow?.reasons.find((r) => r.kind === kind)?.value;
  switch (a.kind) {
    case 'yard-fill':
      return flow && flow.yardCapacity > 0 ? { ...p, count: flow.yardCount, capacity: flow.yardCapacity } : p;
    case 'queue-high':
      return flow ? { ...p, queue: flow.queue } : p;
    case 'wait-mean':
      return flow ? { ...p, waitMin: Math.round(reason('wait-mean') ?? flow.waitNowMeanMin), queue: flow.yardCount } : p;
    case 'wait-p95':
      return flow ? { ...p, waitMin: Math.round(reason('wait-p95') ?? flow.waitNowP95Min), queue: flow.yardCount } : p;
    case 'no-clearance': {
      const minutes = reason('no-clearance');
      return flow ? { ...p, queue: flow.yardCount, ...(minutes === undefined ? {} : { minutes: Math.round(minutes) }) } : p;
    }
    case 'perishable-wait': {
      const maxWait = reason('perishable');
      return flow ? { ...p, count: flow.perishableOver2h, ...(maxWait === undefined ? {} : { maxWaitMin: Math.round(maxWait) }) } : p;
    }
    case 'perishable-near': {
      const maxWait = reason('perishable');
      return maxWait === undefined ? p : { ...p, maxWaitMin: Math.round(maxWait) };
    }
    case 'after-hours': {
      const flows = kpi.crossings.filter((c) => c.crossing === a.crossing);
      return flows.length > 0 ? { ...p, queue: flows.reduce((s, c) => s + c.queue, 0) } : p;
    }
    case 'shortfall': {
      const target = kpi.targets.find((x) => x.crossing === a.crossing);
      return target ? { ...p, projected: target.projected } : p;
    }
    default:
      return p;
  }
}

/**
 * Trucks waiting now behind an alert: its crossing's queue in the alert's direction (both directions when it names
 * none), from the KPIs; 0 for an alert of no crossing, a cleared one, or without KPIs.
 */
export function trucksBehind(a: Alert, kpi: Kpi | null | undefined): number {
  if (!kpi || a.crossing === undefined || a.clearedAt !== undefined) return 0;
  const direction = a.params.direction;
  let n = 0;
  for (const c of kpi.crossings) if (c.crossing === a.crossing && (typeof direction !== 'string' || c.direction === direction)) n += c.queue;
  return n;
}
