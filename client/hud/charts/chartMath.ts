/** A linear map from a domain interval onto a pixel interval (no clamping). */
export interface Scale {
  (v: number): number;
  domain: readonly [number, number];
  range: readonly [number, number];
}

/** Linear scale from [d0, d1] to [r0, r1]; a degenerate domain maps everything to r0. */
export function scaleLinear(d0: number, d1: number, r0: number, r1: number): Scale {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const f = ((v: number) => r0 + (v - d0) * k) as Scale;
  return Object.assign(f, { domain: [d0, d1] as const, range: [r0, r1] as const });
}

/** A "nice" step (1, 2 or 5 × 10^k) that splits `span` into about `count` intervals. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || count <= 0) return 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const r = raw / mag;
  return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
}

/** Round tick values from 0 (or below `min`) up to at least `max`, about `count` of them. */
export function niceTicks(min: number, max: number, count = 4): number[] {
  const lo = Math.min(0, min);
  const hi = max > lo ? max : lo + 1;
  const step = niceStep(hi - lo, count);
  const out: number[] = [];
  const start = Math.floor(lo / step) * step;
  for (let v = start; v < hi + step * 0.999; v += step) out.push(Math.round(v / step) * step);
  return out;
}

/** The top of the y axis: the last nice tick at or above every value and reference line. */
export function niceMax(values: Iterable<number>, refs: readonly number[] = [], count = 4): number {
  let m = 0;
  for (const v of values) if (Number.isFinite(v) && v > m) m = v;
  for (const r of refs) if (Number.isFinite(r) && r > m) m = r;
  const ticks = niceTicks(0, m, count);
  return ticks[ticks.length - 1]!;
}

/**
 * An SVG path through (i, values[i]) scaled by x and y; NaN values break the line (nothing was seen there),
 * so a gap in the data shows as a gap, not as a made-up slope.
 */
export function linePath(values: ArrayLike<number>, x: (i: number) => number, y: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${round1(x(i))},${round1(y(v))}`;
    pen = true;
  }
  return d;
}

const round1 = (v: number): number => Math.round(v * 10) / 10;

/** Stacked bar segments: for each category, [y0, y1] of each series in data units (NaN counts as 0). */
export function stack(series: readonly ArrayLike<number>[], categories: number): [number, number][][] {
  const base = new Float64Array(categories);
  return series.map((s) => {
    const out: [number, number][] = [];
    for (let i = 0; i < categories; i++) {
      const v = Number.isFinite(s[i]!) ? Math.max(0, s[i]!) : 0;
      out.push([base[i]!, base[i]! + v]);
      base[i]! += v;
    }
    return out;
  });
}

/** Sum per category of stacked series (the bar heights). */
export function totals(series: readonly ArrayLike<number>[], categories: number): number[] {
  const out = new Array<number>(categories).fill(0);
  for (const s of series) for (let i = 0; i < categories; i++) if (Number.isFinite(s[i]!)) out[i]! += Math.max(0, s[i]!);
  return out;
}

/**
 * Counts of `values` per bin: bin i holds edges[i] ≤ v < edges[i + 1]; the last bin is open-ended
 * (v ≥ its lower edge). Values below edges[0] are not counted.
 */
export function histogram(values: Iterable<number>, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length).fill(0);
  for (const v of values) {
    if (!Number.isFinite(v) || v < edges[0]!) continue;
    let i = edges.length - 1;
    while (i > 0 && v < edges[i]!) i--;
    counts[i]!++;
  }
  return counts;
}
