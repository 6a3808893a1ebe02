import { idRecord, type Direction } from '../protocol';
import { planAgvs } from './agvDispatch';
import { alertConditions, reconcileAlerts } from './alerts';
import { planTrucks } from './assign';
import { classifyTrucks, releaseMismatched } from './classify';
import { localDay } from './clock';
import { resolveConfig } from './config';
import { decideDirections } from './directions';
import { adviseDiversions } from './diversions';
import { buildKpi } from './kpi';
import { missionKey } from './agvMissions';
import { buildLanes } from './lanes';
import { flowStats } from './stats';
import { keepSampling, planSampling } from './sampling';
import { computeStatuses } from './status';
import type { EngineInput, EngineMemory, EngineOutput } from './types';

export { defaultEngineConfig, initialMemory } from './config';
export { planHash } from './hash';
export type * from './types';

/**
 * One engine tick, pure: the same input and memory give the same output, byte for byte.
 * Lanes → quarantine sampling → reversible directions → trucks onto lanes → diversions → AGV missions → KPIs → alerts.
 */
export function runEngine(input: EngineInput, memory: EngineMemory): EngineOutput {
  const { now, site } = input;
  const cfg = resolveConfig(input.config);
  const table = buildLanes(input.lanes, site, memory, cfg, now);
  const book = new Map(Object.entries(memory.called));
  const sampling = planSampling(input.trucks, memory.sampling, cfg.inspectionCentre, now);
  const { free, work } = classifyTrucks(input.trucks, table, book, site, cfg, now, sampling.done);
  const laneDirections = decideDirections(table, work, cfg);
  releaseMismatched(table, free);
  const trucks = planTrucks(free, table, site, cfg, now);
  const diversions = adviseDiversions(site, table, work, cfg);
  const agv = planAgvs(input, memory, cfg);
  const day = localDay(now, site.timezones.vn);
  const tripsToday = (memory.agvTrips?.day === day ? memory.agvTrips.count : 0) + agv.completed;
  const plan = { ts: now, policy: cfg.policy, assignments: trucks.assignments, laneDirections, missions: agv.missions, diversions };
  const flows = flowStats(site, input.trucks, input.cleared, cfg.perishableLimitMin, now);
  const statuses = computeStatuses(input, flows, memory.levels ?? idRecord());
  const kpi = buildKpi(site, now, day, flows, table, input.agvs, tripsToday, statuses, input.weather);
  const alerts = reconcileAlerts(alertConditions(input, cfg, flows, table, agv.missions, statuses), memory.activeAlerts, now);
  const directions = idRecord<Direction>();
  for (const d of laneDirections) directions[d.lane] = d.direction;
  const dispatched = idRecord<string>();
  for (const m of agv.missions) dispatched[m.agv] = missionKey(m);
  return {
    plan,
    kpi,
    calls: trucks.calls,
    missions: agv.fresh,
    raised: alerts.raised,
    cleared: alerts.cleared,
    memory: { called: trucks.called, dispatched, laneDirections: directions, activeAlerts: alerts.active, missions: agv.active, agvTrips: { day, count: tripsToday }, levels: statuses.levels, ...(keepSampling(sampling, now) ? { sampling } : {}) },
  };
}
