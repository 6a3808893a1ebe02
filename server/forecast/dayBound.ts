import type { Site } from '../protocol';
import type { Twin } from '../twin/twin';
import { capacityWindows, overrunMs, waitLowerBound, type BoundJob } from './bound';

/** A bound job with the direction it crosses in. */
export interface DirectedJob extends BoundJob {
  direction: 'export' | 'import';
}

/** The sim draws a service as nominal × channel factor × weather × U(0.8, 1.2): the least a service can take. */
const LEAST_DRAW = 0.8;

/**
 * The lower bound for a simulated day held in `twin`: every truck that joined a queue, with its service time as it
 * ran (crossed − entered lane) or, for one not served yet, the least its lane and channel allow; the lanes and
 * hours of `site`, stretched by the longest overrun the run shows past closing.
 */
export function dayWaitBound(twin: Twin, site: Site, start: number, end: number): { meanMin: number; count: number; graceMin: number } {
  const jobs: DirectedJob[] = [];
  for (const c of twin.cleared) {
    jobs.push({ crossing: c.crossing, direction: c.direction, queuedAt: c.queuedAt, serviceMs: c.crossedAt - c.enteredLaneAt });
  }
  const least = new Map(site.crossings.map((c) => [c.id, Math.min(...c.lanes.filter((l) => l.classes.includes('truck')).map((l) => l.serviceS)) * 1000] as const));
  for (const t of twin.trucks.values()) {
    if (t.queuedAt === undefined || t.crossedAt !== undefined) continue;
    const factor = site.channelServiceFactor[t.channel ?? 'green'] ?? 1;
    jobs.push({ crossing: t.crossing, direction: t.direction, queuedAt: t.queuedAt, serviceMs: (least.get(t.crossing) ?? 0) * factor * LEAST_DRAW });
  }
  const grace = overrunMs(capacityWindows(site, start, end), twin.cleared);
  return { ...combinedBound(site, jobs, start, end, grace), graceMin: grace / 60_000 };
}

/**
 * Two relaxations, the larger bound per crossing: all its truck lanes pooled (directions ignored), and each
 * direction on its own lanes plus every reversible lane (the two directions' bounds add up, their waits do).
 */
export function combinedBound(site: Site, jobs: readonly DirectedJob[], start: number, end: number, graceMs: number): { meanMin: number; count: number } {
  let total = 0;
  let count = 0;
  for (const c of site.crossings) {
    const mine = jobs.filter((j) => j.crossing === c.id);
    if (mine.length === 0) continue;
    const pooled = waitLowerBound(mine, capacityWindows(site, start, end, graceMs), start, end);
    let split = 0;
    for (const d of ['export', 'import'] as const) {
      split += waitLowerBound(mine.filter((j) => j.direction === d), capacityWindows(site, start, end, graceMs, d), start, end).totalMin;
    }
    total += Math.max(pooled.totalMin, split);
    count += pooled.count;
  }
  return { meanMin: count === 0 ? 0 : total / count, count };
}

/**
 * A floor under the perishable p95 wait of any schedule: a perishable truck that joins the queue while its
 * crossing is closed waits at least until it opens (counted up to `end`), whatever the order. Each truck's wait is
 * at least its floor, so every percentile of the waits is at least the same percentile of the floors.
 */
export function perishableP95FloorMin(twin: Twin, site: Site, start: number, end: number): number {
  const windows = capacityWindows(site, start, end);
  const floors: number[] = [];
  const add = (crossing: string, queuedAt: number) => {
    if (queuedAt < start || queuedAt >= end) return;
    const win = windows.get(crossing) ?? [];
    const open = win.find((w) => w.to > queuedAt);
    floors.push(open && open.from > queuedAt ? (Math.min(open.from, end) - queuedAt) / 60_000 : open ? 0 : (end - queuedAt) / 60_000);
  };
  for (const c of twin.cleared) if (c.perishable) add(c.crossing, c.queuedAt);
  for (const t of twin.trucks.values()) if (t.perishable && t.queuedAt !== undefined && t.crossedAt === undefined) add(t.crossing, t.queuedAt);
  floors.sort((a, b) => a - b);
  return floors.length === 0 ? 0 : floors[Math.min(floors.length - 1, Math.ceil(0.95 * floors.length) - 1)]!;
}
