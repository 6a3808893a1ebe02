import type { CrossingKpi } from '../../server/protocol/viewer';
import { dayStartMs } from '../i18n/format';

/** Hours in a day and the queue samples kept per hour (one per 5 minutes of twin time). */
export const HOURS = 24;
export const SLOTS_PER_HOUR = 12;
export const SLOTS = HOURS * SLOTS_PER_HOUR;
const HOUR_MS = 3_600_000;
const SLOT_MS = HOUR_MS / SLOTS_PER_HOUR;

/** What a sample needs: a `kpi` event, or one bucket of the server's day history. */
export interface KpiSample {
  ts: number;
  day: string;
  crossings: readonly Pick<CrossingKpi, 'crossing' | 'clearedToday' | 'queue' | 'waitNowMeanMin'>[];
}

/**
 * One site-local day of KPI history, filled at once from `GET /api/kpi/history` and then from the 1 Hz `kpi` events:
 * per freight crossing, the cleared-today counter at the first and last sample of each hour, and the queue and
 * mean wait every 5 minutes. Fixed-size typed arrays, so a wall that runs for weeks holds one day at a time.
 */
export interface DaySeries {
  day: string;
  dayStart: number;
  crossings: readonly string[];
  /** crossings × HOURS; NaN where no sample fell in the hour. */
  firstCleared: Float64Array;
  lastCleared: Float64Array;
  /** crossings × SLOTS; NaN where no sample fell in the slot. */
  queue: Float32Array;
  waitMean: Float32Array;
  samples: number;
}

/** An empty day for `crossings` (the order charts stack them in). */
export function createDaySeries(day: string, offsetHours: number, crossings: readonly string[]): DaySeries {
  const n = crossings.length;
  return {
    day,
    dayStart: dayStartMs(day, offsetHours),
    crossings,
    firstCleared: new Float64Array(n * HOURS).fill(NaN),
    lastCleared: new Float64Array(n * HOURS).fill(NaN),
    queue: new Float32Array(n * SLOTS).fill(NaN),
    waitMean: new Float32Array(n * SLOTS).fill(NaN),
    samples: 0,
  };
}

const clampIndex = (v: number, n: number): number => Math.min(n - 1, Math.max(0, Math.floor(v)));

/**
 * Adds one KPI sample; returns the same series, or a new one when the sample belongs to another day (midnight
 * passed, or a replay opened another day). Both directions of a crossing are added up.
 */
export function addKpiSample(s: DaySeries | null, kpi: KpiSample, offsetHours: number, crossings: readonly string[]): DaySeries {
  const series = s && s.day === kpi.day && s.crossings === crossings ? s : createDaySeries(kpi.day, offsetHours, crossings);
  const hour = clampIndex((kpi.ts - series.dayStart) / HOUR_MS, HOURS);
  const slot = clampIndex((kpi.ts - series.dayStart) / SLOT_MS, SLOTS);
  for (let c = 0; c < crossings.length; c++) {
    const id = crossings[c]!;
    let cleared = 0;
    let queue = 0;
    let waitSum = 0;
    let weight = 0;
    let seen = false;
    for (const k of kpi.crossings) {
      if (k.crossing !== id) continue;
      seen = true;
      cleared += k.clearedToday;
      queue += k.queue;
      // The wait of trucks waiting now, weighted by how many wait (the same figure as the cards and the wall).
      waitSum += k.waitNowMeanMin * k.queue;
      weight += k.queue;
    }
    if (!seen) continue;
    const h = c * HOURS + hour;
    if (Number.isNaN(series.firstCleared[h]!)) series.firstCleared[h] = cleared;
    series.lastCleared[h] = cleared;
    series.queue[c * SLOTS + slot] = queue;
    series.waitMean[c * SLOTS + slot] = weight > 0 ? waitSum / weight : 0;
  }
  series.samples++;
  return series;
}

/** One hour's throughput of one crossing; `partial` when the hour was not watched from its start. */
export interface HourBar {
  value: number;
  partial: boolean;
}

/**
 * Vehicles cleared per hour, per crossing: the counter at the end of the hour minus the counter at the end of
 * the hour before; when that hour was not watched, the rise within the hour only (marked partial).
 * NaN values where nothing was seen.
 */
export function throughputPerHour(s: DaySeries): HourBar[][] {
  return s.crossings.map((_, c) => {
    const out: HourBar[] = [];
    for (let h = 0; h < HOURS; h++) {
      const last = s.lastCleared[c * HOURS + h]!;
      if (Number.isNaN(last)) {
        out.push({ value: NaN, partial: true });
        continue;
      }
      const prev = h > 0 ? s.lastCleared[c * HOURS + h - 1]! : 0;
      const base = Number.isNaN(prev) ? s.firstCleared[c * HOURS + h]! : prev;
      out.push({ value: Math.max(0, last - base), partial: Number.isNaN(prev) });
    }
    return out;
  });
}

/** The queue of crossing index `c` over the day, one value per 5-minute slot (NaN = not seen). */
export const queueOverDay = (s: DaySeries, c: number): Float32Array => s.queue.subarray(c * SLOTS, (c + 1) * SLOTS);
