import type { EngineConfig } from '../engine/types';
import type { Advice, AdviceAction, Site } from '../protocol';
import { runHeadless, type HeadlessOptions, type HeadlessResult } from '../sim/headless';
import type { Scenario } from '../sim/scenario';
import type { Twin } from '../twin/twin';
import { atLocal } from '../sim/world';
import { adviceId, candidates } from './advice';
import { forecastFrom, type ForecastOptions } from './forecast';
import { forkTwin, type FitInputs } from './fork';
import { nextClose } from './hours';
import type { ForkState } from './types';

/** A headless day that carries out one piece of advice: its site (lanes, hours) and run options (engine, crossing). */
export interface AdvisedDay {
  site: Site;
  opts: HeadlessOptions;
}

/**
 * The headless day that carries out `action` as advised on `fork`, for the whole day (lanes, hours, the head start and
 * levers are day settings there); undefined for a diversion, which would need the drivers to take another road.
 */
export function adviceInHeadless(action: AdviceAction, site: Site, opts: HeadlessOptions, fork: ForkState): AdvisedDay | undefined {
  switch (action.kind) {
    case 'lane': {
      const { lane, open, direction } = action.set;
      const lanes = (l: Site['crossings'][number]['lanes'][number]) => (l.id !== lane ? l : { ...l, ...(open !== undefined ? { open } : {}), ...(direction !== undefined ? { direction } : {}) });
      return { site: { ...site, crossings: site.crossings.map((c) => ({ ...c, lanes: c.lanes.map(lanes) })) }, opts };
    }
    case 'hours':
      return {
        site: { ...site, crossings: site.crossings.map((c) => (c.id !== action.crossing ? c : { ...c, hours: { open: c.hours.open, close: action.close }, lanes: c.lanes.map((l) => ({ ...l, hours: { open: (l.hours ?? c.hours).open, close: action.close } })) })) },
        opts,
      };
    case 'divert':
      return undefined;
    case 'head-start':
      return { site, opts: { ...opts, engine: { ...opts.engine, perishableHeadStartMin: action.perishableHeadStartMin } } };
    case 'lever': {
      // The crossing rules the advice simulated (with any lever already moved in `opts`), this lever moved too.
      const run = candidates(opts.crossing ? { ...fork, modes: opts.crossing } : fork).find((c) => adviceId(c.action) === adviceId(action))?.state.modesRun;
      return run ? { site, opts: { ...opts, crossing: run } } : undefined;
    }
  }
}

/** A headless day's figures the advice speaks of, plus the day's summary. */
export interface DayFigures {
  run: HeadlessResult;
  /** Trucks waiting in a queue at each truck crossing's closing (the run's own hours), summed. */
  waitingAtClose: number;
  /** Truck-hours spent waiting in a queue from `from` to the end of the run, at the truck crossings. */
  waitTruckHoursFrom: number;
}

/** The truck crossings of a site: those the forecast covers. */
const truckCrossings = (site: Site) => site.crossings.filter((c) => c.lanes.some((l) => l.classes.includes('truck')));

/** Runs a headless day and measures the advice's figures on it: waiting at each closing, truck-hours waiting from `from`. */
export function measuredDay(site: Site, scenario: Scenario, opts: HeadlessOptions, from: number): DayFigures {
  let twin: Twin | undefined;
  const closes = new Map<string, number>();
  const atClose = new Map<string, number>();
  const run = runHeadless(site, scenario, {
    ...opts,
    onStart: (t) => {
      twin = t;
      opts.onStart?.(t);
    },
    onStep: (msgs, now, i) => {
      if (closes.size === 0) for (const c of truckCrossings(site)) closes.set(c.id, nextClose(c.hours, now, site.timezones.vn));
      for (const [crossing, at] of closes) {
        if (atClose.has(crossing) || now < at) continue;
        atClose.set(crossing, waitingAt(twin!, crossing));
      }
      opts.onStep?.(msgs, now, i);
    },
  });
  // A closing after the end of the run: what waits at the end.
  for (const c of truckCrossings(site)) if (!atClose.has(c.id)) atClose.set(c.id, waitingAt(run.twin, c.id));
  return { run, waitingAtClose: [...atClose.values()].reduce((a, b) => a + b, 0), waitTruckHoursFrom: truckHoursFrom(run, from) };
}

/** Truck-hours spent waiting in a queue at the truck crossings from `from` to the end of a run (still waiting: to the end). */
export function truckHoursFrom(run: HeadlessResult, from: number): number {
  const ids = new Set(truckCrossings(run.world.site).map((c) => c.id));
  let waitMs = 0;
  const add = (crossing: string, queuedAt: number | undefined, until: number) => {
    if (queuedAt !== undefined && ids.has(crossing)) waitMs += Math.max(0, Math.min(until, run.end) - Math.max(queuedAt, from));
  };
  for (const c of run.twin.cleared) add(c.crossing, c.queuedAt, c.enteredLaneAt);
  for (const t of run.twin.trucks.values()) if (t.crossedAt === undefined) add(t.crossing, t.queuedAt, t.enteredLaneAt ?? run.end);
  return waitMs / 3_600_000;
}

