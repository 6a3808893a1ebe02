/** A timeline's span (epoch ms) and its width in pixels. */
export interface TimelineSpan {
  first: number;
  last: number;
  width: number;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** Twin time under pixel `x` of the timeline, clamped to the recording, rounded to the second. */
export function timeAtX(x: number, s: TimelineSpan): number {
  if (s.width <= 0 || s.last <= s.first) return s.first;
  const t = s.first + (clamp(x, 0, s.width) / s.width) * (s.last - s.first);
  return clamp(Math.round(t / 1000) * 1000, s.first, s.last);
}

/** Pixel of twin time `t` on the timeline (clamped to its ends). */
export function xAtTime(t: number, s: TimelineSpan): number {
  if (s.last <= s.first) return 0;
  return (clamp(t, s.first, s.last) - s.first) / (s.last - s.first) * s.width;
}

/**
 * Hour ticks (at local whole hours, `offsetHours` from UTC) inside the span, at most `max` of them: every hour,
 * or every 2, 3, 6 hours when the span is long.
 */
export function hourTicks(first: number, last: number, offsetHours: number, max = 13): number[] {
  const HOUR = 3_600_000;
  if (last <= first) return [];
  const hours = (last - first) / HOUR;
  const every = [1, 2, 3, 6, 12].find((e) => hours / e <= max) ?? 24;
  const shift = offsetHours * HOUR;
  const out: number[] = [];
  let t = Math.ceil((first + shift) / (every * HOUR)) * every * HOUR - shift;
  for (; t <= last; t += every * HOUR) out.push(t);
  return out;
}

/**
 * Activity density buckets resampled onto `columns` pixels columns and normalised to 0–1 by the busiest column
 * (the density strip draws one bar per column).
 */
export function densityColumns(counts: readonly number[], columns: number): Float32Array {
  const out = new Float32Array(Math.max(0, columns));
  if (counts.length === 0 || columns <= 0) return out;
  for (let i = 0; i < counts.length; i++) {
    const c = Math.min(columns - 1, Math.floor((i / counts.length) * columns));
    out[c]! += Math.max(0, counts[i]!);
  }
  let max = 0;
  for (const v of out) if (v > max) max = v;
  if (max > 0) for (let i = 0; i < out.length; i++) out[i] = out[i]! / max;
  return out;
}
