import type { Advice, Band, Forecast, ForecastClosing, ForecastSeries } from '../protocol';
import { adviseFrom } from './advice';
import { localHm, nextClose } from './hours';
import { simulateGroup, type CrossingRun, type RunSpan } from './simulate';
import type { ForkState } from './types';

const DAY = 86_400_000;

/** How much to compute: seeds for the forecast and for each advice candidate, the sample step. */
export interface ForecastOptions {
  seeds?: number;
  adviceSeeds?: number;
  seed?: number;
  stepMin?: number;
  /** Hours simulated past the end of the local day (default 6). */
  pastMidnightH?: number;
  advice?: boolean;
}

/** Percentiles 10/50/90 of `xs` (NaN left out; all-NaN gives NaN). */
export function band(xs: readonly number[]): Band {
  const v = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  const at = (p: number) => (v.length === 0 ? NaN : v[Math.min(v.length - 1, Math.max(0, Math.round(p * (v.length - 1))))]!);
  return { p10: at(0.1), p50: at(0.5), p90: at(0.9) };
}

/** The forecast's horizon: the end of the local day of `now`, plus `pastMidnightH` hours. */
export function horizonOf(now: number, tzH: number, pastMidnightH = 6): number {
  const tz = tzH * 3_600_000;
  return Math.floor((now + tz) / DAY) * DAY - tz + DAY + pastMidnightH * 3_600_000;
}

/** The crossings the forecast covers: those with a truck lane. */
export function forecastCrossings(state: ForkState): string[] {
  return state.crossings.map((c) => c.id).filter((id) => state.lanes.some((l) => l.crossing === id));
}

/**
 * The crossings that must run together with `crossings`: under a policy that diverts, the freight crossings trade
 * late perishable exports, so asking for one of them runs them all (simulateGroup).
 */
export function coupled(state: ForkState, crossings: readonly string[]): string[][] {
  const freight = state.policy.divert ? state.crossings.filter((c) => c.roadInMin !== undefined && state.lanes.some((l) => l.crossing === c.id)).map((c) => c.id) : [];
  const joint = freight.length >= 2 && crossings.some((id) => freight.includes(id));
  return [...(joint ? [freight] : []), ...crossings.filter((id) => !joint || !freight.includes(id)).map((id) => [id])];
}

/**
 * Simulates every crossing of `state` over `seeds` seeds (seed, seed + 1, …), the freight crossings together
 * (coupled): the result may hold more crossings than asked for.
 */
export function runSeeds(state: ForkState, crossings: readonly string[], seeds: number, seed: number, stepMs: number, horizon: number): Map<string, CrossingRun[]> {
  const out = new Map<string, CrossingRun[]>();
  for (const group of coupled(state, crossings)) {
    const spans = group.map((id): RunSpan => ({ now: state.now, horizon, stepMs, close: nextClose(state.crossings.find((x) => x.id === id)!.hours, state.now, state.tzH) }));
    for (const id of group) out.set(id, []);
    for (let k = 0; k < seeds; k++) simulateGroup(state, group, spans, (seed + k * 7919) >>> 0).forEach((r, j) => out.get(group[j]!)!.push(r));
  }
  return out;
}

/**
 * The forecast from a forked twin: queue and wait per crossing and direction to the horizon with their band over
 * seeds, each crossing's closing, and (unless turned off) the best three pieces of advice (pickAdvice: with the best
 * one an operator can apply when none of the three is). Pure and deterministic for a seed.
 */
export function forecastFrom(state: ForkState, opts: ForecastOptions = {}): { forecast: Forecast; entries: Map<string, number[]> } {
  const t0 = performance.now();
  const seeds = opts.seeds ?? 16;
  const seed = opts.seed ?? 1;
  const stepMs = (opts.stepMin ?? 15) * 60_000;
  const horizon = horizonOf(state.now, state.tzH, opts.pastMidnightH);
  const crossings = forecastCrossings(state);
  const runs = runSeeds(state, crossings, seeds, seed, stepMs, horizon);
  const series: ForecastSeries[] = [];
  const closing: ForecastClosing[] = [];
  const entries = new Map<string, number[]>();
  for (const id of crossings) {
    const rs = runs.get(id)!;
    const steps = rs[0]!.queue[0].length;
    const ts = Array.from({ length: steps }, (_, k) => state.now + k * stepMs);
    (['export', 'import'] as const).forEach((direction, d) => {
      let last: Band = { p10: 0, p50: 0, p90: 0 };
      const waitMin = ts.map((_, k) => {
        const b = band(rs.map((r) => r.wait[d]![k]!));
        // No truck joined in this step on any seed: the wait of the step before stands.
        if (Number.isNaN(b.p50)) return last;
        return (last = round(b));
      });
      series.push({ crossing: id, direction, ts, queue: ts.map((_, k) => round(band(rs.map((r) => r.queue[d]![k]!)))), waitMin });
    });
    const c = state.crossings.find((x) => x.id === id)!;
    const at = nextClose(c.hours, state.now, state.tzH);
    const already = state.clearedToday.find((x) => x.crossing === id)?.count ?? 0;
    const waitNow = (d: number) => series.find((s) => s.crossing === id && s.direction === (d === 0 ? 'export' : 'import'))!.waitMin[0]!;
    closing.push({
      crossing: id, at, close: localHm(at, state.tzH),
      waiting: round(band(rs.map((r) => r.waitingAtClose))),
      cleared: round(band(rs.map((r) => already + r.startsByClose))),
      ...(c.target !== undefined ? { target: c.target } : {}),
      perishablesAtRisk: round(band(rs.map((r) => r.perishablesAtRisk))),
      perishableP95H: round(band(rs.map((r) => r.perishableP95Min / 60)), 2),
      waitNowMin: { export: waitNow(0), import: waitNow(1) },
    });
    for (const r of rs) for (const [truck, at] of r.entries) entries.set(truck, [...(entries.get(truck) ?? []), at]);
  }
  const advice: Advice[] = opts.advice === false ? [] : adviseFrom(state, runs, { seeds: opts.adviceSeeds ?? Math.min(seeds, 6), seed, stepMs, horizon });
  const forecast: Forecast = {
    from: state.now, horizon, stepMin: stepMs / 60_000, seeds, series, closing, advice,
    model: {
      arrivalsPerDay: state.arrivals.map((a) => ({ crossing: a.crossing, direction: a.direction, perDay: Math.round(a.perDay) })),
      serviceFactor: state.serviceFactor.map((s) => ({ crossing: s.crossing, factor: Math.round(s.factor * 100) / 100 })),
      computeMs: Math.round(performance.now() - t0),
    },
  };
  return { forecast, entries };
}

function round(b: Band, d = 0): Band {
  const f = 10 ** d;
  return { p10: Math.round(b.p10 * f) / f, p50: Math.round(b.p50 * f) / f, p90: Math.round(b.p90 * f) / f };
}
