import { describe, expect, it } from 'vitest';
import type { CrossingMode } from '../../../server/protocol';
import type { EngineMemory, EngineTruck } from '../../../server/engine';
import { buildConfig, buildLane, buildTruck, MIN, T0, tick } from './builders';

const oneLane = [buildLane({ id: 'HN-1' })];
const fruit = (p: Partial<EngineTruck> = {}) => buildTruck({ id: 'F', cargo: 'fruit', perishable: true, mode: 'cross-load', ...p });

// Ticks every 30 s of engine time from T0 until `id` is called; returns when, and the memory before that tick.
function firstCall(trucks: EngineTruck[], id: string, centre = false): { at: number; before: EngineMemory } {
  let memory: EngineMemory | undefined;
  for (let now = T0; now <= T0 + 30 * MIN; now += 30_000) {
    const before = memory;
    const out = tick({ now, trucks, lanes: oneLane, config: buildConfig({ inspectionCentre: centre }) }, memory);
    if (out.calls.some((c) => c.truck === id)) return { at: now, before: before ?? out.memory };
    memory = out.memory;
  }
  throw new Error(`${id} never called`);
}

describe('plant-quarantine sampling before the call (#17)', () => {
  it.each<[string, boolean, CrossingMode | null, boolean]>([
    ['perishable, cross-load', true, 'cross-load', true],
    ['perishable, tractor swap', true, 'tractor-swap', true],
    ['perishable, drive-through', true, 'drive-through', true],
    ['perishable, AGV container transfer (sampled at the smart gate)', true, 'agv-transfer', false],
    ['perishable, no crossing model on the day', true, null, false],
    ['not perishable, cross-load', false, 'cross-load', false],
  ])('%s: held at its first tick on a free lane = %s', (_, perishable, mode, held) => {
    const { mode: _m, ...plain } = fruit({ perishable });
    const out = tick({ trucks: [mode === null ? plain : { ...plain, mode }], lanes: oneLane });
    expect(out.calls.map((c) => c.truck)).toEqual(held ? [] : ['F']);
    if (held) expect(out.plan.assignments[0]!.reason.rule).toBe('awaiting-sampling');
  });

  it.each<CrossingMode>(['cross-load', 'tractor-swap', 'drive-through'])('%s: an inspection centre samples after clearance, so nothing is held', (mode) => {
    const out = tick({ trucks: [fruit({ mode })], lanes: oneLane, config: buildConfig({ inspectionCentre: true }) });
    expect(out.calls.map((c) => c.truck)).toEqual(['F']);
  });

  it('a held truck is called at the first tick after its sampling is done, 5–10 min after it queued', () => {
    const { at, before } = firstCall([fruit()], 'F');
    const done = before.sampling!.done.F!;
    expect(at).toBeGreaterThanOrEqual(done);
    expect(at - done).toBeLessThan(30_000);
    expect(done - T0).toBeGreaterThanOrEqual(5 * MIN);
    expect(done - T0).toBeLessThanOrEqual(10 * MIN);
  });

  it('the lane does not wait for a sample: a truck that needs none, queued later, is called first', () => {
    const out = tick({ trucks: [fruit({ queuedAt: T0 - 2 * MIN }), buildTruck({ id: 'G', queuedAt: T0 })], lanes: oneLane });
    expect(out.calls.map((c) => c.truck)).toEqual(['G']);
    expect(out.plan.assignments.map((a) => a.truck)).toEqual(['G', 'F']);
  });

  it('eight samplers: a ninth perishable queued at the same time waits for a free one', () => {
    const nine = Array.from({ length: 9 }, (_, i) => fruit({ id: `F${i}` }));
    const done = tick({ trucks: nine, lanes: oneLane }).memory.sampling!.done;
    const firstEight = nine.slice(0, 8).map((t) => done[t.id]!);
    expect(done.F8! - Math.min(...firstEight)).toBeGreaterThanOrEqual(5 * MIN);
  });

  it('a booking holds across ticks and is dropped once the truck is no longer waiting', () => {
    const first = tick({ trucks: [fruit()], lanes: oneLane });
    const again = tick({ now: T0 + MIN, trucks: [fruit()], lanes: oneLane }, first.memory);
    expect(again.memory.sampling!.done.F).toBe(first.memory.sampling!.done.F);
    const gone = tick({ now: T0 + 2 * MIN, trucks: [], lanes: oneLane }, again.memory);
    expect(gone.memory.sampling?.done.F).toBeUndefined();
  });
});
