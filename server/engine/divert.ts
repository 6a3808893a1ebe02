import type { Assignment, IdRecord, Site } from '../protocol';
import { localFrame, polyline } from '../protocol/geo';
import type { ResolvedConfig } from './config';
import { slotAt, takeSlot, type LaneRec, type LaneTable } from './lanes';
import { policyOf } from './policy';

/**
 * Drive from one freight crossing's yard to another's road, minutes (Tân Thanh ↔ Hữu Nghị: ~15 km through Đồng
 * Đăng at ~40 km/h; approx). The simulator drives a diverted truck this long before it reaches the other road.
 */
export const DIVERT_TRANSFER_MIN = 25;
/** Road speed on the approach roads, m/s (~40 km/h; the simulator drives at it). */
const ROAD_SPEED_MS = 11;

const roadIn = new WeakMap<Site, Map<string, number>>();
/**
 * Drive from the Vietnamese end of a crossing's road to its gate, ms: a diverted export joins that road after the
 * transfer and is at the lane only after it.
 */
export function roadInMs(site: Site, crossing: string): number {
  let m = roadIn.get(site);
  if (!m) {
    const frame = localFrame(site.origin);
    m = new Map(site.crossings.map((c) => [c.id, (polyline(frame, c.roads.vn).length / ROAD_SPEED_MS) * 1000]));
    roadIn.set(site, m);
  }
  return m.get(crossing) ?? 0;
}

/** An export perishable whose planned entry at its own crossing breaks the perishable limit. */
export interface LateLoad {
  assignment: Assignment;
  /** Customs channel index (green, yellow, red): the lane time it takes. */
  channel: number;
  queuedAt: number;
}

/**
 * Diverts late perishable exports to another freight crossing (one with 2027 targets: the roads the province
 * routes heavy flows through) when a lane there, reached after the transfer drive and that road in, takes the truck at least
 * `divertPerishableMinGainS` earlier than its own crossing would and within the perishable limit. Run after every queue is planned, so the other crossing's
 * own trucks keep their turns: a diverted truck takes the lane after them. The truck is called at once (it needs the
 * drive); its assignment becomes the diversion, with both entries as candidates. Only under policies that advise
 * diversions.
 */
export function divertLate(late: readonly LateLoad[], table: LaneTable, site: Site, cfg: ResolvedConfig, now: number, out: { calls: Assignment[]; called: IdRecord<{ lane: string; at: number; arrive?: number }> }): void {
  if (late.length === 0 || !policyOf(cfg).advisesDiversions) return;
  const freight = new Set(site.crossings.filter((c) => c.target2027).map((c) => c.id));
  const tz = site.timezones.vn;
  const reach = now + DIVERT_TRANSFER_MIN * 60_000;
  // A crossing lends lanes only while its own perishables all make the limit: it has spare capacity, not a backlog
  // of its own (on today's lanes both crossings' fruit peaks are, and moving loads between them only adds the drive).
  const limit = cfg.perishableLimitMin * 60_000;
  const short = new Set(late.filter((l) => l.assignment.at > l.queuedAt + limit).map((l) => l.assignment.crossing));
  // The lanes that may take a diverted load, found once: on a day where every crossing is short, none (no per-load scan).
  const spare = table.list.filter((r) => freight.has(r.lane.crossing) && !short.has(r.lane.crossing) && r.usable && r.openNow && !r.draining && r.direction === 'export');
  if (spare.length === 0) return;
  for (const { assignment: a, channel, queuedAt } of late) {
    if (!freight.has(a.crossing)) continue;
    let best: LaneRec | undefined;
    let bestAt = Infinity;
    for (const rec of spare) {
      if (rec.lane.crossing === a.crossing) continue;
      const at = slotAt(rec, reach + roadInMs(site, rec.lane.crossing), tz);
      if (at < bestAt) [best, bestAt] = [rec, at];
    }
    // Only where it then makes the perishable limit: a load that would miss it anyway stays, rather than take a
    // lane from the other crossing's own perishables.
    if (!best || bestAt + cfg.divertPerishableMinGainS * 1000 > a.at || bestAt > queuedAt + limit) continue;
    takeSlot(best, bestAt, best.svc[channel]!);
    best.planned++;
    const own = { option: a.lane, cost: Math.round((a.at - now) / 100) / 10 };
    Object.assign(a, { crossing: best.lane.crossing, lane: best.lane.id, at: bestAt, reason: { rule: 'divert-perishable', candidates: [own, { option: best.lane.id, cost: Math.round((bestAt - now) / 100) / 10 }] } });
    out.calls.push(a);
    // It drives DIVERT_TRANSFER_MIN and the road in first: until then the lane keeps serving its own crossing's trucks.
    out.called[a.truck] = { lane: best.lane.id, at: now, arrive: reach + roadInMs(site, best.lane.crossing) };
  }
}
