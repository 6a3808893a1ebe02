import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capacityWindows, srptCompletions, waitLowerBound, type BoundJob } from '../../../server/forecast/bound';
import { buildSite, T0 } from '../../support/builders';

const MIN = 60_000;

/**
 * Any non-preemptive schedule of `jobs` on `lanes` parallel lanes that only start trucks in [open, close): a lane
 * takes the available truck of best random priority, and may sit idle for a random while first. Returns the total
 * wait (queue join to lane entry, counted up to `end`) of the trucks that joined in [start, end).
 */
function listSchedule(jobs: readonly BoundJob[], lanes: number, open: number, close: number, start: number, end: number, priority: readonly number[], idle: readonly number[]): number {
  const free = new Array<number>(lanes).fill(open);
  const started = new Array<number>(jobs.length).fill(Infinity);
  let k = 0;
  for (;;) {
    const l = free.indexOf(Math.min(...free));
    const t = Math.max(free[l]!, open);
    if (t >= close) break;
    const avail = jobs.map((j, i) => i).filter((i) => started[i] === Infinity && jobs[i]!.queuedAt <= t);
    if (avail.length === 0) {
      const next = Math.min(...jobs.filter((_, i) => started[i] === Infinity).map((j) => j.queuedAt));
      if (!Number.isFinite(next)) break;
      free[l] = next;
      continue;
    }
    const wait = idle[k++ % idle.length]!;
    if (wait > 0) {
      free[l] = t + wait;
      continue;
    }
    const i = avail.reduce((a, b) => (priority[b]! < priority[a]! ? b : a));
    started[i] = t;
    free[l] = t + jobs[i]!.serviceMs;
  }
  let total = 0;
  jobs.forEach((j, i) => {
    if (j.queuedAt >= start && j.queuedAt < end) total += Math.min(started[i]!, end) - j.queuedAt;
  });
  return total / MIN;
}

const dayArb = fc.record({
  lanes: fc.integer({ min: 1, max: 4 }),
  openMin: fc.integer({ min: 0, max: 120 }),
  hoursMin: fc.integer({ min: 30, max: 600 }),
  endMin: fc.integer({ min: 60, max: 900 }),
  jobs: fc.array(fc.record({ at: fc.integer({ min: -60, max: 700 }), serviceS: fc.integer({ min: 30, max: 900 }) }), { minLength: 1, maxLength: 40 }),
  priority: fc.array(fc.integer(), { minLength: 40, maxLength: 40 }),
  idle: fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 20 * MIN })), { minLength: 1, maxLength: 10 }),
});

describe('the lower bound on waits', () => {
  it('is never above the total wait of any schedule, over random days', () => {
    fc.assert(
      fc.property(dayArb, (d) => {
        const jobs = d.jobs.map((j) => ({ crossing: 'X', queuedAt: T0 + j.at * MIN, serviceMs: j.serviceS * 1000 }));
        const open = T0 + d.openMin * MIN;
        const close = open + d.hoursMin * MIN;
        const end = T0 + d.endMin * MIN;
        // A truck started just before closing finishes after it: the pooled machine runs until the longest service is over.
        const grace = Math.max(...jobs.map((j) => j.serviceMs));
        const windows = new Map([['X', [{ from: open, to: close + grace, lanes: d.lanes }]]]);
        const bound = waitLowerBound(jobs, windows, T0, end).totalMin;
        const scheduled = listSchedule(jobs, d.lanes, open, close, T0, end, d.priority, d.idle);
        expect(bound).toBeLessThanOrEqual(scheduled + 1e-6);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('is tight for one lane that serves a backlog back to back', () => {
    // Ten 6-minute trucks at once on one lane: the k-th waits at least (k − 1) services (less the one in the lane).
    const jobs = Array.from({ length: 10 }, () => ({ crossing: 'X', queuedAt: T0, serviceMs: 6 * MIN }));
    const windows = new Map([['X', [{ from: T0, to: T0 + 600 * MIN, lanes: 1 }]]]);
    const b = waitLowerBound(jobs, windows, T0, T0 + 600 * MIN);
    // Queue ≥ 10 − completions − 1: 9, 8, … 1 over each 6-minute service, then 0.
    expect(b.totalMin).toBeCloseTo(6 * (9 + 8 + 7 + 6 + 5 + 4 + 3 + 2 + 1), 6);
    expect(b.count).toBe(10);
    // The FIFO schedule waits 0 + 6 + … + 54 = 270 min: the bound is below it by one service per truck at most.
    expect(b.totalMin).toBeLessThanOrEqual(270);
  });

  it('serves shortest remaining work first on the pooled machine and stops outside the hours', () => {
    const done = srptCompletions([{ at: 0, work: 10 }, { at: 0, work: 2 }, { at: 5, work: 1 }], [{ from: 0, to: 100, lanes: 1 }]);
    expect(done).toEqual([2, 6, 13]);
    // Two lanes double the speed; nothing is served after the window.
    expect(srptCompletions([{ at: 0, work: 10 }, { at: 0, work: 10 }], [{ from: 0, to: 8, lanes: 2 }])).toEqual([5]);
  });

  it("takes each crossing's truck lanes and hours from the site (passenger lanes do not count)", () => {
    const site = buildSite();
    const w = capacityWindows(site, T0, T0 + 86_400_000).get('huu-nghi-freight')!;
    const today = w.find((x) => x.to > T0)!;
    // 07:00–19:00 in UTC+7 with the 6 truck lanes.
    expect(today.lanes).toBe(6);
    expect(new Date(today.from).toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(new Date(today.to).toISOString()).toBe('2026-06-01T12:00:00.000Z');
    expect(capacityWindows(site, T0, T0 + 86_400_000).get('huu-nghi-gate')).toEqual([]);
  });
});
