import type { Direction, Plan, Reason } from '../protocol';
import type { Work } from './classify';
import type { ResolvedConfig } from './config';
import { drainS, laneBusy, laneRate, type LaneRec, type LaneTable } from './lanes';
import { policyOf } from './policy';
import { costS } from './util';

type LaneDirection = Plan['laneDirections'][number];

const occupied = laneBusy;
const rate = laneRate;
const drain = drainS;

/** Capacity of a crossing's fixed lanes per direction, trucks/s (usable lanes only). */
export function fixedRates(lanes: readonly LaneRec[]): [number, number] {
  const out: [number, number] = [0, 0];
  for (const r of lanes) if (r.usable && r.lane.direction !== 'reversible') out[r.lane.direction === 'export' ? 0 : 1] += rate(r);
  return out;
}

/**
 * Decides which way each reversible lane runs and records it on the lane records.
 * `fifo-static` pins them to the default direction. The default policy splits them to balance the predicted
 * drain time of both directions, but changes the split only when that gains `reversibleMinGainS` (hysteresis,
 * so lanes do not flap); a lane that should switch while trucks are on it drains first (no new assignments).
 */
export function decideDirections(table: LaneTable, work: ReadonlyMap<string, Work>, cfg: ResolvedConfig): LaneDirection[] {
  const byCrossing = new Map<string, LaneRec[]>();
  for (const r of table.list) {
    const xs = byCrossing.get(r.lane.crossing);
    if (xs) xs.push(r);
    else byCrossing.set(r.lane.crossing, [r]);
  }
  const out: LaneDirection[] = [];
  for (const [crossing, lanes] of byCrossing) {
    const revs = lanes.filter((r) => r.lane.direction === 'reversible');
    if (revs.length === 0) continue;
    const balanced = revs.filter((r) => r.usable);
    for (const r of revs) if (!r.usable) out.push(settle(r, r.current, r.lane.open ? 'fixed-default' : 'lane-closed', []));
    if (policyOf(cfg).reversibleLanes === 'pin-default' || balanced.length === 0) {
      for (const r of balanced) out.push(settle(r, cfg.reversibleDefault, 'fixed-default', []));
      continue;
    }
    balance(balanced, fixedRates(lanes), work.get(crossing) ?? { w: [0, 0], n: [0, 0] }, cfg, out);
  }
  out.sort((a, b) => table.byId.get(a.lane)!.order - table.byId.get(b.lane)!.order);
  return out;
}

function balance(revs: LaneRec[], fixed: [number, number], work: Work, cfg: ResolvedConfig, out: LaneDirection[]): void {
  // Prefix order: current export lanes (busy ones first, so empty ones are the first to give up export),
  // then current import lanes (empty ones first, so they are the first to take export).
  const rank = (r: LaneRec) => (r.current === 'export' ? (occupied(r) ? 0 : 1) : occupied(r) ? 3 : 2);
  const order = [...revs].sort((a, b) => rank(a) - rank(b) || a.order - b.order);
  const kCur = order.filter((r) => r.current === 'export').length;
  const total = order.reduce((s, r) => s + rate(r), 0);
  const cost = (exportRate: number) => Math.max(drain(work.w[0], fixed[0] + exportRate), drain(work.w[1], fixed[1] + total - exportRate));
  let best = kCur;
  let bestCost = Infinity;
  let prefix = 0;
  const costs: number[] = [];
  for (let k = 0; k <= order.length; k++) {
    if (k > 0) prefix += rate(order[k - 1]!);
    const c = cost(prefix);
    costs.push(c);
    // Ties go to the split closest to the current one: no switch without a gain.
    if (c < bestCost || (c === bestCost && Math.abs(k - kCur) < Math.abs(best - kCur))) {
      best = k;
      bestCost = c;
    }
  }
  const gain = costs[kCur]! - bestCost;
  const k = gain >= cfg.reversibleMinGainS ? best : kCur;
  const held = best !== kCur && k === kCur;
  let exportRate = 0;
  for (let i = 0; i < k; i++) exportRate += rate(order[i]!);
  order.forEach((r, i) => {
    const target: Direction = i < k ? 'export' : 'import';
    const mine = rate(r);
    const asExport = target === 'export' ? exportRate : exportRate + mine;
    const candidates = [
      { option: 'export', cost: costS(cost(asExport) * 1000) },
      { option: 'import', cost: costS(cost(asExport - mine) * 1000) },
    ];
    out.push(settle(r, target, held ? 'hysteresis-hold' : 'demand-balance', candidates));
  });
}

// A lane only switches when empty; until then it keeps its direction and takes no new trucks.
function settle(r: LaneRec, direction: Direction, rule: string, candidates: Reason['candidates']): LaneDirection {
  if (direction !== r.current && occupied(r)) {
    r.draining = true;
    return { lane: r.lane.id, direction: r.current, reason: { rule: 'draining', candidates } };
  }
  r.direction = direction;
  return { lane: r.lane.id, direction, reason: { rule, candidates } };
}
