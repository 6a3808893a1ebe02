import { defaultEngineConfig } from '../../server/engine';
import { checkForks, forkHooks, measuredDay, type AdviceOutcome } from '../../server/forecast/adviceCheck';
import { dayWaitBound, perishableP95FloorMin } from '../../server/forecast/dayBound';
import { scenarioFit } from '../../server/forecast/fork';
import { loadCrossingRules, scenarioCrossingSetup } from '../../server/sim/crossingRules';
import { runHeadless } from '../../server/sim/headless';
import { loadScenario, scenarioSite } from '../../server/sim/scenario';
import { buildSite } from '../support/builders';
import type { Site } from '../../server/protocol';
import type { AdviceCheckOptions, DayFigures } from '../../server/forecast/adviceCheck';
import type { ForkState } from '../../server/forecast/types';
import type { Scenario } from '../../server/sim/scenario';
import type { BenchResult } from './types';

/**
 * A fruit-peak day through simulator + engine, twice on the same arrivals: once with the default policy and
 * once with the FIFO-on-static-lanes baseline. Speed of the simulation, and the scheduling quality the
 * default policy buys over the baseline.
 */
export async function run(): Promise<BenchResult[]> {
  const scenario = loadScenario('fruit-peak');
  const site = scenarioSite(buildSite(), scenario);
  // The default-policy day is forked at the advice instants as the server forks the live twin (a plain copy, ms).
  const check = { config: defaultEngineConfig('default'), fit: scenarioFit(scenario), run: { policy: 'default' as const } };
  const { hooks, forks } = forkHooks(site, ADVICE_AT, check);
  const t0 = performance.now();
  const measured = measuredDay(site, scenario, { policy: 'default', ...hooks }, 0);
  const smart = measured.run;
  const wallS = (performance.now() - t0) / 1000;
  const fifo = runHeadless(site, scenario, { policy: 'fifo-static' });
  // The lower bound no schedule can beat on the same arrivals, service times, lanes and hours (server/forecast/bound.ts).
  const bound = dayWaitBound(smart.twin, site, smart.start, smart.end);
  const simulatedS = (smart.end - smart.start) / 1000;
  const [s, f] = [smart.day.arrivals, fifo.day.arrivals];
  // The same arrivals on the 2027 smart-gate configuration (more lanes, AGVs, and its own hours: 06:00–23:00 at Hữu
  // Nghị, 06:00–22:00 at Tân Thanh, instead of the scenario's 07:00–22:00 peak hours of today): the fruit-peak day
  // above is capacity-bound (fruit arrives at twice what today's lanes clear), so order alone cannot bring waits down.
  const { hours: _todayPeakHours, ...rest } = scenario;
  const future = { ...rest, configuration: '2027-target' as const };
  const futureSite = scenarioSite(buildSite(), future);
  const run27 = runHeadless(futureSite, future, { policy: 'default' });
  const [s27, f27] = [run27.day.arrivals, runHeadless(futureSite, future, { policy: 'fifo-static' }).day.arrivals];
  const bound27 = dayWaitBound(run27.twin, futureSite, run27.start, run27.end);
  const floor27 = perishableP95FloorMin(run27.twin, futureSite, run27.start, run27.end);
  const advice = adviceToday(site, scenario, measured, forks, check);
  return [
    ...advice,
    { name: 'sim.peak_day_speedup', value: round(simulatedS / wallS), unit: 'x real time', baseline: 1440, ratio: round(simulatedS / wallS / 1440, 2) },
    // Waits of every truck that joined a queue during the day (still-waiting ones censored at the end).
    { name: 'engine.mean_wait_vs_fifo', value: round(f.waitMeanMin / s.waitMeanMin, 2), unit: 'FIFO mean wait ÷ default', baseline: f.waitMeanMin, ratio: round(f.waitMeanMin / s.waitMeanMin, 2) },
    { name: 'engine.mean_wait_vs_bound', value: round(s.waitMeanMin / bound.meanMin, 2), unit: 'default mean wait ÷ lower bound (pooled lanes, SRPT)', baseline: round(bound.meanMin), ratio: round(s.waitMeanMin / bound.meanMin, 2) },
    { name: 'engine.mean_wait_vs_bound_fifo', value: round(f.waitMeanMin / bound.meanMin, 2), unit: 'FIFO mean wait ÷ the same bound', baseline: round(bound.meanMin), ratio: round(f.waitMeanMin / bound.meanMin, 2) },
    { name: 'engine.mean_wait_min', value: s.waitMeanMin, unit: 'min', baseline: f.waitMeanMin, ratio: round(s.waitMeanMin / f.waitMeanMin, 2) },
    { name: 'engine.perishable_p95_wait_h', value: round(s.perishableWaitP95Min / 60, 2), unit: 'h', baseline: round(f.perishableWaitP95Min / 60, 2), ratio: round(s.perishableWaitP95Min / f.perishableWaitP95Min, 2) },
    { name: 'engine.mean_wait_vs_fifo_2027', value: round(f27.waitMeanMin / s27.waitMeanMin, 2), unit: 'FIFO mean wait ÷ default, 2027 configuration', baseline: f27.waitMeanMin, ratio: round(f27.waitMeanMin / s27.waitMeanMin, 2) },
    { name: 'engine.perishable_p95_wait_h_2027', value: round(s27.perishableWaitP95Min / 60, 2), unit: 'h, 2027 configuration', baseline: round(f27.perishableWaitP95Min / 60, 2), ratio: round(s27.perishableWaitP95Min / f27.perishableWaitP95Min, 2) },
    { name: 'engine.mean_wait_vs_bound_2027', value: round(s27.waitMeanMin / bound27.meanMin, 2), unit: 'default mean wait ÷ lower bound, 2027 configuration', baseline: round(bound27.meanMin), ratio: round(s27.waitMeanMin / bound27.meanMin, 2) },
    // No schedule gets below this: perishables that arrive while their crossing is closed wait for it to open.
    { name: 'engine.perishable_p95_floor_h_2027', value: round(floor27 / 60, 2), unit: 'h, any schedule, 2027 configuration', baseline: round(s27.perishableWaitP95Min / 60, 2), ratio: round(floor27 / Math.max(1e-9, s27.perishableWaitP95Min), 2) },
    { name: 'sim.peak_day_cleared', value: smart.day.cleared, unit: 'vehicles', baseline: fifo.day.cleared, ratio: round(smart.day.cleared / fifo.day.cleared, 2) },
  ];
}

