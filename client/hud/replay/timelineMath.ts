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
 * Activity density buckets resampled onto `columns` pixel columns and scaled to 0–1 against the busiest column
 * (the density strip draws one bar per column).
 */
export function densityColumns(counts: readonly number[], columns: number): Float32Array {
  const out = new Float32Array(Math.max(0, columns));
  const n = counts.length;
  if (n === 0 || columns <= 0) return out;
  if (n >= columns) {
    for (let i = 0; i < n; i++) out[Math.min(columns - 1, Math.floor((i / n) * columns))]! += Math.max(0, counts[i]!);
  } else {
    // Fewer buckets than columns: each column shows the bucket under it, so the strip has no gaps.
    for (let c = 0; c < columns; c++) out[c] = Math.max(0, counts[Math.floor((c * n) / columns)]!);
  }
  let max = 0;
  for (const v of out) if (v > max) max = v;
  // Square root: a burst (the morning's first reports) must not flatten the rest of the day to nothing.
  if (max > 0) for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(out[i]! / max);
  return out;
}
