import { describe, expect, it } from 'vitest';
import { CrossingLedger } from '../../../server/engine/crossingLedger';
import { CROSSING_MODES, type CrossingMode, type TruckMessage } from '../../../server/protocol';
import { agvCrossings, loadCrossingRules, scenarioCrossingSetup } from '../../../server/sim/crossingRules';
import { runHeadless } from '../../../server/sim/headless';
import { loadScenario, scenarioSite, type Scenario } from '../../../server/sim/scenario';
import { buildSite } from '../../support/builders';

const BASE = loadScenario('fruit-peak');
const SITE = scenarioSite(buildSite(), BASE);
const START = Date.parse('2026-06-01T07:00:00+07:00');

/** One simulated hour of the fruit peak from opening time, with the scenario's own mode mix; every truck message kept. */
function simulate(scenario: Scenario) {
  const msgs: TruckMessage[] = [];
  const ledger = new CrossingLedger();
  const r = runHeadless(SITE, scenario, {
    start: START, hours: 1, stepS: 2, engineEveryS: 10,
    onStep: (batch) => {
      for (const m of batch) {
        if (m.kind !== 'truck') continue;
        msgs.push(m);
        ledger.observe(m);
      }
    },
  });
  const setup = scenarioCrossingSetup(loadCrossingRules(), SITE, scenario, scenario.configuration);
  return { r, msgs, figures: ledger.figures(setup, r.start, r.end) };
}

/** Seconds each truck spent in its lane (entered-lane → inspected), by mode. */
function laneSeconds(msgs: readonly TruckMessage[]): Map<CrossingMode, number[]> {
  const entered = new Map<string, number>();
  const out = new Map<CrossingMode, number[]>();
  for (const m of msgs) {
    if (m.event === 'entered-lane') entered.set(m.id, m.ts);
    else if (m.event === 'inspected' && entered.has(m.id) && m.channel === 'green' && !m.perishable) {
      const list = out.get(m.mode!) ?? [];
      list.push((m.ts - entered.get(m.id)!) / 1000);
      out.set(m.mode!, list);
    }
  }
  return out;
}
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('the simulator draws crossing modes from the scenario', () => {
  it('a scenario without a mode mix sends no crossing fields (as before revision 2)', () => {
    const { msgs } = simulate({ ...BASE, crossingModes: undefined });
    expect(msgs.length).toBeGreaterThan(500);
    expect(msgs.some((m) => m.mode !== undefined || m.thirdCountry !== undefined)).toBe(false);
  }, 60_000);

  it.each(CROSSING_MODES.map((m) => [m]))('all %s: every truck that may use it does, and it is priced as such', (mode) => {
    const { msgs, figures } = simulate({ ...BASE, crossingModes: { mix: { [mode]: 1 } } });
    expect(msgs.every((m) => m.mode !== undefined && m.thirdCountry !== undefined)).toBe(true);
    for (const m of msgs) {
      if (m.thirdCountry) expect(m.mode, `${m.id}: a third-country truck cross-loads where not allowed through`).toBe('cross-load');
      else if (mode === 'agv-transfer' && !['electronics', 'machinery', 'agri'].includes(m.cargo)) expect(m.mode).toBe('cross-load');
      else if (mode !== 'cross-load' && m.crossing === 'coc-nam') expect(m.mode).toBe('cross-load');
      else if (mode === 'agv-transfer' && !agvCrossings(SITE).includes(m.crossing)) expect(m.mode).toBe('cross-load');
      else expect(m.mode).toBe(mode);
    }
    expect(figures.trucks).toBeGreaterThan(100);
    expect(figures.byMode.find((b) => b.mode === mode)!.trucks).toBeGreaterThan(mode === 'agv-transfer' ? 3 : 30);
  }, 60_000);

  it('lane time follows the mode: the AGV transfer passes a ~30 s smart gate, drive-through adds the driver check', () => {
    const lanes = laneSeconds(simulate({ ...BASE, crossingModes: { mix: { 'cross-load': 1, 'drive-through': 1, 'agv-transfer': 1 } } }).msgs);
    const crossLoad = mean(lanes.get('cross-load')!);
    expect(mean(lanes.get('agv-transfer')!)).toBeLessThan(60);
    expect(mean(lanes.get('drive-through')!) / crossLoad).toBeGreaterThan(1.02);
    expect(mean(lanes.get('drive-through')!) / crossLoad).toBeLessThan(1.25);
  }, 60_000);
});
