import { describe, expect, it } from 'vitest';
import { planHash, runEngine } from '../../../server/engine';
import type { EngineInput } from '../../../server/engine/types';
import type { Plan } from '../../../server/protocol';
import { buildAgv, buildCleared, buildInput, buildJob, buildMemory, buildTruck, MIN, T0, tick } from './builders';

// Seeded shuffle (mulberry32), so a failure reproduces.
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const crossings = ['huu-nghi-freight', 'tan-thanh-freight', 'coc-nam'] as const;
const channels = ['green', 'yellow', 'red'] as const;
// A busy mix: many trucks share queue times, cargo and channels, so only ids break ties.
const richInput = (): EngineInput =>
  buildInput({
    trucks: Array.from({ length: 300 }, (_, i) =>
      buildTruck({ id: `T${i}`, crossing: crossings[i % 3]!, direction: i % 4 ? 'import' : 'export', perishable: i % 5 === 0, channel: channels[i % 3]!, queuedAt: T0 - (i % 7) * 10 * MIN }),
    ),
    agvs: Array.from({ length: 12 }, (_, i) => buildAgv({ id: `A${i}`, along: (i % 3) * 100, battery: i % 4 === 0 ? 0.2 : 0.9, corridor: i % 2 ? 'tt-agv' : 'hn-agv' })),
    jobs: Array.from({ length: 8 }, (_, i) => buildJob({ id: `C${i}`, perishable: i === 3 })),
    cleared: Array.from({ length: 50 }, (_, i) => buildCleared({ crossedAt: T0 - i * MIN })),
    staleSensors: ['s1', 's2'],
  });

describe('determinism', () => {
  it('the same input gives a byte-identical plan and the same hash', () => {
    const a = runEngine(richInput(), buildMemory());
    const b = runEngine(richInput(), buildMemory());
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(planHash(a.plan)).toBe(planHash(b.plan));
    expect(planHash(a.plan)).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each([1, 2, 3, 42, 1234])('shuffled input order (seed %i) gives the same plan, KPIs and alerts', (seed) => {
    const base = richInput();
    const a = runEngine(base, buildMemory());
    const b = runEngine({ ...base, trucks: shuffled(base.trucks, seed), lanes: shuffled(base.lanes, seed + 1), agvs: shuffled(base.agvs, seed + 2), jobs: shuffled(base.jobs, seed + 3), cleared: shuffled(base.cleared, seed + 4), staleSensors: shuffled(base.staleSensors, seed + 5) }, buildMemory());
    expect(planHash(b.plan)).toBe(planHash(a.plan));
    expect(b.kpi).toEqual(a.kpi);
    expect(b.raised).toEqual(a.raised);
    expect(b.calls).toEqual(a.calls);
  });

  it('a run of ticks replays identically', () => {
    const run = () => {
      let memory = buildMemory();
      const hashes: string[] = [];
      for (let k = 0; k < 5; k++) {
        const out = runEngine({ ...richInput(), now: T0 + k * 1000 }, memory);
        memory = out.memory;
        hashes.push(planHash(out.plan));
      }
      return hashes;
    };
    expect(run()).toEqual(run());
  });

  it('planHash ignores key order but not content', () => {
    const plan = tick({ trucks: [buildTruck()] }).plan;
    const swapped: Plan = { diversions: plan.diversions, missions: plan.missions, laneDirections: plan.laneDirections, assignments: plan.assignments, policy: plan.policy, ts: plan.ts };
    expect(planHash(swapped)).toBe(planHash(plan));
    expect(Object.keys(swapped)).not.toEqual(Object.keys(plan));
    expect(planHash({ ...plan, ts: plan.ts + 1 })).not.toBe(planHash(plan));
    expect(planHash({ ...plan, assignments: [{ ...plan.assignments[0]!, lane: 'HN-2' }] })).not.toBe(planHash(plan));
  });

  it('the input is not mutated', () => {
    const input = richInput();
    const before = JSON.stringify(input);
    runEngine(input, buildMemory());
    expect(JSON.stringify(input)).toBe(before);
  });
});
