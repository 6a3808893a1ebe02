import type { Hours } from '../protocol';

const DAY = 86_400_000;
const hm = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/** The in-hours spans [from, to) of daily `hours` (site-local, `tzH` from UTC) that overlap [start, end). */
export function openSpans(hours: Hours, start: number, end: number, tzH: number): { from: number; to: number }[] {
  const tz = tzH * 3_600_000;
  const o = hm(hours.open);
  const c = hm(hours.close);
  if (o === c) return [{ from: start, to: end }];
  const out: { from: number; to: number }[] = [];
  for (let d = Math.floor((start + tz) / DAY) * DAY - tz - DAY; d < end; d += DAY) {
    const from = d + o * 60_000;
    const to = d + (c > o ? c : c + 1440) * 60_000;
    if (to > start && from < end) out.push({ from, to });
  }
  return out;
}

/** The first instant at or after `t` inside one of `spans` (sorted), or Infinity. */
export function nextOpen(spans: readonly { from: number; to: number }[], t: number): number {
  for (const s of spans) {
    if (t < s.to) return Math.max(t, s.from);
  }
  return Infinity;
}

/** The closing instant that ends the span containing `t`, or the next span's closing. */
export function nextClose(hours: Hours, t: number, tzH: number): number {
  const spans = openSpans(hours, t, t + 2 * DAY, tzH);
  return spans.find((s) => s.to > t)?.to ?? t;
}

/** Site-local HH:MM of an instant. */
export function localHm(t: number, tzH: number): string {
  return new Date(t + tzH * 3_600_000).toISOString().slice(11, 16);
}
