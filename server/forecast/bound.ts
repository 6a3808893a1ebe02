import type { Site } from '../protocol';
import { Heap } from './heap';

/** One truck for the bound: when it joined the queue and how long its lane service takes, ms. */
export interface BoundJob {
  crossing: string;
  queuedAt: number;
  serviceMs: number;
}

/** When a crossing can serve: `lanes` truck lanes in [from, to). */
export interface CapacityWindow {
  from: number;
  to: number;
  lanes: number;
}

const DAY = 86_400_000;
const hm = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/**
 * Each crossing's truck-lane capacity over [start, end) from its lanes' hours (only the lanes one `direction`
 * may use, when given), every window stretched by `graceMs`
 * past closing (a truck called before closing still enters and finishes after it), merged per crossing.
 */
export function capacityWindows(site: Site, start: number, end: number, graceMs = 0, direction?: 'export' | 'import'): Map<string, CapacityWindow[]> {
  const tz = site.timezones.vn * 3_600_000;
  const out = new Map<string, CapacityWindow[]>();
  for (const c of site.crossings) {
    const edges: { t: number; d: number }[] = [];
    for (const lane of c.lanes) {
      if (!lane.classes.includes('truck') || !lane.open) continue;
      // One direction's queue can use its own lanes and the reversible ones (all of them, at every instant).
      if (direction && lane.direction !== direction && lane.direction !== 'reversible') continue;
      const h = lane.hours ?? c.hours;
      const o = hm(h.open);
      const cl = hm(h.close);
      const firstDay = Math.floor((start + tz) / DAY) * DAY - tz - DAY;
      for (let d = firstDay; d < end + DAY; d += DAY) {
        const from = o === cl ? d : d + o * 60_000;
        const to = o === cl ? d + DAY : d + (cl > o ? cl : cl + 1440) * 60_000 + graceMs;
        edges.push({ t: from, d: 1 }, { t: to, d: -1 });
      }
    }
    edges.sort((a, b) => a.t - b.t || a.d - b.d);
    const windows: CapacityWindow[] = [];
    let n = 0;
    for (let i = 0; i < edges.length; i++) {
      n += edges[i]!.d;
      const next = edges[i + 1];
      if (next && next.t > edges[i]!.t && n > 0) windows.push({ from: edges[i]!.t, to: next.t, lanes: n });
    }
    out.set(c.id, windows);
  }
  return out;
}

/**
 * Completion times of `jobs` (sorted by release) on one preemptive machine whose speed is the number of open
 * lanes, serving the shortest remaining work first. SRPT completes at least as many jobs by every instant as any
 * schedule on that machine (Schrage), and the machine completes at least as many as the lanes do, because it can
 * run every job the lanes are running at once.
 */
export function srptCompletions(jobs: readonly { at: number; work: number }[], windows: readonly CapacityWindow[]): number[] {
  const done: number[] = [];
  const heap = new Heap();
  let i = 0;
  let w = 0;
  let t = jobs[0]?.at ?? 0;
  while (i < jobs.length || heap.size > 0) {
    if (heap.size === 0 && jobs[i]!.at > t) t = jobs[i]!.at;
    while (i < jobs.length && jobs[i]!.at <= t) heap.push(jobs[i++]!.work);
    while (w < windows.length && windows[w]!.to <= t) w++;
    const win = windows[w];
    if (!win) break; // no capacity left: the rest never complete
    const nextRelease = i < jobs.length ? jobs[i]!.at : Infinity;
    if (win.from > t) {
      t = Math.min(win.from, nextRelease);
      continue;
    }
    const top = heap.peek()!;
    const finish = t + top / win.lanes;
    const until = Math.min(finish, win.to, nextRelease);
    if (until >= finish) {
      heap.pop();
      done.push(finish);
    } else heap.replaceTop(top - (until - t) * win.lanes);
    t = until;
  }
  return done;
}

/**
 * A lower bound on the total wait (queue join to lane entry, counted up to `end` for trucks not yet in a lane) of
 * the trucks that joined a queue in [start, end), for any schedule of these trucks on these lanes and hours.
 * Relaxation: each crossing's truck lanes are pooled into one preemptive machine (directions ignored), so at any
 * instant the queue is at least arrivals − SRPT completions − lanes (a lane holds at most one started, unfinished
 * truck). The total wait is the integral of the queue, so the integral of that lower envelope bounds it.
 */
export function waitLowerBound(jobs: readonly BoundJob[], windows: ReadonlyMap<string, readonly CapacityWindow[]>, start: number, end: number): { totalMin: number; count: number; meanMin: number } {
  const byCrossing = new Map<string, BoundJob[]>();
  for (const j of jobs) byCrossing.set(j.crossing, [...(byCrossing.get(j.crossing) ?? []), j]);
  let total = 0;
  let count = 0;
  for (const [crossing, list] of byCrossing) {
    const win = windows.get(crossing) ?? [];
    const lanes = Math.max(0, ...win.map((w) => w.lanes));
    const sorted = [...list].sort((a, b) => a.queuedAt - b.queuedAt);
    const done = srptCompletions(sorted.map((j) => ({ at: j.queuedAt, work: j.serviceMs })), win);
    const arrivals = sorted.map((j) => j.queuedAt).filter((a) => a >= start && a < end);
    count += arrivals.length;
    // Arrivals counted minus every completion (trucks from before `start` included): the queue is at least that.
    const ev = [...arrivals.map((t) => ({ t, d: 1 })), ...done.map((t) => ({ t, d: -1 }))].sort((a, b) => a.t - b.t || b.d - a.d);
    let inSystem = 0;
    let last = start;
    for (const e of ev) {
      const t = Math.min(Math.max(e.t, start), end);
      total += Math.max(0, inSystem - lanes) * (t - last);
      last = t;
      inSystem += e.d;
    }
    total += Math.max(0, inSystem - lanes) * (end - last);
  }
  const totalMin = total / 60_000;
  return { totalMin, count, meanMin: count === 0 ? 0 : totalMin / count };
}

/** How far past its crossing's capacity windows any of these services ran (0 when all lie inside). */
export function overrunMs(windows: ReadonlyMap<string, readonly CapacityWindow[]>, services: readonly { crossing: string; crossedAt: number }[]): number {
  let worst = 0;
  for (const s of services) {
    const win = windows.get(s.crossing) ?? [];
    if (win.some((w) => s.crossedAt >= w.from && s.crossedAt <= w.to)) continue;
    const before = win.filter((w) => w.to < s.crossedAt).map((w) => w.to);
    worst = Math.max(worst, before.length ? s.crossedAt - Math.max(...before) : 0);
  }
  return worst;
}
