import { idRecord, type Assignment, type Site } from '../protocol';
import type { ResolvedConfig } from './config';
import { channelIndex, DIRS, holdSlot, slotAt, takeSlot, type LaneRec, type LaneTable } from './lanes';
import type { FreeSet } from './freeSet';
import type { EngineMemory } from './types';
import { DIVERT_TRANSFER_MIN, divertLate, type LateLoad } from './divert';
import { sortQueue } from './order';
import { cmpStr, costS } from './util';

/** The truck side of a plan: every waiting truck's lane and predicted entry, the new calls, the call memory. */
export interface TruckPlan {
  assignments: Assignment[];
  calls: Assignment[];
  called: EngineMemory['called'];
}

type Candidate = Assignment['reason']['candidates'][number];

/** Where the tick's output goes, and what the call decision needs. */
interface Out extends TruckPlan {
  horizon: number;
  now: number;
  tz: number;
  /**
   * Export perishables planned to enter within a transfer drive of the perishable limit or later, not called:
   * candidates for a diversion (the margin absorbs lanes running slower than planned).
   */
  late: LateLoad[];
  limitMs: number;
}

/**
 * Plans the free trucks onto lanes, after the lanes' current occupants (in-lane, then called trucks).
 * Each (crossing, direction) queue is ordered by priority, then each truck takes the lane it can enter first.
 * O(n) for the (radix) sort plus O(n × lanes of its direction) for the placement.
 */
export function planTrucks(free: FreeSet, table: LaneTable, site: Site, cfg: ResolvedConfig, now: number): TruckPlan {
  const out: Out = { assignments: [], calls: [], called: idRecord(), horizon: now + cfg.callLeadS * 1000, now, tz: site.timezones.vn, late: [], limitMs: (cfg.perishableLimitMin - DIVERT_TRANSFER_MIN) * 60_000 };
  for (const rec of table.list) placeOccupants(rec, out);
  const groups = free.groups;
  const crossings = [...site.crossings.map((c) => c.id), ...[...groups.keys()].sort(cmpStr)];
  const done = new Set<string>();
  for (const crossing of crossings) {
    const g = groups.get(crossing);
    if (!g || done.has(crossing)) continue;
    done.add(crossing);
    for (let d = 0; d < 2; d++) {
      const queue = g[d]!;
      const lanes = table.list.filter((r) => r.usable && !r.draining && r.lane.crossing === crossing && r.direction === DIRS[d]);
      if (queue.length === 0 || lanes.length === 0) continue;
      sortQueue(queue, free.key, free.queued, free.ids);
      holdUnsampled(queue, free);
      const group: LaneGroup = { crossing, lanes, seen: lanes.map(() => ({ option: '', cost: NaN })), seenAt: new Float64Array(lanes.length).fill(NaN) };
      for (const i of queue) placeFree(i, free, group, out, d === 0);
    }
  }
  divertLate(out.late, table, site, cfg, now, out);
  return { assignments: out.assignments, calls: out.calls, called: out.called };
}

// Occupants first: in-lane trucks set when the lane frees; called ones keep their turn in call order.
function placeOccupants(rec: LaneRec, out: Out): void {
  const { now, tz } = out;
  let t = -Infinity;
  rec.inLane.sort((a, b) => (a.enteredLaneAt ?? now) - (b.enteredLaneAt ?? now) || cmpStr(a.id, b.id));
  for (const x of rec.inLane) t = Math.max(t, x.enteredLaneAt ?? now) + rec.svc[channelIndex(x.channel)]!;
  rec.freeAt = Math.max(t, now);
  rec.pinned.sort((a, b) => a.calledAt - b.calledAt || cmpStr(a.truck.id, b.truck.id));
  for (const p of rec.pinned) {
    const svc = rec.svc[channelIndex(p.truck.channel)]!;
    // A truck still driving in from another crossing keeps its slot for when it arrives; the lane's own trucks use
    // the time before it.
    const driving = p.arrive !== undefined && p.arrive > rec.freeAt;
    const at = driving ? holdSlot(rec, p.arrive!, svc, tz) : slotAt(rec, now, tz);
    if (!driving) takeSlot(rec, at, svc);
    out.assignments.push({ truck: p.truck.id, crossing: rec.lane.crossing, lane: rec.lane.id, at, reason: { rule: 'called', candidates: [{ option: rec.lane.id, cost: costS(at - now) }] } });
    out.called[p.truck.id] = p.arrive !== undefined ? { lane: rec.lane.id, at: p.calledAt, arrive: p.arrive } : { lane: rec.lane.id, at: p.calledAt };
  }
}

// Trucks still being sampled keep their order but go after the ready ones: a lane never waits for a sample while a
// sampled truck could use it, and none of them is called before its sampling is done (placeFree).
function holdUnsampled(queue: number[], free: FreeSet): void {
  if (!queue.some((i) => free.readyAt[i]! > free.now)) return;
  const held = queue.filter((i) => free.readyAt[i]! > free.now);
  let n = 0;
  for (const i of queue) if (free.readyAt[i]! <= free.now) queue[n++] = i;
  for (const i of held) queue[n++] = i;
}

/**
 * The lanes one (crossing, direction) queue can use, with the last candidate entry made for each. Between two
 * trucks only the chosen lane's entry time moves, so the other entries are shared (never mutated), which keeps
 * allocation per truck constant instead of one object per lane.
 */
interface LaneGroup {
  crossing: string;
  lanes: LaneRec[];
  seen: Candidate[];
  seenAt: Float64Array;
}

// The lane the truck can enter first; ties go to the faster lane, then site order (the list order). The reason
// lists every lane with its wait; the one taken is the assignment's lane.
// A free truck has no valid call yet (a call to a lane still usable would have pinned it there), so it is
// called when its entry is within the call lead, its lane is in hours now and its quarantine sampling is done.
function placeFree(i: number, flat: FreeSet, group: LaneGroup, out: Out, exporting: boolean): void {
  const { lanes, seen, seenAt } = group;
  const { now, tz } = out;
  const channel = flat.channel[i]!;
  const ready = flat.readyAt[i]!;
  let best = lanes[0]!;
  let bestAt = Infinity;
  let bestSvc = Infinity;
  for (let j = 0; j < lanes.length; j++) {
    const rec = lanes[j]!;
    const svc = rec.svc[channel]!;
    const at = slotAt(rec, ready, tz);
    if (at < bestAt || (at === bestAt && svc < bestSvc)) {
      best = rec;
      bestAt = at;
      bestSvc = svc;
    }
    if (seenAt[j] !== at) {
      // Seconds to one decimal, as costS does.
      seen[j] = { option: rec.lane.id, cost: Math.round((at - now) / 100) / 10 };
      seenAt[j] = at;
    }
  }
  // One native copy of the shared entries: exact size, no growth garbage.
  const candidates = seen.slice();
  takeSlot(best, bestAt, bestSvc);
  best.planned++;
  const truck = flat.ids[i]!;
  const a: Assignment = { truck, crossing: group.crossing, lane: best.lane.id, at: bestAt, reason: { rule: flat.rule[i]!, candidates } };
  out.assignments.push(a);
  if (bestAt <= out.horizon && best.openNow && ready <= now) {
    out.calls.push(a);
    out.called[truck] = { lane: best.lane.id, at: now };
  } else if (exporting && flat.perishable[i] === 1 && ready <= now && bestAt > flat.queued[i]! + out.limitMs) out.late.push({ assignment: a, channel, queuedAt: flat.queued[i]! });
}
