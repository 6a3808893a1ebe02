import { describe, expect, it } from 'vitest';
import { runEngine } from '../../../server/engine';
import { EngineIsolation, QUARANTINE_MAX, QUARANTINE_MS } from '../../../server/engine/isolate';
import type { EngineInput, EngineMemory, EngineOutput } from '../../../server/engine/types';
import { buildAgv, buildInput, buildJob, buildMemory, buildTruck, T0 } from './builders';

// An engine that breaks on some entities, like one with a bug the fields of one device's messages trigger.
function breaksOn(bad: (input: EngineInput) => string | undefined): { engine: typeof runEngine; runs: () => number } {
  let runs = 0;
  const engine = (input: EngineInput, memory: EngineMemory): EngineOutput => {
    runs++;
    const why = bad(input);
    if (why) throw new TypeError(why);
    return runEngine(input, memory);
  };
  return { engine, runs: () => runs };
}
const agvNamed = (id: string) => (input: EngineInput) => (input.agvs.some((a) => a.id === id) ? `cannot plan ${id}` : undefined);

const many = (n: number) => Array.from({ length: n }, (_, i) => buildTruck({ id: `T${String(i).padStart(3, '0')}`, direction: i % 2 ? 'import' : 'export' }));
const input = (p: Partial<EngineInput> = {}) =>
  buildInput({ agvs: [buildAgv({ id: 'A1', along: 100 }), buildAgv({ id: 'bad', along: 0 }), buildAgv({ id: 'A3', along: 900 })], jobs: [buildJob()], trucks: many(40), ...p });

