import type { Hours } from '../protocol';

// Site-local time: opening hours are written in Vietnam time (site.timezones.vn, UTC+7).

const MIN = 60_000;
/** One day in milliseconds. */
export const DAY_MS = 86_400_000;
/** One hour in milliseconds. */
export const HOUR_MS = 3_600_000;

/** Minutes since midnight of an `HH:MM` string. */
export function hm(s: string): number {
  return Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
}

/** Epoch ms of the site-local midnight at or before `ms`. */
export function localMidnight(ms: number, tzH: number): number {
  const off = tzH * HOUR_MS;
  return Math.floor((ms + off) / DAY_MS) * DAY_MS - off;
}

/** Site-local calendar date `YYYY-MM-DD` of `ms` (a Date built from an argument is deterministic). */
export function localDay(ms: number, tzH: number): string {
  return new Date(ms + tzH * HOUR_MS).toISOString().slice(0, 10);
}

/** Whether `ms` falls inside daily `hours` (site-local); open == close means around the clock. */
export function inHours(h: Hours, ms: number, tzH: number): boolean {
  const m = (ms - localMidnight(ms, tzH)) / MIN;
  const o = hm(h.open);
  const c = hm(h.close);
  if (o === c) return true;
  return o < c ? m >= o && m < c : m >= o || m < c;
}

/** A half-open time interval [start, end) in epoch ms; start = Infinity when never open. */
export interface Window {
  start: number;
  end: number;
}

/** Daily hours parsed once: offsets from local midnight of the opening and closing, ms (close > open). */
export interface Span {
  open: number;
  close: number;
}

/** Parses hours into offsets; open == close means around the clock; overnight hours close the next day. */
export function span(h: Hours): Span {
  const o = hm(h.open);
  const c = hm(h.close);
  if (o === c) return { open: 0, close: DAY_MS };
  return { open: o * MIN, close: (o < c ? c : c + 1440) * MIN };
}

// How far ahead we look for an opening; beyond a week a lane counts as shut.
const SEARCH_DAYS = 8;

/**
 * Writes into `out` the earliest interval with end > t during which both `a` and `b` (if given) are open.
 * `start` may lie before t (t is then inside the interval). Allocation-free: it runs per truck when a lane's
 * predicted time crosses its closing time.
 */
export function windowFrom(a: Span, b: Span | undefined, t: number, tzH: number, out: Window): void {
  const base = localMidnight(t, tzH);
  let bestS = Infinity;
  let bestE = Infinity;
  for (let d = -1; d <= SEARCH_DAYS && bestS === Infinity; d++) {
    for (let da = d - 1; da <= d; da++) {
      const sa = base + da * DAY_MS + a.open;
      const ea = base + da * DAY_MS + a.close;
      for (let db = d - 1; db <= d; db++) {
        const s = b ? Math.max(sa, base + db * DAY_MS + b.open) : sa;
        const e = b ? Math.min(ea, base + db * DAY_MS + b.close) : ea;
        if (s < e && e > t && s < bestS) {
          bestS = s;
          bestE = e;
        }
      }
    }
  }
  out.start = bestS;
  out.end = bestE;
}
