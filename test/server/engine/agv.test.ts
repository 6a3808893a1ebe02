import { describe, expect, it } from 'vitest';
import type { EngineAgv } from '../../../server/engine/types';
import { buildAgv, buildConfig, buildJob, T0, tick } from './builders';

// hn-agv: youyiguan-terminal (along 0, hn-charger: 2 slots) → huu-nghi-agv-yard (along ≈ 3823 m), 2 lanes each way.
// tt-agv: puzhai-terminal (along 0, tt-charger: 1 slot) → bao-nguyen, 1 lane each way.
const missions = (out: ReturnType<typeof tick>) => out.missions.map((m) => `${m.agv}:${m.mission}:${m.container ?? m.to}:${m.reason.rule}`);

describe('AGV dispatch', () => {
  it.each<{ name: string; agvs: EngineAgv[]; expected: string }>([
    { name: 'the nearest idle AGV', agvs: [buildAgv({ id: 'far', along: 900 }), buildAgv({ id: 'near', along: 100 })], expected: 'near' },
    { name: 'not one below the battery a trip needs', agvs: [buildAgv({ id: 'weak', along: 0, battery: 0.3 }), buildAgv({ id: 'ok', along: 900 })], expected: 'ok' },
    { name: 'not a busy one', agvs: [buildAgv({ id: 'busy', state: 'loaded', along: 0 }), buildAgv({ id: 'ok', along: 900 })], expected: 'ok' },
    { name: 'not a faulty one', agvs: [buildAgv({ id: 'bad', state: 'fault', along: 0 }), buildAgv({ id: 'ok', along: 900 })], expected: 'ok' },
    { name: 'not a stale one', agvs: [buildAgv({ id: 'silent', stale: true, along: 0 }), buildAgv({ id: 'ok', along: 900 })], expected: 'ok' },
    { name: 'not one on another corridor', agvs: [buildAgv({ id: 'tt', corridor: 'tt-agv', along: 0 }), buildAgv({ id: 'ok', along: 900 })], expected: 'ok' },
    { name: 'equal distance: the lower id', agvs: [buildAgv({ id: 'b', along: 50 }), buildAgv({ id: 'a', along: 50 })], expected: 'a' },
  ])('a container goes to $name', ({ agvs, expected }) => {
    const out = tick({ agvs, jobs: [buildJob()] });
    expect(out.missions.filter((m) => m.mission === 'carry').map((m) => m.agv)).toEqual([expected]);
  });

  it('the reason lists the AGVs considered, with distances and why the others lost', () => {
    const out = tick({ agvs: [buildAgv({ id: 'A', along: 300 }), buildAgv({ id: 'B', along: 100, battery: 0.3 }), buildAgv({ id: 'C', along: 1000 })], jobs: [buildJob()] });
    const carry = out.missions.find((m) => m.mission === 'carry')!;
    expect(carry).toMatchObject({ agv: 'A', from: 'youyiguan-terminal', to: 'huu-nghi-agv-yard', container: 'C1', corridor: 'hn-agv' });
    // B (30 %) went to charge before taking jobs, so it was not a candidate.
    expect(carry.reason).toEqual({ rule: 'nearest-able-agv', candidates: [{ option: 'A', cost: 300, note: 'chosen' }, { option: 'C', cost: 1000 }] });
  });

  it('containers not ready yet wait; perishable ones go first under the default policy', () => {
    const jobs = [buildJob({ id: 'late', readyAt: T0 + 1 }), buildJob({ id: 'dry', readyAt: T0 - 10 }), buildJob({ id: 'fruit', perishable: true })];
    const agvs = [buildAgv({ id: 'A', along: 0 })];
    expect(tick({ agvs, jobs }).missions.map((m) => m.container)).toEqual(['fruit']);
    expect(tick({ agvs, jobs, config: buildConfig({ policy: 'fifo-static' }) }).missions.map((m) => m.container)).toEqual(['dry']);
  });
});