describe('a bad entity cannot stop the engine', () => {
  it('the AGV that breaks the tick is left out, named in an alert; everything else is planned in the same tick', () => {
    const iso = new EngineIsolation();
    const { engine, runs } = breaksOn(agvNamed('bad'));
    const out = iso.run(engine, input(), buildMemory());
    expect(out.missions.map((m) => `${m.agv}:${m.container}`)).toEqual(['A1:C1']);
    expect(out.calls.length).toBeGreaterThan(0);
    expect(out.raised.filter((a) => a.kind === 'entity-quarantined')).toEqual([
      { id: 'entity-quarantined:agv:bad', kind: 'entity-quarantined', severity: 'warning', subject: 'bad', params: { entity: 'agv', id: 'bad', message: 'cannot plan bad' }, raisedAt: T0 },
    ]);
    expect(iso.quarantined().map((q) => `${q.kind}:${q.id}`)).toEqual(['agv:bad']);
    // A binary search over 3 AGVs + 40 trucks + 1 container: a handful of runs, not one per entity.
    expect(runs()).toBeLessThanOrEqual(2 + 2 + Math.ceil(Math.log2(44)) + 1);
    // The next tick does not search again and raises nothing new.
    const before = runs();
    const next = iso.run(engine, input({ now: T0 + 1000 }), out.memory);
    expect(runs() - before).toBe(1);
    expect(next.raised.filter((a) => a.kind === 'entity-quarantined')).toEqual([]);
  });

  it.each([
    { kind: 'truck', bad: (i: EngineInput) => (i.trucks.some((t) => t.id === 'T017') ? 'truck' : undefined), subject: 'T017' },
    { kind: 'container', bad: (i: EngineInput) => (i.jobs.some((j) => j.id === 'C1') ? 'container' : undefined), subject: 'C1' },
    { kind: 'sensor', bad: (i: EngineInput) => (i.staleSensors.includes('S9') ? 'sensor' : undefined), subject: 'S9' },
  ])('the same for a $kind', ({ kind, bad, subject }) => {
    const iso = new EngineIsolation();
    const out = iso.run(breaksOn(bad).engine, input({ staleSensors: ['S1', 'S9'] }), buildMemory());
    expect(out.raised.find((a) => a.kind === 'entity-quarantined')).toMatchObject({ subject, params: { entity: kind, id: subject } });
    expect(out.plan.assignments.length).toBeGreaterThan(0);
  });

  it('two bad entities in one tick are both left out', () => {
    const iso = new EngineIsolation();
    const bad = (i: EngineInput) => (i.agvs.some((a) => a.id === 'bad') ? 'agv' : i.trucks.some((t) => t.id === 'T005') ? 'truck' : undefined);
    const out = iso.run(breaksOn(bad).engine, input(), buildMemory());
    expect(out.raised.filter((a) => a.kind === 'entity-quarantined').map((a) => a.subject).sort()).toEqual(['T005', 'bad']);
  });

  it('a failure that is no entity’s fault fails the tick as before, and leaves nobody out', () => {
    const iso = new EngineIsolation();
    expect(() => iso.run(() => { throw new Error('broken config'); }, input(), buildMemory())).toThrow('broken config');
    expect(iso.quarantined()).toEqual([]);
  });

  it('it comes back when its data changes (a new state), and is left out again if it still breaks the engine', () => {
    const iso = new EngineIsolation();
    const { engine } = breaksOn((i) => (i.agvs.some((a) => a.id === 'bad' && a.state === 'idle') ? 'idle bad' : undefined));
    iso.run(engine, input(), buildMemory());
    // Moving (numbers only) is not a change of data that lets it back in.
    const moved = iso.run(engine, input({ now: T0 + 1000, agvs: [buildAgv({ id: 'bad', along: 40 })] }), buildMemory());
    expect(moved.cleared).toEqual([]);
    const charging = iso.run(engine, input({ now: T0 + 2000, agvs: [buildAgv({ id: 'bad', state: 'charging' })] }), buildMemory());
    expect(charging.cleared.map((a) => [a.id, a.clearedAt])).toEqual([['entity-quarantined:agv:bad', T0 + 2000]]);
    expect(iso.quarantined()).toEqual([]);
    const idle = iso.run(engine, input({ now: T0 + 3000 }), buildMemory());
    expect(idle.raised.map((a) => a.id)).toContain('entity-quarantined:agv:bad');
  });

  it('it comes back after a while', () => {
    const iso = new EngineIsolation();
    let broken = true;
    const { engine } = breaksOn((i) => (broken && i.agvs.some((a) => a.id === 'bad') ? 'bad' : undefined));
    iso.run(engine, input(), buildMemory());
    broken = false;
    expect(iso.run(engine, input({ now: T0 + QUARANTINE_MS - 1 }), buildMemory()).cleared).toEqual([]);
    const back = iso.run(engine, input({ now: T0 + QUARANTINE_MS }), buildMemory());
    expect(back.cleared.map((a) => a.subject)).toEqual(['bad']);
    expect(back.plan.missions.map((m) => m.agv)).toContain('bad');
  });

  it('many bad entities: a few are found per tick, and once all are out the tick plans and names them all', () => {
    const iso = new EngineIsolation();
    const bad = Array.from({ length: 10 }, (_, i) => buildTruck({ id: `X${i}` }));
    const { engine } = breaksOn((i) => (i.trucks.some((t) => t.id.startsWith('X')) ? 'x' : undefined));
    let out: EngineOutput | undefined;
    for (let k = 0; k < 5 && !out; k++) {
      try {
        out = iso.run(engine, input({ now: T0 + k * 1000, trucks: [...many(20), ...bad] }), buildMemory());
      } catch {
        // Four culprits at most per tick: the tick fails until the rest are found.
      }
    }
    expect(out?.raised.filter((a) => a.kind === 'entity-quarantined').map((a) => a.subject).sort()).toEqual(bad.map((t) => t.id).sort());
    expect(out?.plan.assignments.length).toBeGreaterThan(0);
  });

  it('the list stays bounded: beyond QUARANTINE_MAX the oldest go back in', () => {
    const iso = new EngineIsolation();
    const trucks = Array.from({ length: QUARANTINE_MAX + 10 }, (_, i) => buildTruck({ id: `X${i}` }));
    const { engine } = breaksOn((i) => (i.trucks.some((t) => t.id.startsWith('X')) ? 'x' : undefined));
    for (let k = 0; k < 30; k++) {
      expect(() => iso.run(engine, input({ now: T0 + k * 1000, trucks }), buildMemory())).toThrow('x');
      expect(iso.quarantined().length).toBeLessThanOrEqual(QUARANTINE_MAX);
    }
    expect(iso.quarantined().length).toBe(QUARANTINE_MAX);
  });
});
