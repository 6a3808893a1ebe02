import type { ClearedTruck } from '../engine/types';

export interface CrossingDay {
  crossing: string;
  direction: 'export' | 'import';
  cleared: number;
  waitMeanMin: number;
  waitP95Min: number;
}

export interface DaySummary {
  cleared: number;
  byCrossing: CrossingDay[];
  waitMeanMin: number;
  waitP95Min: number;
  perishableWaitP95Min: number;
  /**
   * Waits of every truck that joined a queue in [start, end), whether or not it crossed: a truck still waiting
   * at the end counts its wait so far. The fair basis for comparing policies on the same arrivals.
   */
  arrivals: { count: number; waitMeanMin: number; waitP95Min: number; perishableWaitP95Min: number };
  /** Trucks waiting (queued or approaching) at 20:00 local time, if the run reached it. */
  waitingAt20?: number;
}

/** Percentile (0–1) of an ascending-sorted array by nearest rank; 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const round1 = (x: number) => Math.round(x * 10) / 10;

/** The simulated day in figures: trucks cleared in [start, end) and their waits from queue to lane. */
export function summarise(
  cleared: readonly ClearedTruck[],
  start: number,
  end: number,
  waiting: readonly { queuedAt: number; enteredLaneAt?: number; perishable: boolean }[],
  waitingAt20?: number,
): DaySummary {
  const inDay = cleared.filter((c) => c.crossedAt >= start && c.crossedAt < end);
  const wait = (c: ClearedTruck) => (c.enteredLaneAt - c.queuedAt) / 60_000;
  const groups = new Map<string, ClearedTruck[]>();
  for (const c of inDay) {
    const k = `${c.crossing}|${c.direction}`;
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  const byCrossing = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, cs]) => {
      const [crossing, direction] = k.split('|') as [string, 'export' | 'import'];
      const waits = cs.map(wait).sort((a, b) => a - b);
      return { crossing, direction, cleared: cs.length, waitMeanMin: round1(mean(waits)), waitP95Min: round1(percentile(waits, 0.95)) };
    });
  const all = inDay.map(wait).sort((a, b) => a - b);
  const perishable = inDay.filter((c) => c.perishable).map(wait).sort((a, b) => a - b);
  const arrived = [
    ...cleared.filter((c) => c.queuedAt >= start && c.queuedAt < end),
    ...waiting.filter((t) => t.queuedAt >= start && t.queuedAt < end),
  ].map((t) => ({ perishable: t.perishable, wait: ((t.enteredLaneAt ?? end) - t.queuedAt) / 60_000 }));
  const arrivedWaits = arrived.map((a) => a.wait).sort((a, b) => a - b);
  const arrivedPerishable = arrived.filter((a) => a.perishable).map((a) => a.wait).sort((a, b) => a - b);
  return {
    cleared: inDay.length,
    arrivals: {
      count: arrived.length,
      waitMeanMin: round1(mean(arrivedWaits)),
      waitP95Min: round1(percentile(arrivedWaits, 0.95)),
      perishableWaitP95Min: round1(percentile(arrivedPerishable, 0.95)),
    },
    byCrossing,
    waitMeanMin: round1(mean(all)),
    waitP95Min: round1(percentile(all, 0.95)),
    perishableWaitP95Min: round1(percentile(perishable, 0.95)),
    ...(waitingAt20 !== undefined ? { waitingAt20 } : {}),
  };
}