/** Trucks in the queue at a crossing now (joined, not yet in a lane). */
function waitingAt(twin: Twin, crossing: string): number {
  let n = 0;
  for (const t of twin.trucks.values()) if (t.crossing === crossing && t.queuedAt !== undefined && t.enteredLaneAt === undefined && t.crossedAt === undefined) n++;
  return n;
}

/** What the live forecast advised at one instant, and the day re-run headless with that advice carried out. */
export interface AdviceOutcome {
  /** Site-local HH:MM of the fork. */
  at: string;
  from: number;
  /** The advice carried out (the top one a headless day can express, or all of the top three it can), as the forecast scored it. */
  advice: Advice[];
  /** Their ranks among the forecast's (up to three) pieces of advice, 1 = top. */
  ranks: number[];
  baseline: DayFigures;
  advised: DayFigures;
}

/** How to fork and advise: the engine's configuration, the fit, the crossing rules the server gives the advice, forecast effort. */
export interface AdviceCheckOptions {
  config: EngineConfig;
  fit: FitInputs;
  /** Crossing rules, as the server gives them to the forecast: the advice then weighs the provinces' levers too. */
  modes?: ForkState['modes'];
  forecast?: ForecastOptions;
  run?: HeadlessOptions;
  /** Carry out the top advice only (default), or every piece of the top three a headless day can express, together. */
  take?: 'top' | 'all';
}

/** Hooks that fork a headless day's twin at site-local instants `at`, as the server forks the live twin; the forks land in `forks`. */
export function forkHooks(site: Site, at: readonly string[], o: Pick<AdviceCheckOptions, 'config' | 'fit' | 'modes'>): { hooks: Pick<HeadlessOptions, 'onStart' | 'onStep'>; forks: Map<string, ForkState> } {
  const forks = new Map<string, ForkState>();
  let twin: Twin | undefined;
  return {
    forks,
    hooks: {
      onStart: (t) => (twin = t),
      onStep: (_m, now) => {
        for (const hm of at) {
          if (forks.has(hm) || now < atLocal(now, hm)) continue;
          const f = forkTwin(twin!, site, now, o.config, o.fit);
          forks.set(hm, o.modes ? { ...f, modes: o.modes } : f);
        }
      },
    },
  };
}

/**
 * Takes the advice the live forecast would give at site-local instants `at` of a headless day (forking its twin as the
 * server does), carries it out as far as a headless run can express it, and re-runs the day on the same arrivals (the
 * world's arrival stream is independent of lanes, hours and order) with the same engine: what the advice achieves,
 * measured by the simulation itself rather than by the forecast's queue model.
 */
export function checkAdvice(site: Site, scenario: Scenario, at: readonly string[], o: AdviceCheckOptions): AdviceOutcome[] {
  const { hooks, forks } = forkHooks(site, at, o);
  const base = measuredDay(site, scenario, { ...o.run, ...hooks }, 0);
  return checkForks(site, scenario, base, at.map((hm) => [hm, forks.get(hm)] as const), o);
}

/**
 * The advice at each fork of `base` (a measured day), carried out and re-run; a fork the run did not reach is an error.
 * The same advice at two instants is one run (the actions are day settings in a headless run).
 */
export function checkForks(site: Site, scenario: Scenario, base: DayFigures, forks: readonly (readonly [string, ForkState | undefined])[], o: AdviceCheckOptions): AdviceOutcome[] {
  const runOpts = o.run ?? {};
  const out: AdviceOutcome[] = [];
  const runs = new Map<string, DayFigures>();
  let withModes: DayFigures | undefined;
  for (const [hm, fork] of forks) {
    if (!fork) throw new Error(`the run ends before ${hm}`);
    // The best three by effect: the applicable one the forecast may add after them is not among "the top advice".
    const all = forecastFrom(fork, o.forecast).forecast.advice.filter((a) => !a.pick);
    const ranks = all.map((a, k) => (adviceInHeadless(a.action, site, runOpts, fork) ? k : -1)).filter((k) => k >= 0).slice(0, o.take === 'all' ? 3 : 1);
    if (ranks.length === 0) continue;
    const advice = ranks.map((k) => all[k]!);
    let day: AdvisedDay = { site, opts: runOpts };
    for (const a of advice) day = adviceInHeadless(a.action, day.site, day.opts, fork)!;
    // A lever is measured against the same crossing rules without it (the world then draws every truck's way of crossing).
    const levers = advice.some((a) => a.action.kind === 'lever') && fork.modes;
    if (levers) {
      withModes ??= measuredDay(site, scenario, { ...runOpts, crossing: fork.modes! }, 0);
      day = { ...day, opts: { crossing: fork.modes!, ...day.opts } };
    }
    const baseline = levers ? withModes! : base;
    const key = advice.map((a) => a.id).sort().join('+');
    const advised = runs.get(key) ?? measuredDay(day.site, scenario, day.opts, 0);
    runs.set(key, advised);
    const from = (d: DayFigures) => ({ ...d, waitTruckHoursFrom: truckHoursFrom(d.run, fork.now) });
    out.push({ at: hm, from: fork.now, advice, ranks: ranks.map((k) => k + 1), baseline: from(baseline), advised: from(advised) });
  }
  return out;
}