describe('AGV charging', () => {
  it.each([
    { name: 'at or below agvChargeBelow (25 %): charge-low-battery', battery: 0.25, expected: ['A:charge:hn-charger:charge-low-battery'] },
    { name: 'below the battery a trip needs (35 %): charge-before-job', battery: 0.3, expected: ['A:charge:hn-charger:charge-before-job'] },
    { name: 'enough battery: no charging', battery: 0.5, expected: [] },
  ])('$name', ({ battery, expected }) => {
    expect(missions(tick({ agvs: [buildAgv({ id: 'A', along: 2000, battery })] }))).toEqual(expected);
  });

  it('a charge mission drives to the charger yard and ends at the charger', () => {
    expect(tick({ agvs: [buildAgv({ battery: 0.1 })] }).missions[0]).toMatchObject({ mission: 'charge', corridor: 'hn-agv', from: 'youyiguan-terminal', to: 'hn-charger' });
  });

  it.each([
    { name: 'two slots, three low AGVs: the two lowest charge', agvs: [0.2, 0.1, 0.15].map((b, i) => buildAgv({ id: `A${i}`, battery: b })), expected: ['A1', 'A2'] },
    { name: 'one slot already taken by a charging AGV', agvs: [buildAgv({ id: 'C', state: 'charging', battery: 0.5 }), buildAgv({ id: 'A', battery: 0.2 }), buildAgv({ id: 'B', battery: 0.1 })], expected: ['B'] },
    { name: 'Tân Thanh has one slot', agvs: [buildAgv({ id: 'A', corridor: 'tt-agv', battery: 0.2 }), buildAgv({ id: 'B', corridor: 'tt-agv', battery: 0.1 })], expected: ['B'] },
  ])('charger slots are respected: $name', ({ agvs, expected }) => {
    const out = tick({ agvs });
    expect(out.missions.filter((m) => m.mission === 'charge').map((m) => m.agv).sort()).toEqual(expected);
  });

  it('an AGV left without a slot raises agv-low-battery; it clears once it charges', () => {
    const agvs = [buildAgv({ id: 'A', battery: 0.2 }), buildAgv({ id: 'B', battery: 0.1 }), buildAgv({ id: 'C', battery: 0.15 })];
    const first = tick({ agvs });
    expect(first.raised.map((a) => a.id)).toEqual(['agv-low-battery:A']);
    const second = tick({ now: T0 + 1000, agvs: agvs.map((a) => (a.id === 'A' ? { ...a, state: 'charging' as const } : a)) }, first.memory);
    expect(second.cleared.map((a) => a.id)).toEqual(['agv-low-battery:A']);
  });
});

describe('AGV missions over time', () => {
  it('a mission is sent once, kept while in progress, and counted as a trip when done', () => {
    const jobs = [buildJob()];
    const t0 = tick({ agvs: [buildAgv({ id: 'A' })], jobs });
    expect(missions(t0)).toEqual(['A:carry:C1:nearest-able-agv']);
    expect(t0.memory.dispatched).toEqual({ A: 'carry:C1' });
    const steps: [EngineAgv['state'], boolean][] = [
      ['idle', true], // command not acted on yet
      ['to-pickup', true],
      ['loaded', false], // the container left the terminal's queue
      ['unloading', false],
    ];
    let memory = t0.memory;
    steps.forEach(([state, pending], k) => {
      const out = tick({ now: T0 + (k + 1) * 1000, agvs: [buildAgv({ id: 'A', state })], jobs: pending ? jobs : [] }, memory);
      expect(out.missions).toEqual([]);
      expect(out.plan.missions.map((m) => m.agv)).toEqual(['A']);
      expect(out.kpi.agv.tripsToday).toBe(0);
      memory = out.memory;
    });
    const done = tick({ now: T0 + 9000, agvs: [buildAgv({ id: 'A', along: 3823 })], jobs: [] }, memory);
    expect(done.plan.missions).toEqual([]);
    expect(done.kpi.agv.tripsToday).toBe(1);
    expect(done.memory.dispatched).toEqual({});
  });

  it('a faulted AGV loses its mission and the container goes to another at once', () => {
    const jobs = [buildJob()];
    const t0 = tick({ agvs: [buildAgv({ id: 'A', along: 0 }), buildAgv({ id: 'B', along: 800 })], jobs });
    expect(missions(t0)).toEqual(['A:carry:C1:nearest-able-agv']);
    const t1 = tick({ now: T0 + 1000, agvs: [buildAgv({ id: 'A', along: 20, state: 'fault' }), buildAgv({ id: 'B', along: 800 })], jobs }, t0.memory);
    expect(missions(t1)).toEqual(['B:carry:C1:nearest-able-agv']);
    expect(t1.raised.map((a) => a.id)).toEqual(['agv-fault:A']);
  });

  it('a command not acted on within two minutes is issued afresh to the nearest AGV', () => {
    const jobs = [buildJob()];
    const t0 = tick({ agvs: [buildAgv({ id: 'A' })], jobs });
    const t1 = tick({ now: T0 + 121_000, agvs: [buildAgv({ id: 'A' }), buildAgv({ id: 'B', along: 10 })], jobs }, t0.memory);
    expect(missions(t1)).toEqual(['A:carry:C1:nearest-able-agv']);
  });
});

