import type { Site } from '../../server/protocol/site';

/**
 * Cleared vehicles per day that Decision 865/QĐ-TTg (2024) counts as today's capacity, by crossing: 1119–1120
 * "from 800", 1088/2–1089 "from 400" (domain §2). The 2030 goal is 4–5× this.
 */
export const TODAY_CAPACITY: ReadonlyMap<string, number> = new Map([['huu-nghi-freight', 800], ['tan-thanh-freight', 400]]);
/** 2030: clearance capacity 4–5 × today's. */
export const GOAL_2030_FACTOR: readonly [number, number] = [4, 5];

/** A crossing's daily figures to measure against. */
export interface CrossingTargets {
  crossing: string;
  today: number | null;
  t2027: readonly [number, number] | null;
  t2030: readonly [number, number] | null;
  /** Opening hours per day (for per-hour target rates). */
  openHours: number;
}

const hoursOf = (open: string, close: string): number => {
  const m = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  const d = (m(close) - m(open) + 1440) % 1440;
  return (d === 0 ? 1440 : d) / 60;
};

/** Targets of every freight crossing of the site, in site order. */
export function crossingTargets(site: Site): CrossingTargets[] {
  return site.crossings
    .filter((c) => c.kind === 'freight')
    .map((c) => {
      const today = TODAY_CAPACITY.get(c.id) ?? null;
      return {
        crossing: c.id,
        today,
        t2027: c.target2027 ?? null,
        t2030: today === null ? null : ([today * GOAL_2030_FACTOR[0], today * GOAL_2030_FACTOR[1]] as const),
        openHours: hoursOf(c.hours.open, c.hours.close),
      };
    });
}

/** The site's total daily targets (lower bounds) and the per-hour rate each needs over today's opening hours. */
export function siteTargets(targets: readonly CrossingTargets[]): { t2027: number; t2030: number; perHour2027: number; perHour2030: number } {
  let t2027 = 0;
  let t2030 = 0;
  let perHour2027 = 0;
  let perHour2030 = 0;
  for (const t of targets) {
    if (t.t2027) {
      t2027 += t.t2027[0];
      perHour2027 += t.t2027[0] / t.openHours;
    }
    if (t.t2030) {
      t2030 += t.t2030[0];
      perHour2030 += t.t2030[0] / t.openHours;
    }
  }
  return { t2027, t2030, perHour2027, perHour2030 };
}
