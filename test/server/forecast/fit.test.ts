import { describe, expect, it } from 'vitest';
import { forecastFrom } from '../../../server/forecast/forecast';
import { FIT_SHRINK, fitArrivals, profileMass } from '../../../server/forecast/fork';
import type { ForkState } from '../../../server/forecast/types';
import { T0 } from '../../support/builders';

const MIN = 60_000;
const PROFILE = [1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 6, 6, 6, 7, 8, 9, 9, 9, 8, 7, 5, 3, 2, 1];
const hours = { open: '07:00', close: '19:00' };

/** Joins at `perDay` × the profile, hour by hour, over [from, to) (whole local hours). */
const joins = (perDay: number, from: number, to: number) => {
  const total = PROFILE.reduce((a, b) => a + b, 0);
  const out: { crossing: string; direction: 'export'; at: number; perishable: boolean }[] = [];
  for (let h = from; h < to; h += 60 * MIN) {
    const n = Math.round((perDay * PROFILE[new Date(h + 7 * 60 * MIN).getUTCHours()]!) / total);
    for (let i = 0; i < n; i++) out.push({ crossing: 'HN', direction: 'export', at: h + ((i + 0.5) * 60 * MIN) / n, perishable: false });
  }
  return out;
};

describe('the arrival fit', () => {
  const now = T0 + 5 * 60 * MIN; // 13:00 local
  const start = T0 - 60 * MIN; // observed since 07:00
  const prior = { demand: new Map([['HN', 1000]]), exportShare: 0.5 };

  it('scales the day’s expected demand by observed ÷ expected so far, shrunk towards the plan', () => {
    // Twice the plan so far: the fit moves most of the way to twice the plan, not all of it.
    const busy = fitArrivals(joins(1000, start, now), now, 7, ['HN'], { profile: PROFILE, prior })[0]!;
    const expected = 500 * profileMass(PROFILE, start + 30 * MIN, now, 7);
    expect(busy.perDay).toBeGreaterThan(500 * ((2 * expected + FIT_SHRINK) / (expected + FIT_SHRINK)) * 0.95);
    expect(busy.perDay).toBeLessThan(1000);
    // As planned: the plan stands.
    const plain = fitArrivals(joins(500, start, now), now, 7, ['HN'], { profile: PROFILE, prior })[0]!;
    expect(Math.abs(plain.perDay - 500)).toBeLessThan(25);
    // Without a plan: the count over the profile's share of the day.
    const bare = fitArrivals(joins(500, start, now), now, 7, ['HN'], { profile: PROFILE })[0]!;
    expect(Math.abs(bare.perDay - 500)).toBeLessThan(50);
  });
});

describe('the forecast’s lanes and pace', { timeout: 30_000 }, () => {
  const now = T0 + 5 * 60 * MIN;
  const base: ForkState = {
    now, tzH: 7,
    lanes: [
      { id: 'HN-1', crossing: 'HN', direction: 'export', running: 'export', open: true, serviceS: 240, hours },
      { id: 'HN-2', crossing: 'HN', direction: 'export', running: 'export', open: true, serviceS: 240, hours },
    ],
    trucks: Array.from({ length: 300 }, (_, i) => ({ id: `x${i}`, crossing: 'HN', direction: 'export' as const, perishable: false, channel: 'green' as const, queuedAt: now - (300 - i) * MIN })),
    clearedToday: [], arrivals: [{ crossing: 'HN', direction: 'export', perDay: 0, perishableShare: 0, channels: [1, 0, 0] }],
    profile: PROFILE, serviceFactor: [{ crossing: 'HN', factor: 1 }], channelFactor: { green: 1, yellow: 1.5, red: 3 },
    policy: { perishableHeadStartMin: 960, channelHeadStartMin: { green: 1440, yellow: 720, red: 0 }, perishableLimitMin: 120 },
    crossings: [{ id: 'HN', hours }],
  };
  const waiting = (s: ForkState) => forecastFrom(s, { seeds: 8, advice: false }).forecast.closing[0]!.waiting.p50;

  it('a lane shut by its barrier comes back later in the day; one closed by operators stays closed', () => {
    const down = waiting({ ...base, lanes: base.lanes.map((l) => (l.id === 'HN-2' ? { ...l, barrierDown: true } : l)) });
    const closed = waiting({ ...base, lanes: base.lanes.map((l) => (l.id === 'HN-2' ? { ...l, open: false } : l)) });
    const both = waiting(base);
    expect(down).toBeGreaterThan(both);
    expect(down).toBeLessThan(closed - 20);
  });

  it('a slow last hour (rain) passes back to the day’s pace; a slow day stays slow', () => {
    const shower = waiting({ ...base, serviceFactor: [{ crossing: 'HN', factor: 1.5, longFactor: 1 }] });
    const slowDay = waiting({ ...base, serviceFactor: [{ crossing: 'HN', factor: 1.5, longFactor: 1.5 }] });
    expect(shower).toBeLessThan(slowDay - 10);
    expect(shower).toBeGreaterThan(waiting(base));
  });
});
