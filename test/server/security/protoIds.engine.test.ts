import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialMemory, runEngine } from '../../../server/engine';
import type { EngineInput, EngineMemory, EngineOutput } from '../../../server/engine/types';
import { PROTO_IDS } from '../../support/protoIds';
import { buildAgv, buildInput, buildJob, buildTruck, T0 } from '../engine/builders';

// Ids named like Object.prototype's members (`toString`, `valueOf`, …) used to make every tick throw once an id
// entered the engine's memory. Each id-like field of the engine input gets such a name; three ticks must plan.
const names = fc.constantFrom(...PROTO_IDS);

function input(ids: { agv: string; container: string; truck: string; lane: string; sensor: string }, now: number): EngineInput {
  return buildInput({
    now,
    agvs: [buildAgv({ id: ids.agv }), buildAgv({ id: 'other', along: 500 })],
    jobs: [buildJob({ id: ids.container }), buildJob({ id: 'C-plain', readyAt: T0 + 1 })],
    trucks: [buildTruck({ id: ids.truck }), buildTruck({ id: 'T-plain', direction: 'import' }), buildTruck({ id: `${ids.truck}-called`, phase: 'called', lane: ids.lane, calledAt: T0 })],
    staleSensors: [ids.sensor],
  });
}

function ticks(ids: Parameters<typeof input>[0]): EngineOutput[] {
  let memory: EngineMemory = initialMemory();
  const outs: EngineOutput[] = [];
  for (let k = 0; k < 3; k++) {
    const out = runEngine(input(ids, T0 + k * 1000), memory);
    outs.push(out);
    memory = out.memory;
  }
  return outs;
}

describe('ids named like Object.prototype members', () => {
  it('the id rule admits some (else this test proves nothing)', () => {
    expect(PROTO_IDS).toEqual(expect.arrayContaining(['toString', 'valueOf', 'hasOwnProperty']));
    expect(PROTO_IDS).not.toContain('__proto__');
  });

  it.each(PROTO_IDS)('an AGV, a container, trucks, a lane and a sensor named %s: every tick plans', (id) => {
    const outs = ticks({ agv: id, container: id, truck: id, lane: id, sensor: id });
    // The first tick sends the AGV to the container and calls the trucks; later ticks carry the mission on.
    expect(outs[0]!.missions.map((m) => [m.agv, m.container])).toEqual([[id, id]]);
    expect(outs[0]!.calls.map((c) => c.truck)).toEqual(expect.arrayContaining([id, 'T-plain']));
    for (const out of outs.slice(1)) expect(out.plan.missions.map((m) => m.agv)).toContain(id);
    expect(Object.keys(outs[2]!.memory.dispatched)).toContain(id);
    // Memory and plan are plain JSON data still.
    expect(JSON.parse(JSON.stringify(outs[2]!.memory.dispatched))).toMatchObject({ [id]: `carry:${id}` });
  });

  it('any mix of such names across the fields plans every tick', () => {
    fc.assert(
      fc.property(fc.record({ agv: names, container: names, truck: names, lane: names, sensor: names }), (ids) => {
        const outs = ticks(ids);
        expect(outs[2]!.plan.missions.some((m) => m.agv === ids.agv)).toBe(true);
        expect(outs[0]!.calls.length).toBeGreaterThan(0);
      }),
      { numRuns: 60, seed: 12 },
    );
  });
});
