import type { Direction, Site } from '../protocol';
import { DAY_MS, HOUR_MS, localMidnight } from './clock';
import { dirIndex } from './lanes';
import type { ClearedTruck, EngineTruck } from './types';
import { round, summary } from './util';

/** Counters of one crossing and direction, computed in one pass over trucks and cleared history. */
export interface FlowStats {
  crossing: string;
  direction: Direction;
  clearedToday: number;
  clearedLastHour: number;
  /** Waiting trucks: queued or called, stale ones too (they are still there). */
  queue: number;
  waitMeanMin: number;
  waitP95Min: number;
  waitMaxMin: number;
  /** Trucks waiting now (queued or called): queue join to now, minutes. */
  waitNowMeanMin: number;
  waitNowP95Min: number;
  waitNowMaxMin: number;
  /** Trucks cleared today: queue join to lane entry, minutes. */
  waitClearedMeanMin: number;
  waitClearedP95Min: number;
  perishableOver: number;
  /** Longest current wait of a perishable load, minutes (0 if none waits). */
  perishableMaxWaitMin: number;
}

const MIN_MS = 60_000;

/** The crossings that handle trucks, in site order: the rows of the KPI table. */
export function truckCrossings(site: Site): string[] {
  return site.crossings.filter((c) => c.lanes.some((l) => l.classes.includes('truck'))).map((c) => c.id);
}

/**
 * Per crossing and direction: cleared today (site-local day) and in the last hour, queue, waits (cleared today:
 * lane entry − queue join; still waiting: now − queue join) and perishable loads over the limit.
 */
export function flowStats(site: Site, trucks: readonly EngineTruck[], cleared: readonly ClearedTruck[], limitMin: number, now: number): FlowStats[] {
  const ids = truckCrossings(site);
  const index = new Map(ids.map((id, i) => [id, i]));
  const acc = ids.flatMap((crossing) => (['export', 'import'] as const).map((direction) => ({ crossing, direction, today: 0, hour: 0, queue: 0, waits: 0, over: 0, perishMax: 0 })));
  // All waits go into one typed array tagged with their row, then are bucketed by row: no per-row array growth.
  const value = new Float64Array(cleared.length + trucks.length);
  const rowOf = new Int32Array(value.length);
  let m = 0;
  const midnight = localMidnight(now, site.timezones.vn);
  for (const c of cleared) {
    const i = index.get(c.crossing);
    if (i === undefined || c.crossedAt > now || c.crossedAt < midnight) continue;
    const row = i * 2 + dirIndex(c.direction);
    const r = acc[row]!;
    r.today++;
    if (c.crossedAt > now - HOUR_MS) r.hour++;
    r.waits++;
    value[m] = Math.max(0, c.enteredLaneAt - c.queuedAt) / MIN_MS;
    rowOf[m++] = row;
  }
  const limit = limitMin * MIN_MS;
  for (const t of trucks) {
    if (t.phase !== 'queued' && t.phase !== 'called') continue;
    const i = index.get(t.crossing);
    if (i === undefined) continue;
    const row = i * 2 + dirIndex(t.direction);
    const r = acc[row]!;
    const wait = Math.max(0, now - (t.queuedAt ?? now));
    r.queue++;
    r.waits++;
    value[m] = wait / MIN_MS;
    rowOf[m++] = row;
    if (t.perishable) {
      if (wait > limit) r.over++;
      r.perishMax = Math.max(r.perishMax, wait / MIN_MS);
    }
  }
  const start = new Int32Array(acc.length + 1);
  for (let k = 0; k < acc.length; k++) start[k + 1] = start[k]! + acc[k]!.waits;
  const fill = start.slice(0, acc.length);
  const bucketed = new Float64Array(m);
  for (let k = 0; k < m; k++) bucketed[fill[rowOf[k]!]!++] = value[k]!;
  return acc.map((r, k) => {
    // The parts first: each summary reorders its own slice only (cleared waits lie before waiting ones in a row).
    const done = summary(bucketed.subarray(start[k]!, start[k]! + r.today));
    const now_ = summary(bucketed.subarray(start[k]! + r.today, start[k + 1]!));
    const s = summary(bucketed.subarray(start[k]!, start[k + 1]!));
    return {
      crossing: r.crossing,
      direction: r.direction,
      clearedToday: r.today,
      clearedLastHour: r.hour,
      queue: r.queue,
      waitMeanMin: round(s.mean),
      waitP95Min: round(s.p95),
      waitMaxMin: round(s.max),
      waitNowMeanMin: round(now_.mean),
      waitNowP95Min: round(now_.p95),
      waitNowMaxMin: round(now_.max),
      waitClearedMeanMin: round(done.mean),
      waitClearedP95Min: round(done.p95),
      perishableOver: r.over,
      perishableMaxWaitMin: round(r.perishMax),
    };
  });
}

/** Fraction of the site-local day elapsed at `now`, at least one minute so early extrapolation stays finite. */
export function dayFraction(now: number, tzH: number): number {
  return Math.max(now - localMidnight(now, tzH), MIN_MS) / DAY_MS;
}
