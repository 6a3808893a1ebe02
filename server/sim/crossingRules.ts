import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crossingSetup, type CrossingLevers, type CrossingSetup } from '../engine/crossingModes';
import { CrossingRulesSchema, formatZodError, type CrossingRules, type Site } from '../protocol';
import type { Scenario } from './scenario';

/** Loads and validates assets/crossing-modes.json: which ways of crossing each crossing allows, per configuration. */
export function loadCrossingRules(path = join(process.cwd(), 'assets', 'crossing-modes.json')): CrossingRules {
  const parsed = CrossingRulesSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`crossing rules ${path}: ${formatZodError(parsed.error)}`);
  return parsed.data;
}

/** Crossings where a corridor runs vehicles (AGVs or rail shuttles): AGV container transfer is possible there. */
export function agvCrossings(site: Site): string[] {
  return site.corridors.filter((c) => (site.fleets[c.id] ?? 0) > 0).map((c) => c.crossing);
}

/** The setup a scenario day runs under: its configuration's rules, the scenario's own mix, then the levers. */
export function scenarioCrossingSetup(
  rules: CrossingRules, site: Site, scenario: Scenario, configuration: string,
  opts: { levers?: CrossingLevers; inspectionCentre?: boolean } = {},
): CrossingSetup {
  const own = scenario.crossingModes;
  const levers: CrossingLevers = {
    ...(own?.mix ? { modeMix: own.mix } : {}),
    ...(own?.twoWayPilot !== undefined ? { twoWayPilot: own.twoWayPilot } : {}),
    ...opts.levers,
  };
  return crossingSetup(rules, configuration, { levers, agvCrossings: agvCrossings(site), inspectionCentre: opts.inspectionCentre ?? false });
}
