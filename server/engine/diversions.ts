import type { Plan, Site } from '../protocol';
import type { Work } from './classify';
import type { ResolvedConfig } from './config';
import { DIRS, drainS, laneRate, type LaneTable } from './lanes';
import { policyOf } from './policy';
import { costS } from './util';

type Diversion = Plan['diversions'][number];

/**
 * Advice to send trucks from the crossing with the longest predicted drain time to the one with the shortest,
 * per direction, when they differ by `divertMinGainS`. Only crossings with 2027 targets take part: they are
 * the freight roads the province routes heavy flows through (Cốc Nam handles ~10 vehicles a day).
 */
export function adviseDiversions(site: Site, table: LaneTable, work: ReadonlyMap<string, Work>, cfg: ResolvedConfig): Diversion[] {
  if (!policyOf(cfg).advisesDiversions) return [];
  const crossings = site.crossings.filter((c) => c.target2027);
  if (crossings.length < 2) return [];
  const out: Diversion[] = [];
  DIRS.forEach((direction, d) => {
    const rows = crossings.map((c) => {
      let rate = 0;
      for (const r of table.list) if (r.lane.crossing === c.id && r.usable && !r.draining && r.direction === direction) rate += laneRate(r);
      const w = work.get(c.id)?.w[d] ?? 0;
      return { id: c.id, rate, w, n: work.get(c.id)?.n[d] ?? 0, t: drainS(w, rate) };
    });
    let from = rows[0]!;
    let to = rows[0]!;
    for (const r of rows) {
      if (r.t > from.t) from = r;
      if (r.rate > 0 && (to.rate === 0 || r.t < to.t)) to = r;
    }
    if (from === to || to.rate === 0 || !(from.t - to.t >= cfg.divertMinGainS)) return;
    // Units moved so both drain together, converted back to trucks with the crossing's mean service factor.
    const units = (from.w * to.rate - to.w * from.rate) / (from.rate + to.rate);
    const trucks = Math.min(from.n, Math.floor((units * from.n) / from.w));
    if (trucks < 1) return;
    const candidates = rows.map((r) => ({ option: r.id, cost: costS(r.t * 1000) }));
    out.push({ from: from.id, to: to.id, direction, trucks, reason: { rule: 'balance-drain-time', candidates } });
  });
  return out;
}
