import { describe, expect, it } from 'vitest';
import type { CrossingSetup } from '../../../server/engine/crossingModes';
import { adviseFrom } from '../../../server/forecast/advice';
import { horizonOf, runSeeds } from '../../../server/forecast/forecast';
import type { ForkState } from '../../../server/forecast/types';
import { buildFork } from './forkFixture';

const MIN = 60_000;

/** How trucks cross at HN: third-country trucks (30 %) may not drive through; the pilot on; no inspection centre. */
function setup(over: { thirdCountryAllowed?: boolean; inspectionCentre?: boolean; thirdCountryShare?: number } = {}): CrossingSetup {
  return {
    rules: new Map([['HN', {
      modes: ['cross-load', 'tractor-swap', 'drive-through'], crossLoadYard: 'yard', crossLoadBays: 100,
      thirdCountryAllowed: over.thirdCountryAllowed ?? false, thirdCountryShare: over.thirdCountryShare ?? 0.3, mix: { 'cross-load': 0.5, 'tractor-swap': 0.3, 'drive-through': 0.2 },
    }]]),
    twoWayPilot: true, agvCrossings: new Set(), inspectionCentre: over.inspectionCentre ?? false,
  };
}

/** The fixture's fork at 15:00 (120 exports waiting, every other one perishable) on one export and one import lane. */
function fork(modes: CrossingSetup): ForkState {
  const base = buildFork();
  return buildFork({ lanes: base.lanes.filter((l) => l.id === 'HN-1' || l.id === 'HN-3'), modes });
}

function advise(state: ForkState) {
  const horizon = horizonOf(state.now, 7);
  const base = runSeeds(state, ['HN'], 4, 1, 15 * MIN, horizon);
  return adviseFrom(state, base, { seeds: 4, seed: 1, stepMs: 15 * MIN, horizon });
}

describe('the provinces’ levers in the advice', { timeout: 60_000 }, () => {
  it('ranks a lever among the actions by its simulated effect, as advice with its reason, when it helps', () => {
    const advice = advise(fork(setup()));
    for (let i = 1; i < advice.length; i++) expect(advice[i - 1]!.savedTruckHours).toBeGreaterThanOrEqual(advice[i]!.savedTruckHours);
    // Third-country trucks driving through instead of a day's cross-loading: the largest saving of time in the zone.
    const third = advice.find((a) => a.id === 'lever:thirdCountry:HN:on');
    expect(third).toBeDefined();
    expect(third!.applicable).toBe(false);
    expect(third!.reason.rule).toBe('lever-third-country');
    expect(third!.savedHandlingH).toBeGreaterThan(100);
    // Less the waiting its slower lane checks add (a drive-through driver is checked as well as the truck).
    expect(third!.savedTruckHours).toBeGreaterThan(third!.savedHandlingH! * 0.9);
    // An inspection centre takes the sampling of perishables out of the lanes: less waiting, nothing saved in handling
    // (shown where no third-country trucks come and the hours are already as long as they go).
    const late = { open: '07:00', close: '23:00' };
    const quiet = fork(setup({ thirdCountryShare: 0 }));
    const centre = advise({ ...quiet, lanes: quiet.lanes.map((l) => ({ ...l, hours: late })), crossings: [{ id: 'HN', hours: late }] }).find((a) => a.id === 'lever:inspectionCentre:on');
    expect(centre).toBeDefined();
    expect(centre!.savedHandlingH).toBe(0);
    expect(centre!.savedTruckHours).toBeGreaterThan(0);
  });

  it('offers no lever the configuration has already pulled', () => {
    const advice = advise(fork(setup({ thirdCountryAllowed: true, inspectionCentre: true })));
    expect(advice.some((a) => a.action.kind === 'lever')).toBe(false);
  });
});
