import { idRecord, type IdRecord, type Mission, type Reason } from '../protocol';
import { continueMissions } from './agvMissions';
import type { ResolvedConfig } from './config';
import { alongOf, corridorGeo, type CorridorGeo } from './corridors';
import { addMover, buildMovers, firstLeg, headwayBlocked, type Movers } from './headway';
import { policyOf } from './policy';
import type { ActiveMission, ContainerJob, EngineAgv, EngineInput, EngineMemory } from './types';
import { cmpStr, round } from './util';

/** The AGV side of a plan. */
export interface AgvPlan {
  /** Every mission in progress, by AGV id. */
  missions: Mission[];
  /** Missions issued this tick (commands to send). */
  fresh: Mission[];
  active: IdRecord<ActiveMission>;
  /** Carry missions that ended normally this tick (for trips today). */
  completed: number;
}

// Reasons list the nearest few candidates: enough to answer "why this AGV?" without bloating the plan.
const MAX_CANDIDATES = 8;
type Candidate = Reason['candidates'][number];

/** Charging first (lowest battery first, within charger slots), then jobs to the nearest able AGV, with headway. */
export function planAgvs(input: EngineInput, memory: EngineMemory, cfg: ResolvedConfig): AgvPlan {
  const geo = corridorGeo(input.site);
  const agvs = [...input.agvs].sort((a, b) => cmpStr(a.id, b.id));
  const cont = continueMissions(agvs, memory.missions ?? idRecord(), new Set(input.jobs.map((j) => j.id)), input.now);
  const movers = buildMovers(agvs, cont.active, geo);
  const free = agvs.filter((a) => !a.stale && a.state === 'idle' && !cont.active.has(a.id) && geo.has(a.corridor));
  const fresh: Mission[] = [];
  const needsCharge = (a: EngineAgv) => a.battery <= cfg.agvChargeBelow || a.battery < cfg.agvMinBatteryForJob;
  const chargers = chargerUse(agvs, cont.active, geo);
  for (const a of free.filter(needsCharge).sort((x, y) => x.battery - y.battery || cmpStr(x.id, y.id))) {
    const m = chargeMission(a, geo.get(a.corridor)!, chargers, movers, cfg);
    if (m) fresh.push(m);
  }
  // Low-battery AGVs left without a charger slot stay in the pool so reasons show them, rejected for battery.
  const charging = new Set(fresh.map((m) => m.agv));
  const pool = free.filter((a) => !charging.has(a.id));
  const jobs = input.jobs.filter((j) => !cont.taken.has(j.id) && j.readyAt <= input.now).sort(jobOrder(cfg));
  const exhausted = new Set<string>();
  for (const job of jobs) {
    const g = geo.get(job.corridor);
    const key = `${job.corridor}\u0000${job.from}`;
    if (!g || exhausted.has(key)) continue;
    const m = carryMission(job, g, pool, movers, cfg, needsCharge);
    if (m) fresh.push(m);
    else exhausted.add(key);
  }
  const active = idRecord<ActiveMission>();
  for (const [id, m] of cont.active) active[id] = m;
  for (const m of fresh) active[m.agv] = { mission: m, issuedAt: input.now, started: false };
  const missions = Object.keys(active)
    .sort(cmpStr)
    .map((id) => active[id]!.mission);
  return { missions, fresh, active, completed: cont.completed };
}

// Perishable containers first under the default policy; otherwise first ready, first carried.
function jobOrder(cfg: ResolvedConfig): (a: ContainerJob, b: ContainerJob) => number {
  const perishableFirst = policyOf(cfg).perishableContainersFirst;
  return (a, b) => (perishableFirst ? Number(b.perishable) - Number(a.perishable) : 0) || a.readyAt - b.readyAt || cmpStr(a.id, b.id);
}

