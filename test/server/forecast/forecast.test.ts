import { describe, expect, it } from 'vitest';
import { adviseFrom } from '../../../server/forecast/advice';
import { forecastFrom, horizonOf, runSeeds } from '../../../server/forecast/forecast';
import { buildFork } from './forkFixture';

const MIN = 60_000;

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
