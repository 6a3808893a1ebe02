import { describe, expect, it } from 'vitest';
import { localFrame, toLat, toLon, type AgvMissionCommand, type Site } from '../../../server/protocol';
import { AgvModel } from '../../../server/sim/agvs';
import { siteGeometry } from '../../../server/sim/geometry';
import { runHeadless } from '../../../server/sim/headless';
import { Outbox } from '../../../server/sim/outbox';
import { Rng } from '../../../server/sim/rng';
import { loadScenario, scenarioSite } from '../../../server/sim/scenario';
import { buildSite } from '../../support/builders';

// Each published figure the simulator must reproduce, with its tolerance and its source.

/** The site with the Hữu Nghị AGV corridor replaced by a straight corridor of `lengthM` (Ganqimaodu: 6.19 km). */
function ganqimaoduSite(lengthM: number, fleet: number): Site {
  const site = buildSite();
  const f = localFrame(site.origin);
  const path: [number, number][] = Array.from({ length: 8 }, (_, i) => [toLat(f, 3_000 + (lengthM * i) / 7), toLon(f, 6_000)]);
  return { ...site, corridors: site.corridors.map((c) => (c.id === 'hn-agv' ? { ...c, path } : c)), fleets: { 'hn-agv': fleet, 'tt-agv': 0, 'hn-rail': 0 } };
}

describe('calibration against published figures', () => {
  it('normal day: ~1,600 vehicles cleared and 350–500 still waiting at 20:00 (domain.md §2, normal 2024–25; issue 4)', () => {
    const scenario = loadScenario('normal');
    const r = runHeadless(scenarioSite(buildSite('today'), scenario, 'today'), scenario, { engineEveryS: 10 });
    // ±15 % on the cleared count: the province-wide 1,250–1,650 includes Chi Ma (~100/day), outside this stretch.
    expect(r.day.cleared).toBeGreaterThanOrEqual(1_600 * 0.85);
    expect(r.day.cleared).toBeLessThanOrEqual(1_600 * 1.15);
    // The evening backlog: the published range, widened by 15 % for a single seeded day.
    expect(r.day.waitingAt20).toBeGreaterThanOrEqual(350 * 0.85);
    expect(r.day.waitingAt20).toBeLessThanOrEqual(500 * 1.15);
  }, 120_000);

  it('AGV round trip on a 6.19 km corridor at 25 km/h with handling: ~50 min (Ganqimaodu, domain.md §3), ±10 %', () => {
    const site = ganqimaoduSite(6_190, 1);
    const out = new Outbox();
    const model = new AgvModel(site, siteGeometry(site), out, new Rng(1));
    const agv = model.agvs[0]!;
    agv.along = 0;
    agv.battery = 1;
    model.addContainers('youyiguan-terminal', 1);
    const mission = (m: Partial<AgvMissionCommand>): AgvMissionCommand => ({
      type: 'agv:mission', commandId: 'c', agv: agv.id, mission: 'carry', corridor: 'hn-agv', from: 'youyiguan-terminal', to: 'huu-nghi-agv-yard', issuedAt: 0, ...m,
    });
    let t = 0;
    const runUntilIdle = () => {
      do {
        t += 1_000;
        model.step(t, 1);
      } while (agv.step !== 'idle' && t < 4 * 3_600_000);
    };
    expect(model.command(mission({}))).toBeUndefined();
    runUntilIdle();
    // Back empty: the round trip is one loaded leg (load, drive, unload) and the return drive.
    expect(model.command(mission({ mission: 'park', from: 'huu-nghi-agv-yard', to: 'youyiguan-terminal' }))).toBeUndefined();
    runUntilIdle();
    expect(agv.along).toBe(0);
    const minutes = t / 60_000;
    expect(minutes).toBeGreaterThanOrEqual(50 * 0.9);
    expect(minutes).toBeLessThanOrEqual(50 * 1.1);
    // Top speed never above 25 km/h.
    const speeds = out.drain().flatMap((m) => (m.kind === 'agv' ? [m.speed] : []));
    expect(Math.max(...speeds)).toBeLessThanOrEqual(25 / 3.6 + 1e-9);
  });

  it('jam of December 2021: ~4,550 queued and clearance cut to 80–100 vehicles a day (domain.md §2), ±20 %', () => {
    const scenario = loadScenario('jam-2021');
    const site = scenarioSite(buildSite('today'), scenario);
    // 06:00 to 19:00 covers the whole opening day; the engine runs every 30 s (clearance is ~8 trucks an hour).
    const r = runHeadless(site, scenario, { hours: 13, engineEveryS: 30 });
    const initial = Object.values(scenario.initialQueue).reduce((n, q) => n + q.export + q.import, 0);
    expect(initial).toBeGreaterThanOrEqual(3_864); // Tân Thanh 2,601 + Hữu Nghị 1,263 (Chi Ma's 678 lie outside)
    expect(r.day.cleared).toBeGreaterThanOrEqual(80 * 0.8);
    expect(r.day.cleared).toBeLessThanOrEqual(100 * 1.2);
  }, 120_000);
});
