import { describe, expect, it } from 'vitest';
import { adviseFrom } from '../../../server/forecast/advice';
import { forecastFrom, horizonOf, runSeeds } from '../../../server/forecast/forecast';
import type { ForkLane, ForkState, ForkTruck } from '../../../server/forecast/types';
import { T0 } from '../../support/builders';

const MIN = 60_000;
const hours = { open: '07:00', close: '19:00' };

/** A fork at 15:00 (T0 is 08:00 local) with `queued` trucks waiting per direction at one crossing. */
function buildFork(over: Partial<ForkState> = {}, queued: [number, number] = [120, 40]): ForkState {
  const now = T0 + 7 * 60 * MIN;
  const lanes: ForkLane[] = [
    { id: 'HN-1', crossing: 'HN', direction: 'export', running: 'export', open: true, serviceS: 180, hours },
    { id: 'HN-2', crossing: 'HN', direction: 'reversible', running: 'import', open: true, serviceS: 180, hours },
    { id: 'HN-3', crossing: 'HN', direction: 'import', running: 'import', open: true, serviceS: 180, hours },
    { id: 'HN-4', crossing: 'HN', direction: 'import', running: 'import', open: false, serviceS: 180, hours },
  ];
  const trucks: ForkTruck[] = [];
  for (const [d, n] of [['export', queued[0]], ['import', queued[1]]] as const) {
    for (let i = 0; i < n; i++) trucks.push({ id: `${d}${i}`, crossing: 'HN', direction: d, perishable: d === 'export' && i % 2 === 0, channel: i % 10 === 0 ? 'red' : 'green', queuedAt: now - (n - i) * MIN });
  }
  return {
    now, tzH: 7, lanes, trucks, clearedToday: [{ crossing: 'HN', count: 300 }],
    arrivals: [
      { crossing: 'HN', direction: 'export', perDay: 300, perishableShare: 0.7, channels: [0.6, 0.3, 0.1] },
      { crossing: 'HN', direction: 'import', perDay: 500, perishableShare: 0.05, channels: [0.6, 0.3, 0.1] },
    ],
    profile: [1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 6, 6, 6, 7, 8, 9, 9, 9, 8, 7, 5, 3, 2, 1],
    serviceFactor: [{ crossing: 'HN', factor: 1 }], channelFactor: { green: 1, yellow: 1.5, red: 3 },
    policy: { perishableHeadStartMin: 960, channelHeadStartMin: { green: 1440, yellow: 720, red: 0 }, perishableLimitMin: 120 },
    crossings: [{ id: 'HN', hours, target: 2000 }],
    ...over,
  };
}

describe('the forecast', { timeout: 60_000 }, () => {
  it('is the same for the same fork and seed, and differs for another seed', () => {
    const a = forecastFrom(buildFork(), { seeds: 4, seed: 7 }).forecast;
    const b = forecastFrom(buildFork(), { seeds: 4, seed: 7 }).forecast;
    const c = forecastFrom(buildFork(), { seeds: 4, seed: 8 }).forecast;
    const strip = (f: typeof a) => JSON.stringify({ ...f, model: { ...f.model, computeMs: 0 } });
    expect(strip(a)).toBe(strip(b));
    expect(strip(a)).not.toBe(strip(c));
  });

  it('starts from the queue there is now, and keeps a band p10 ≤ p50 ≤ p90 to the horizon', () => {
    const f = forecastFrom(buildFork(), { seeds: 6, advice: false }).forecast;
    const exp = f.series.find((s) => s.direction === 'export')!;
    // Less the trucks the free lanes take at once.
    expect(exp.queue[0]!.p50).toBeGreaterThanOrEqual(117);
    expect(exp.queue[0]!.p50).toBeLessThanOrEqual(120);
    expect(exp.ts.at(-1)).toBeLessThanOrEqual(horizonOf(f.from, 7));
    for (const b of [...exp.queue, ...exp.waitMin]) expect(b.p10 <= b.p50 && b.p50 <= b.p90).toBe(true);
    // 120 exports on one export lane and a reversible one: they cannot all cross in the four hours to 19:00.
    const close = f.closing[0]!;
    expect(close.close).toBe('19:00');
    expect(close.waiting.p50).toBeGreaterThan(20);
    expect(close.cleared.p50).toBeGreaterThan(300);
  });

  it('a longer queue now means more waiting at closing and a longer wait for a truck arriving now', () => {
    const short = forecastFrom(buildFork({}, [20, 20]), { seeds: 4, advice: false }).forecast.closing[0]!;
    const long = forecastFrom(buildFork({}, [200, 20]), { seeds: 4, advice: false }).forecast.closing[0]!;
    expect(long.waiting.p50).toBeGreaterThan(short.waiting.p50 + 100);
    expect(long.waitNowMin.export.p50).toBeGreaterThan(short.waitNowMin.export.p50);
  });

  it('ranks advice by its simulated effect: each one re-simulated saves what it says, best first', () => {
    const fork = buildFork();
    const horizon = horizonOf(fork.now, 7);
    const base = runSeeds(fork, ['HN'], 4, 1, 15 * MIN, horizon);
    const advice = adviseFrom(fork, base, { seeds: 4, seed: 1, stepMs: 15 * MIN, horizon });
    expect(advice.length).toBeGreaterThan(0);
    for (let i = 1; i < advice.length; i++) expect(advice[i - 1]!.savedTruckHours).toBeGreaterThanOrEqual(advice[i]!.savedTruckHours);
    // Opening the closed import lane or extending the hours must be among what helps with a backlog at 15:00.
    const ids = advice.map((a) => a.id);
    expect(ids.some((id) => id === 'lane:HN-4:open' || id.startsWith('hours:HN:'))).toBe(true);
    // Applying the best lane advice and forecasting again gives fewer truck-hours of waiting.
    const lane = advice.find((a) => a.action.kind === 'lane');
    if (lane && lane.action.kind === 'lane') {
      const set = lane.action.set;
      const applied = { ...fork, lanes: fork.lanes.map((l) => (l.id === set.lane ? { ...l, ...(set.open !== undefined ? { open: set.open } : {}), ...(set.direction ? { direction: set.direction, running: set.direction === 'reversible' ? l.running : set.direction } : {}) } : l)) };
      const after = runSeeds(applied, ['HN'], 4, 1, 15 * MIN, horizon);
      const total = (m: typeof base) => m.get('HN')!.reduce((a, r) => a + r.waitTruckMin, 0);
      expect(total(after)).toBeLessThan(total(base));
      expect(lane.applicable).toBe(true);
    }
  });
});