/** Site-local instants the live forecast's advice is taken at on the fruit-peak day. */
const ADVICE_AT = ['10:00', '14:00'];

/**
 * What the best advice achieves on today's configuration, measured by the headless day itself (same arrivals, same
 * engine), not by the forecast's queue model. The operators' advice: the forecast from each fork, the provinces'
 * levers left out (they are not the day's to decide, and this day's world draws no crossing modes); its top action,
 * and its top three together. The advice as the server serves it (with the configuration's crossing rules, so the
 * levers compete): its top action, against the same day with the crossing modes drawn.
 */
function adviceToday(site: Site, scenario: Scenario, base: DayFigures, forks: ReadonlyMap<string, ForkState>, check: AdviceCheckOptions): BenchResult[] {
  const at = ADVICE_AT.map((hm) => [hm, forks.get(hm)] as const);
  const modes = scenarioCrossingSetup(loadCrossingRules(), site, scenario, scenario.configuration);
  const served = ADVICE_AT.map((hm) => [hm, { ...forks.get(hm)!, modes }] as const);
  const top = checkForks(site, scenario, base, at, check);
  const all = checkForks(site, scenario, base, at, { ...check, take: 'all' });
  const levers = checkForks(site, scenario, base, served, check);
  return [...figures('engine.best_advice_today', top), ...figures('engine.best_advice_today_all', all), ...figures('engine.best_advice_served_today', levers)];
}

/** The figures of the outcome whose measured mean wait is lowest (ties: the earlier instant), each next to its baseline. */
function figures(prefix: string, outcomes: readonly AdviceOutcome[]): BenchResult[] {
  const best = [...outcomes].sort((a, b) => a.advised.run.day.arrivals.waitMeanMin - b.advised.run.day.arrivals.waitMeanMin)[0];
  if (!best) return [{ name: `${prefix}.actions`, value: 0, unit: 'no advice a headless day can carry out', baseline: 0, ratio: 1 }];
  const what = `${best.advice.map((a) => a.id).join(' + ')} (advised at ${best.at}, rank ${best.ranks.join(', ')})`;
  const [b, a] = [best.baseline, best.advised];
  const promised = best.advice.reduce((s, x) => s + x.savedTruckHours - (x.savedHandlingH ?? 0), 0);
  const saved = b.waitTruckHoursFrom - a.waitTruckHoursFrom;
  return [
    { name: `${prefix}.perishable_p95_wait_h`, value: round(a.run.day.arrivals.perishableWaitP95Min / 60, 2), unit: `h, ${what}`, baseline: round(b.run.day.arrivals.perishableWaitP95Min / 60, 2), ratio: round(a.run.day.arrivals.perishableWaitP95Min / Math.max(1e-9, b.run.day.arrivals.perishableWaitP95Min), 2) },
    { name: `${prefix}.mean_wait_min`, value: a.run.day.arrivals.waitMeanMin, unit: 'min', baseline: b.run.day.arrivals.waitMeanMin, ratio: round(a.run.day.arrivals.waitMeanMin / b.run.day.arrivals.waitMeanMin, 2) },
    { name: `${prefix}.waiting_at_close`, value: a.waitingAtClose, unit: 'trucks in the queues at each crossing\'s closing', baseline: b.waitingAtClose, ratio: round(a.waitingAtClose / Math.max(1, b.waitingAtClose), 2) },
    // Waiting truck-hours from the instant of the advice to the end of the day: measured here, and as the forecast promised it.
    { name: `${prefix}.wait_truck_hours_saved`, value: Math.round(saved), unit: 'truck-h from the advice on, measured (baseline: the forecast\'s promise)', baseline: promised, ratio: round(saved / Math.max(1, Math.abs(promised)), 2) },
  ];
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