describe('AGV headway', () => {
  const parked = (n: number, corridor = 'hn-agv') => Array.from({ length: n }, (_, i) => buildAgv({ id: `A${i}`, corridor, along: 0 }));
  const jobsAt = (n: number, corridor = 'hn-agv', from = 'youyiguan-terminal', to = 'huu-nghi-agv-yard') => Array.from({ length: n }, (_, i) => buildJob({ id: `C${i}`, corridor, from, to }));

  it.each([
    { name: 'two lanes each way: two leave together, the third waits', corridor: 'hn-agv', from: 'youyiguan-terminal', to: 'huu-nghi-agv-yard', dispatched: 2 },
    { name: 'one lane each way: one leaves, the next waits', corridor: 'tt-agv', from: 'puzhai-terminal', to: 'bao-nguyen', dispatched: 1 },
  ])('$name', ({ corridor, from, to, dispatched }) => {
    const out = tick({ agvs: parked(3, corridor), jobs: jobsAt(3, corridor, from, to) });
    expect(out.missions).toHaveLength(dispatched);
  });

  it('the next one leaves once the one ahead is agvHeadwayM away', () => {
    const jobs = jobsAt(2, 'tt-agv', 'puzhai-terminal', 'bao-nguyen');
    const t0 = tick({ agvs: parked(2, 'tt-agv'), jobs });
    expect(missions(t0)).toEqual(['A0:carry:C0:nearest-able-agv']);
    const moved = (along: number) => [buildAgv({ id: 'A0', corridor: 'tt-agv', along, state: 'loaded' }), buildAgv({ id: 'A1', corridor: 'tt-agv', along: 0 })];
    expect(tick({ now: T0 + 1000, agvs: moved(30), jobs: [jobs[1]!] }, t0.memory).missions).toEqual([]);
    expect(missions(tick({ now: T0 + 2000, agvs: moved(60), jobs: [jobs[1]!] }, t0.memory))).toEqual(['A1:carry:C1:nearest-able-agv']);
  });

  it('AGVs leaving in opposite directions do not hold each other', () => {
    const agvs = [buildAgv({ id: 'A', corridor: 'tt-agv', along: 0 }), buildAgv({ id: 'B', corridor: 'tt-agv', along: 2324 })];
    const jobs = [buildJob({ id: 'north', corridor: 'tt-agv', from: 'bao-nguyen', to: 'puzhai-terminal' }), buildJob({ id: 'south', corridor: 'tt-agv', from: 'puzhai-terminal', to: 'bao-nguyen' })];
    expect(missions(tick({ agvs, jobs })).sort()).toEqual(['A:carry:south:nearest-able-agv', 'B:carry:north:nearest-able-agv']);
  });

  it('a blocked AGV shows in the reason with its note', () => {
    const agvs = [buildAgv({ id: 'M', corridor: 'tt-agv', along: 10, state: 'loaded' }), buildAgv({ id: 'A', corridor: 'tt-agv', along: 0 }), buildAgv({ id: 'B', corridor: 'tt-agv', along: 400 })];
    const out = tick({ agvs, jobs: [buildJob({ corridor: 'tt-agv', from: 'puzhai-terminal', to: 'bao-nguyen' })] });
    // M's direction is unknown (no mission on record), so it blocks both ways near it.
    expect(out.missions[0]!.reason.candidates).toEqual([
      { option: 'A', cost: 0, note: 'headway' },
      { option: 'B', cost: 400, note: 'chosen' },
    ]);
  });
});
