import type { CrossingMode } from '../../../server/protocol';
import { crossingSetup, type CrossingLevers, type CrossingSetup } from '../../../server/engine/crossingModes';
import type { LedgerTruck } from '../../../server/engine/crossingLedger';
import { loadCrossingRules } from '../../../server/sim/crossingRules';

export const RULES = loadCrossingRules();
export const H = 3_600_000;
export const T0 = Date.parse('2026-06-01T10:00:00+07:00');

/** The 'today' setup with AGVs running at both AGV crossings, plus any levers. */
export function buildSetup(levers: CrossingLevers = {}, inspectionCentre = false, configuration = 'today'): CrossingSetup {
  return crossingSetup(RULES, configuration, { levers, agvCrossings: ['tan-thanh-freight', 'huu-nghi-freight'], inspectionCentre });
}

/** A truck that queued at T0 + k min, waited `waitMin` and crossed 3 min later. */
export function buildTruck(k: number, over: Partial<Omit<LedgerTruck, 'mode' | 'thirdCountry'>> & { mode?: CrossingMode | undefined; thirdCountry?: boolean | undefined } = {}, waitMin = 30): LedgerTruck {
  const queuedAt = T0 + k * 60_000;
  const { mode, thirdCountry, ...rest } = { thirdCountry: false as boolean | undefined, ...over };
  return {
    id: `T${k}`, crossing: 'tan-thanh-freight', cargo: 'electronics', perishable: false,
    queuedAt, enteredLaneAt: queuedAt + waitMin * 60_000, crossedAt: queuedAt + (waitMin + 3) * 60_000, ...rest,
    ...(mode !== undefined ? { mode } : {}), ...(thirdCountry !== undefined ? { thirdCountry } : {}),
  };
}
