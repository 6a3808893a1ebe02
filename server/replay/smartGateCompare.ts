import { AGV_SPEC, RAIL_SPEC, runSmartGate } from '../engine/railAgv';
import { localFrame, polyline, type Site, type SmartGateComparison } from '../protocol';
import { loadScenario } from '../sim/scenario';
import { atLocal } from '../sim/world';

/** The Hữu Nghị – Youyiguan corridor's design load (domain.md §1: ~2,800 containers/day). */
export const DESIGN_CONTAINERS_PER_DAY = 2_800;

/**
 * AGVs and the overhead rail on the rail's corridor, on the overhead-rail scenario's day of containers (or the
 * corridor's design load), each with the fleet of the scenario's rail (the what-if's rail lever gives the rail the
 * AGVs' fleet: the same number of vehicles).
 */
export function compareSmartGates(site: Site, demand: 'day' | 'design', scenariosDir?: string): SmartGateComparison {
  const scenario = loadScenario('overhead-rail', scenariosDir);
  const rail = site.corridors.find((c) => c.kind === 'rail');
  if (!rail) throw new Error('the site has no overhead-rail corridor');
  const frame = localFrame(site.origin);
  const lengthM = Math.round(polyline(frame, rail.path).length);
  const dayDemand = scenario.agv.containersPerDay[rail.id] ?? 0;
  const demandPerDay = demand === 'design' ? DESIGN_CONTAINERS_PER_DAY : dayDemand;
  const start = atLocal(Date.parse('2026-06-01T12:00:00+07:00'), '00:00');
  const input = {
    lengthM, demandPerDay, hourlyProfile: scenario.hourlyProfile, start,
    fleet: Math.max(1, scenario.fleets?.[rail.id] ?? site.fleets[rail.id] ?? 6),
    faultAt: atLocal(start, '14:00'), faultMinutes: scenario.agv.faultMinutes,
  };
  return { corridor: rail.id, lengthM, demand, demandPerDay, agv: runSmartGate(AGV_SPEC, input), rail: runSmartGate(RAIL_SPEC, input) };
}
