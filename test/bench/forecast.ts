import { defaultEngineConfig } from '../../server/engine/config';
import { forecastFrom } from '../../server/forecast/forecast';
import { forkTwin, scenarioFit } from '../../server/forecast/fork';
import { nextClose } from '../../server/forecast/hours';
import type { ForkState } from '../../server/forecast/types';
import type { Forecast } from '../../server/protocol';
import type { Twin } from '../../server/twin/twin';
import { runHeadless } from '../../server/sim/headless';
import { loadScenario, scenarioSite } from '../../server/sim/scenario';
import { atLocal } from '../../server/sim/world';
import { buildSite } from '../support/builders';
import type { BenchResult } from './types';

const FROM = ['10:00', '13:00', '16:00'];
const DAYS = ['normal', 'fruit-peak', 'lane-closure'];
/** Queues this short at closing say little in percent: they are left out of the MAPE (and counted). */
const MIN_QUEUE = 20;

/**
 * Recorded scenario days (simulator + engine, as live), forecast from 10:00, 13:00 and 16:00 with the arrival model
 * fitted to what had arrived by then and the day's profile, and compared with what then happened: trucks waiting at
 * each crossing's closing (MAPE), and the wait of the trucks that joined each 15-minute step (MAE, minutes).
 */
export async function run(): Promise<BenchResult[]> {
  const ape: number[] = [];
  const waitErr: number[] = [];
  let skipped = 0;
  const computeMs: number[] = [];
  for (const id of DAYS) {
    const scenario = loadScenario(id);
    const site = scenarioSite(buildSite(), scenario);
    const config = defaultEngineConfig('default');
    const forks: ForkState[] = [];
    const truth = new Map<string, number>();
    const closes = new Map<string, number>();
    const pending = new Set(FROM);
    let twin: Twin | undefined;
    const run = runHeadless(site, scenario, {
      onStart: (t) => {
        twin = t;
      },
      // Forks at the forecast instants, and the queue at each crossing's closing, taken from the twin as the day runs.
      onStep: (_m, now) => {
        if (closes.size === 0) for (const c of site.crossings) closes.set(c.id, nextClose(c.hours, now, site.timezones.vn));
        for (const hm of pending) {
          if (now < atLocal(now, hm)) continue;
          forks.push(forkTwin(twin!, site, now, config, scenarioFit(scenario)));
          pending.delete(hm);
        }
        for (const [crossing, at] of closes) {
          if (truth.has(crossing) || now < at) continue;
          let n = 0;
          for (const t of twin!.trucks.values()) if (t.crossing === crossing && t.queuedAt !== undefined && t.enteredLaneAt === undefined && t.crossedAt === undefined) n++;
          truth.set(crossing, n);
        }
      },
    });
    const actual = [
      ...run.twin.cleared.map((c) => ({ crossing: c.crossing, direction: c.direction, at: c.queuedAt, waitMin: (c.enteredLaneAt - c.queuedAt) / 60_000 })),
      ...[...run.twin.trucks.values()].filter((t) => t.queuedAt !== undefined && t.crossedAt === undefined).map((t) => ({ crossing: t.crossing, direction: t.direction, at: t.queuedAt!, waitMin: ((t.enteredLaneAt ?? run.end) - t.queuedAt!) / 60_000 })),
    ];
    for (const fork of forks) {
      const { forecast } = forecastFrom(fork, { seeds: 16, advice: false });
      computeMs.push(forecast.model.computeMs);
      for (const c of forecast.closing) {
        const n = truth.get(c.crossing);
        if (n === undefined) continue;
        if (n < MIN_QUEUE) {
          skipped++;
          continue;
        }
        ape.push(Math.abs(c.waiting.p50 - n) / n);
        if (process.env.FORECAST_BENCH_VERBOSE) console.error(id, new Date(fork.now).toISOString(), c.crossing, 'forecast', c.waiting, 'actual', n);
      }
      waitErr.push(...waitErrors(forecast, fork, actual));
    }
  }
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  computeMs.sort((a, b) => a - b);
  return [
    { name: 'forecast.queue_at_close_mape', value: round(mean(ape), 3), unit: `mean |forecast − actual| ÷ actual, waiting at closing, ${ape.length} cases (${skipped} under ${MIN_QUEUE} left out)`, baseline: 0.15, ratio: round(mean(ape) / 0.15, 2) },
    { name: 'forecast.wait_mae_min', value: round(mean(waitErr), 1), unit: `min, wait of trucks joining each 15-min step to closing, ${waitErr.length} steps`, baseline: 0, ratio: 0 },
    { name: 'forecast.compute_ms_p50', value: computeMs[Math.floor(computeMs.length / 2)] ?? 0, unit: 'ms per forecast (16 seeds, no advice), bench thread', baseline: 0, ratio: 0 },
  ];
}

function waitErrors(f: Forecast, fork: ForkState, actual: readonly { crossing: string; direction: string; at: number; waitMin: number }[]): number[] {
  const out: number[] = [];
  const stepMs = f.stepMin * 60_000;
  for (const s of f.series) {
    const close = f.closing.find((c) => c.crossing === s.crossing)?.at ?? fork.now;
    s.ts.forEach((t, k) => {
      if (t >= close - 2 * 3_600_000) return; // the last joins before closing wait into the night: censored
      const joined = actual.filter((a) => a.crossing === s.crossing && a.direction === s.direction && a.at >= t && a.at < t + stepMs);
      if (joined.length === 0) return;
      out.push(Math.abs(s.waitMin[k]!.p50 - joined.reduce((x, a) => x + a.waitMin, 0) / joined.length));
    });
  }
  return out;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
