import { describe, expect, it } from 'vitest';
import { runHeadless } from '../../../server/sim/headless';
import { loadScenario, scenarioIds, scenarioSite } from '../../../server/sim/scenario';
import { buildSite } from '../../support/builders';

describe('scenarios', () => {
  it('ships every scenario the issue names, each one valid data', () => {
    expect(scenarioIds()).toEqual(
      expect.arrayContaining(['normal', 'fruit-peak', 'jam-2021', 'smart-gate-2027', 'lane-closure', 'agv-fault', 'sensor-dropout', 'overhead-rail']),
    );
  });

  it.each(scenarioIds())('%s runs and moves trucks across', (id) => {
    const scenario = loadScenario(id);
    const r = runHeadless(scenarioSite(buildSite(), scenario), scenario, { hours: 3, day: '2026-06-01', engineEveryS: 10 });
    expect(r.messages).toBeGreaterThan(1_000);
    expect(r.world.trucks.counters.arrived).toBeGreaterThan(0);
    // 06:00–09:00 includes two opening hours, so something crosses — even in the jam.
    expect(r.day.cleared).toBeGreaterThan(0);
  }, 60_000);

  it('same seed → the identical day; another seed → another day (hash of the event stream)', () => {
    const scenario = loadScenario('normal');
    const site = scenarioSite(buildSite(), scenario);
    const run = (seed: number) => runHeadless(site, { ...scenario, seed }, { hours: 2, hashEvents: true, engineEveryS: 10 }).eventHash;
    const a = run(7);
    expect(run(7)).toBe(a);
    expect(run(8)).not.toBe(a);
  }, 60_000);

  it('refuses a scenario id that is not a plain name', () => {
    expect(() => loadScenario('../site')).toThrow(/lowercase/);
  });

  it('the 2027 scenario runs on the 2027 configuration: 14 lanes at Hữu Nghị, larger fleets', () => {
    const scenario = loadScenario('smart-gate-2027');
    const site = scenarioSite(buildSite('today'), scenario);
    expect(site.crossings.find((c) => c.id === 'huu-nghi-freight')!.lanes).toHaveLength(14);
    expect(site.fleets['hn-agv']).toBe(30);
  });

  it('the overhead-rail scenario replaces the Hữu Nghị AGVs with rail shuttles that never charge', () => {
    const scenario = loadScenario('overhead-rail');
    const r = runHeadless(scenarioSite(buildSite(), scenario), scenario, { hours: 2, engineEveryS: 10 });
    const rail = r.world.agvs.agvs.filter((a) => a.corridor === 'hn-rail');
    expect(rail).toHaveLength(6);
    expect(rail.every((a) => a.battery === 1)).toBe(true);
    expect([...r.twin.agvs.values()].filter((a) => a.conveyance === 'rail')).toHaveLength(6);
  }, 60_000);
});
