import { describe, expect, it } from 'vitest';
import { defaultEngineConfig, runEngine } from '../../../server/engine';
import type { EngineOutput } from '../../../server/engine/types';
import type { Alert, Kpi, Plan } from '../../../server/protocol';
import { loadScenario, scenarioSite } from '../../../server/sim/scenario';
import { atLocal, World } from '../../../server/sim/world';
import { StreamCore, type StreamPort } from '../../../server/stream/core';
import { Twin } from '../../../server/twin/twin';
import { buildSite } from '../../support/builders';

// The stream core on injected time: a simulated morning is fed into a twin by hand (no timers, no sockets), and
// the core is run at chosen instants. Live, replay, what-if and the headless simulator are each such a core.
const scenario = loadScenario('fruit-peak');
const site = scenarioSite(buildSite(), scenario);
const START = atLocal(Date.parse('2026-06-01T12:00:00+07:00'), '07:30');

/** A twin holding `minutes` of a fruit-peak morning (trucks queued at every crossing), and the instant it ends. */
function morning(minutes: number): { twin: Twin; now: number } {
  const world = new World(site, scenario, START);
  const twin = new Twin(site);
  let now = START;
  for (; now < START + minutes * 60_000; now += 1000) {
    world.step(now);
    for (const m of world.drain()) twin.apply(m, now);
    twin.handles.release();
  }
  return { twin, now };
}

/** A port that keeps everything the core said. */
function recorder(): { port: StreamPort; kpis: Kpi[]; plans: { plan: Plan; hash: string }[]; alerts: Alert[]; commands: EngineOutput[]; failures: unknown[] } {
  const r = { kpis: [] as Kpi[], plans: [] as { plan: Plan; hash: string }[], alerts: [] as Alert[], commands: [] as EngineOutput[], failures: [] as unknown[] };
  const port: StreamPort = {
    kpi: (k) => r.kpis.push(k),
    plan: (plan, hash) => r.plans.push({ plan, hash }),
    alerts: (a) => r.alerts.push(...a),
    commands: (out) => r.commands.push(out),
    failed: (e) => r.failures.push(e),
  };
  return { port, ...r };
}

describe('stream core', () => {
  it('sends KPIs every run and a plan only when a decision changed; a reset sends the next plan whatever it holds', () => {
    const { twin, now } = morning(40);
    const r = recorder();
    const core = new StreamCore(site, twin, defaultEngineConfig('default'), r.port);
    const first = core.run(now)!;
    expect(first.plan.assignments.length).toBeGreaterThan(0);
    expect(r.plans).toHaveLength(1);
    // The twin does not move: after the engine has settled its calls, runs keep the same decisions and send no plan.
    for (let i = 1; i <= 10; i++) core.run(now + i * 1000);
    expect(r.kpis).toHaveLength(11);
    expect(r.plans.length).toBeLessThan(4);
    const settled = r.plans.length;
    core.run(now + 11_000);
    expect(r.plans).toHaveLength(settled);
    // Every plan sent differs in its decisions from the one before it.
    for (let i = 1; i < r.plans.length; i++) expect(r.plans[i]!.hash).not.toBe(r.plans[i - 1]!.hash);
    // What goes out is slim (rules, no candidate lists); the core keeps the full plan for the vehicle card.
    expect(r.plans[0]!.plan.assignments.every((a) => a.reason.candidates.length === 0)).toBe(true);
    expect(core.plan!.assignments.some((a) => a.reason.candidates.length > 0)).toBe(true);
    core.reset(twin);
    core.run(now + 12_000);
    expect(r.plans).toHaveLength(settled + 1);
  });

  it('hands each run its calls and missions, and lane directions land on the twin', () => {
    const { twin, now } = morning(40);
    const r = recorder();
    const core = new StreamCore(site, twin, defaultEngineConfig('default'), r.port);
    const out = core.run(now)!;
    expect(r.commands).toEqual([out]);
    expect(out.calls.length).toBeGreaterThan(0);
    for (const d of out.plan.laneDirections) expect(twin.lanes.byId.get(d.lane)!.runningDirection).toBe(d.direction);
  });

  it('two cores fed the same twin state send the same plans and KPIs (live and replay cannot drift apart)', () => {
    const a = recorder();
    const b = recorder();
    const ma = morning(30);
    const mb = morning(30);
    const ca = new StreamCore(site, ma.twin, defaultEngineConfig('default'), a.port);
    const cb = new StreamCore(site, mb.twin, defaultEngineConfig('default'), b.port);
    for (let i = 0; i < 3; i++) {
      ca.run(ma.now + i * 1000);
      cb.run(mb.now + i * 1000);
    }
    expect(JSON.stringify(b.plans)).toBe(JSON.stringify(a.plans));
    expect(JSON.stringify(b.kpis)).toBe(JSON.stringify(a.kpis));
  });

  it('one entity that breaks the engine is left out with an alert; an engine that always throws reports the failure and sends nothing else', () => {
    const { twin, now } = morning(40);
    const culprit = [...twin.trucks.values()].find((t) => t.phase === 'queued')!.id;
    const r = recorder();
    const picky: typeof runEngine = (input, memory) => {
      if (input.trucks.some((t) => t.id === culprit)) throw new Error('bad truck');
      return runEngine(input, memory);
    };
    const core = new StreamCore(site, twin, defaultEngineConfig('default'), r.port, { engine: picky });
    const out = core.run(now)!;
    expect(out.plan.assignments.some((a) => a.truck === culprit)).toBe(false);
    expect(r.alerts.some((a) => a.clearedAt === undefined && JSON.stringify(a.params).includes(culprit))).toBe(true);
    expect(r.failures).toHaveLength(0);

    const broken = recorder();
    const failing = new StreamCore(site, twin, defaultEngineConfig('default'), broken.port, {
      engine: () => {
        throw new Error('engine down');
      },
    });
    expect(failing.run(now)).toBeUndefined();
    expect((broken.failures[0] as Error).message).toMatch(/engine down/);
    expect(broken.kpis).toHaveLength(0);
    expect(broken.plans).toHaveLength(0);
    expect(failing.counters).toEqual({ engineRuns: 1, engineErrors: 1 });
  });

  it('explains a called truck on the vehicle card from the full plan', () => {
    const { twin, now } = morning(40);
    const core = new StreamCore(site, twin, defaultEngineConfig('default'));
    const out = core.run(now)!;
    const called = out.plan.assignments[0]!;
    const handle = twin.trucks.get(called.truck)!.handle;
    const card = core.vehicle(handle, now)!;
    expect(card.id).toBe(called.truck);
    expect(JSON.stringify(card)).toContain(called.lane);
  });
});
