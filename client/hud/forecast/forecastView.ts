import type { Advice, Band, Forecast, ForecastClosing } from '../../../server/protocol/forecast';
import type { PastForecast } from '../../state/forecastStore';

/** One crossing's forecast queue on the day chart's slots: NaN outside the forecast (before now, after midnight). */
export interface SlotBand {
  p10: Float32Array;
  p50: Float32Array;
  p90: Float32Array;
}

/**
 * The forecast queue of `crossing` (both directions added up) on a day of `slots` slots of `slotMs` from
 * `dayStart`, linearly interpolated between the forecast's samples. Adding the directions' p10 and p90 gives a
 * band a little wider than the p10–p90 of the sum: on the safe side for a chart that says "somewhere in here".
 */
export function queueBand(f: Forecast, crossing: string, dayStart: number, slots: number, slotMs: number): SlotBand | null {
  const parts = f.series.filter((s) => s.crossing === crossing && s.ts.length > 0);
  if (parts.length === 0) return null;
  const ts = parts[0]!.ts;
  const sum = (k: keyof Band, i: number) => parts.reduce((a, s) => a + (s.queue[i]?.[k] ?? 0), 0);
  const out: SlotBand = { p10: new Float32Array(slots).fill(NaN), p50: new Float32Array(slots).fill(NaN), p90: new Float32Array(slots).fill(NaN) };
  for (const k of ['p10', 'p50', 'p90'] as const) {
    const v = ts.map((_, i) => sum(k, i));
    // Slot i is drawn at its middle: the forecast value at that instant.
    for (let i = 0; i < slots; i++) {
      const at = dayStart + (i + 0.5) * slotMs;
      if (at < ts[0]! - slotMs / 2 || at > ts[ts.length - 1]!) continue;
      let j = 0;
      while (j < ts.length - 2 && ts[j + 1]! < at) j++;
      const t0 = ts[j]!;
      const t1 = ts[j + 1] ?? t0;
      const w = t1 > t0 ? Math.min(1, Math.max(0, (at - t0) / (t1 - t0))) : 0;
      out[k][i] = v[j]! + (v[Math.min(j + 1, v.length - 1)]! - v[j]!) * w;
    }
  }
  return out;
}

/** An SVG path of the area between `lo` and `hi` (a separate polygon for each run of finite values). */
export function bandPath(lo: ArrayLike<number>, hi: ArrayLike<number>, x: (i: number) => number, y: (v: number) => number): string {
  let d = '';
  let i = 0;
  const r = (v: number) => Math.round(v * 10) / 10;
  while (i < lo.length) {
    if (!Number.isFinite(lo[i]!) || !Number.isFinite(hi[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < lo.length && Number.isFinite(lo[j + 1]!) && Number.isFinite(hi[j + 1]!)) j++;
    const pts: string[] = [];
    for (let k = i; k <= j; k++) pts.push(`${r(x(k))},${r(y(hi[k]!))}`);
    for (let k = j; k >= i; k--) pts.push(`${r(x(k))},${r(y(lo[k]!))}`);
    d += `M${pts.join('L')}Z`;
    i = j + 1;
  }
  return d;
}

/** What the wall says about one crossing's closing: the median waiting and half the p10–p90 spread. */
export interface ClosingFigure {
  close: string;
  at: number;
  waiting: number;
  spread: number;
  /** The closing is on the site's next day (a forecast made after today's closing). */
  tomorrow: boolean;
}

const DAY_MS = 86_400_000;

/**
 * The closing figure of `crossing`, or null when the forecast has none (no forecast yet, or no closing today). Given
 * the twin's time now (and the site's UTC offset), null too once that closing has passed: the forecast that said it
 * is out of date (a simulator at 600× runs ten twin hours between forecasts, and at 19:35 the tiles still gave
 * "19:00: …"); and a closing on the next local day is marked, so "19:00" after closing is not read as today's.
 */
export function closingFigure(f: Forecast | null, crossing: string, now?: number, tzH = 7): ClosingFigure | null {
  const c: ForecastClosing | undefined = f?.closing.find((x) => x.crossing === crossing);
  if (!c || (now !== undefined && c.at <= now)) return null;
  const day = (ms: number) => Math.floor((ms + tzH * 3_600_000) / DAY_MS);
  return {
    close: c.close, at: c.at, waiting: Math.round(c.waiting.p50), spread: Math.round((c.waiting.p90 - c.waiting.p10) / 2),
    tomorrow: now !== undefined && day(c.at) > day(now),
  };
}

/** The advice worth showing: the best `n` by effect, and the best one an operator can apply when none of those can be. */
export interface ShownAdvice {
  top: Advice[];
  /** The server's `best-applicable` pick, shown after the top under its own caption; null when one of the top applies. */
  applyNow: Advice | null;
}

/** The advice worth showing: the best three by truck-hours saved, those that save something, and the server's applicable pick. */
export function topAdvice(f: Forecast | null, n = 3): ShownAdvice {
  if (!f) return { top: [], applyNow: null };
  const top = f.advice.filter((a) => !a.pick && a.savedTruckHours > 0).sort((a, b) => b.savedTruckHours - a.savedTruckHours).slice(0, n);
  const pick = f.advice.find((a) => a.pick === 'best-applicable' && a.applicable && a.savedTruckHours > 0);
  return { top, applyNow: pick && !top.some((a) => a.applicable) ? pick : null };
}

/**
 * The day chart's forecast bands, one per crossing the forecast covers, in `crossings`' order (`index` picks the
 * line's colour). They need no sample of the day: without a series the day is the one the forecast was made in,
 * so a replay opened before the first 5-minute bucket closed still shows what was forecast. A forecast made before
 * the chart's day has nothing to draw on it.
 */
export function dayBands(f: Forecast | null, crossings: readonly string[], dayStart: number, slots: number, slotMs: number): { id: string; index: number; band: SlotBand }[] {
  if (!f || !(f.from >= dayStart)) return [];
  return crossings.flatMap((id, index) => {
    const band = queueBand(f, id, dayStart, slots, slotMs);
    return band ? [{ id, index, band }] : [];
  });
}

/** What the replay's queue chart says about its band: the message key, the instant it is about and the error. */
export interface PastNote {
  key: 'forecastPast.said' | 'forecastPast.loading' | 'forecastPast.none' | 'forecastPast.retrying' | 'forecastPast.failed';
  at: number;
  error?: string;
}

/**
 * The replay chart's caption: when the band is drawn, when the forecast it shows was made (`said`, at its `from`);
 * otherwise where the fetch stands for the instant jumped to, so an empty chart is never silent about why.
 */
export function pastNote(past: PastForecast | null, drawn: Forecast | null): PastNote | null {
  if (drawn) return { key: 'forecastPast.said', at: drawn.from };
  if (!past) return null;
  switch (past.status) {
    case 'loading':
      return { key: 'forecastPast.loading', at: past.at };
    case 'none':
      return { key: 'forecastPast.none', at: past.at };
    case 'retrying':
      return { key: 'forecastPast.retrying', at: past.at, error: past.error };
    case 'failed':
      return { key: 'forecastPast.failed', at: past.at, error: past.error };
    case 'shown':
      // Shown, but with no band for these crossings (a forecast recorded without its series): nothing to caption.
      return null;
  }
}
