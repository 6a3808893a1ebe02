import { describe, expect, it } from 'vitest';
import type { CrossingSetup } from '../../../server/engine/crossingModes';
import { adviseFrom } from '../../../server/forecast/advice';
import { horizonOf, runSeeds } from '../../../server/forecast/forecast';
import type { ForkState } from '../../../server/forecast/types';
import { T0 } from '../../support/builders';

const MIN = 60_000;
const hours = { open: '07:00', close: '19:00' };

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

/** A fork at 15:00 with a backlog of 120 exports (half perishable) on two lanes. */
function fork(modes: CrossingSetup): ForkState {
  const now = T0 + 7 * 60 * MIN;
  return {
    now, tzH: 7,
    lanes: [
      { id: 'HN-1', crossing: 'HN', direction: 'export', running: 'export', open: true, serviceS: 180, hours },
      { id: 'HN-2', crossing: 'HN', direction: 'import', running: 'import', open: true, serviceS: 180, hours },
    ],
    trucks: Array.from({ length: 120 }, (_, i) => ({ id: `e${i}`, crossing: 'HN', direction: 'export' as const, perishable: i % 2 === 0, channel: 'green' as const, queuedAt: now - (120 - i) * MIN })),
    clearedToday: [],
    arrivals: [
      { crossing: 'HN', direction: 'export', perDay: 300, perishableShare: 0.6, channels: [0.6, 0.3, 0.1] },
      { crossing: 'HN', direction: 'import', perDay: 200, perishableShare: 0.05, channels: [0.6, 0.3, 0.1] },
    ],
    profile: [1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 6, 6, 6, 7, 8, 9, 9, 9, 8, 7, 5, 3, 2, 1],
    serviceFactor: [{ crossing: 'HN', factor: 1 }], channelFactor: { green: 1, yellow: 1.5, red: 3 },
    policy: { perishableHeadStartMin: 960, channelHeadStartMin: { green: 1440, yellow: 720, red: 0 }, perishableLimitMin: 120 },
    crossings: [{ id: 'HN', hours }],
    modes,
  };
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