// Slots in use per charger: charge missions heading there, plus AGVs found charging without one (nearest charger).
function chargerUse(agvs: readonly EngineAgv[], active: ReadonlyMap<string, ActiveMission>, geo: ReadonlyMap<string, CorridorGeo>): Map<string, number> {
  const use = new Map<string, number>();
  const bump = (id: string) => use.set(id, (use.get(id) ?? 0) + 1);
  for (const a of agvs) {
    const m = active.get(a.id)?.mission;
    if (m?.mission === 'charge') bump(m.to);
    else if (a.state === 'charging') {
      const near = [...(geo.get(a.corridor)?.chargers ?? [])].sort((x, y) => Math.abs(x.along - a.along) - Math.abs(y.along - a.along))[0];
      if (near) bump(near.id);
    }
  }
  return use;
}

function chargeMission(a: EngineAgv, g: CorridorGeo, use: Map<string, number>, movers: Movers, cfg: ResolvedConfig): Mission | undefined {
  const candidates: Candidate[] = [];
  let best: (typeof g.chargers)[number] | undefined;
  for (const ch of g.chargers) {
    const dist = Math.abs(a.along - ch.along);
    const c: Candidate = { option: ch.id, cost: round(dist, 1) };
    const sign = firstLeg(a.along, ch.along, ch.along);
    if ((use.get(ch.id) ?? 0) >= ch.slots) c.note = 'full';
    else if (headwayBlocked(movers, g.corridor.id, a.along, sign, cfg.agvHeadwayM, g.corridor.lanesEachWay)) c.note = 'headway';
    else if (!best || dist < Math.abs(a.along - best.along)) best = ch;
    candidates.push(c);
  }
  if (!best) return undefined;
  use.set(best.id, (use.get(best.id) ?? 0) + 1);
  addMover(movers, g.corridor.id, { pos: a.along, sign: firstLeg(a.along, best.along, best.along) });
  const chosen = best.id;
  candidates.find((c) => c.option === chosen)!.note = 'chosen';
  const rule = a.battery <= cfg.agvChargeBelow ? 'charge-low-battery' : 'charge-before-job';
  return { agv: a.id, mission: 'charge', corridor: g.corridor.id, from: best.yard, to: best.id, reason: { rule, candidates } };
}

// The nearest idle AGV of the corridor with the battery for a trip whose departure keeps the headway.
function carryMission(job: ContainerJob, g: CorridorGeo, pool: EngineAgv[], movers: Movers, cfg: ResolvedConfig, needsCharge: (a: EngineAgv) => boolean): Mission | undefined {
  const pickup = alongOf(g, job.from);
  const drop = alongOf(g, job.to);
  if (pickup === undefined || drop === undefined) return undefined;
  const candidates: Candidate[] = [];
  let best = -1;
  let bestDist = Infinity;
  for (let i = 0; i < pool.length; i++) {
    const a = pool[i]!;
    if (a.corridor !== job.corridor) continue;
    const dist = Math.abs(a.along - pickup);
    const c: Candidate = { option: a.id, cost: round(dist, 1) };
    if (needsCharge(a)) c.note = 'battery';
    else if (headwayBlocked(movers, job.corridor, a.along, firstLeg(a.along, pickup, drop), cfg.agvHeadwayM, g.corridor.lanesEachWay)) c.note = 'headway';
    else if (dist < bestDist) {
      best = i;
      bestDist = dist;
    }
    candidates.push(c);
  }
  if (best < 0) return undefined;
  const a = pool[best]!;
  pool.splice(best, 1);
  addMover(movers, job.corridor, { pos: a.along, sign: firstLeg(a.along, pickup, drop) });
  candidates.sort((x, y) => x.cost - y.cost || cmpStr(x.option, y.option));
  const shown = candidates.slice(0, MAX_CANDIDATES);
  const chosen = candidates.find((c) => c.option === a.id)!;
  chosen.note = 'chosen';
  if (!shown.includes(chosen)) shown.push(chosen);
  return { agv: a.id, mission: 'carry', corridor: job.corridor, from: job.from, to: job.to, container: job.id, reason: { rule: 'nearest-able-agv', candidates: shown } };
}
