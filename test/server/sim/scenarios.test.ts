import { describe, expect, it } from 'vitest';
import { runHeadless } from '../../../server/sim/headless';
import { loadScenario, scenarioIds, scenarioSite } from '../../../server/sim/scenario';
import type { TruckMessage } from '../../../server/protocol';
import { buildSite } from '../../support/builders';

describe('scenarios', () => {
  it('ships every scenario the issue names, each one valid data', () => {
    expect(scenarioIds()).toEqual(
      expect.arrayContaining(['normal', 'normal-modes', 'fruit-peak', 'jam-2021', 'smart-gate-2027', 'lane-closure', 'agv-fault', 'sensor-dropout', 'overhead-rail']),
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

  it('normal-modes (what npm start plays): every truck carries a crossing mode from the mix and a third-country flag; sampled perishables are called only after sampling', () => {
    const scenario = loadScenario('normal-modes');
    const msgs: TruckMessage[] = [];
    runHeadless(scenarioSite(buildSite(), scenario), scenario, { hours: 2, engineEveryS: 10, onStep: (batch) => msgs.push(...batch.filter((m): m is TruckMessage => m.kind === 'truck')) });
    expect(msgs.length).toBeGreaterThan(1_000);
    expect(msgs.every((m) => m.mode !== undefined && m.thirdCountry !== undefined)).toBe(true);
    const modes = new Map<string, number>();
    for (const m of msgs) if (m.event === 'arrived') modes.set(m.mode!, (modes.get(m.mode!) ?? 0) + 1);
    expect([...modes.keys()].sort()).toEqual(['agv-transfer', 'cross-load', 'drive-through', 'tractor-swap']);
    const third = msgs.filter((m) => m.event === 'arrived' && m.thirdCountry);
    expect(third.length).toBeGreaterThan(10);
    // Today no crossing lets third-country vehicles through (assets/crossing-modes.json): they cross-load.
    expect(third.every((m) => m.mode === 'cross-load')).toBe(true);
    const arrived = new Map(msgs.filter((m) => m.event === 'arrived').map((m) => [m.id, m.ts]));
    const sampled = msgs.filter((m) => m.event === 'called' && m.perishable && m.mode !== 'agv-transfer');
    expect(sampled.length).toBeGreaterThan(20);
    // Sampling takes 5–10 min (server/engine/inspection.ts), so no such truck is called sooner after it queued.
    for (const m of sampled) expect(m.ts - arrived.get(m.id)!, m.id).toBeGreaterThanOrEqual(5 * 60_000);
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
