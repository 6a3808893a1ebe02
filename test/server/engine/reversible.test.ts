import { describe, expect, it } from 'vitest';
import type { EngineMemory, EngineTruck } from '../../../server/engine/types';
import { buildConfig, buildMemory, buildTruck, siteLanes, T0, tick, vn } from './builders';

// Hữu Nghị 'today': HN-1/2 export, HN-3/4 reversible, HN-5/6 import, 240 s each.
const HN = siteLanes(undefined, 'huu-nghi-freight');
const demand = (exp: number, imp: number, tag = ''): EngineTruck[] => [
  ...Array.from({ length: exp }, (_, i) => buildTruck({ id: `E${tag}${i}`, direction: 'export' })),
  ...Array.from({ length: imp }, (_, i) => buildTruck({ id: `I${tag}${i}`, direction: 'import' })),
];
const dirs = (out: ReturnType<typeof tick>) => out.plan.laneDirections.map((d) => `${d.lane}:${d.direction}:${d.reason.rule}`);
const running = (m: Record<string, 'export' | 'import'>): EngineMemory => buildMemory({ laneDirections: m });

describe('reversible lanes follow demand', () => {
  it.each([
    // Drain time (s) of each split k = reversible lanes on export: max(E·240/(2+k), I·240/(4−k)).
    { name: 'balanced demand keeps the default (import)', exp: 4, imp: 8, mem: {}, expected: ['HN-3:import:demand-balance', 'HN-4:import:demand-balance'] },
    { name: 'export surge turns both to export (4800 s → 2400 s)', exp: 40, imp: 2, mem: {}, expected: ['HN-3:export:demand-balance', 'HN-4:export:demand-balance'] },
    { name: 'moderate export surge turns one (k=1: 1280 s vs 1920 s at k=0 or 2)', exp: 16, imp: 16, mem: {}, expected: ['HN-3:export:demand-balance', 'HN-4:import:demand-balance'] },
    { name: 'import surge turns export lanes back', exp: 10, imp: 30, mem: { 'HN-3': 'export', 'HN-4': 'export' }, expected: ['HN-3:import:demand-balance', 'HN-4:import:demand-balance'] },
    { name: 'hysteresis: a gain under 600 s (1680 → 1120 s) keeps the lanes', exp: 10, imp: 14, mem: { 'HN-3': 'export', 'HN-4': 'export' }, expected: ['HN-3:export:hysteresis-hold', 'HN-4:export:hysteresis-hold'] },
  ] as const)('$name', ({ exp, imp, mem, expected }) => {
    expect(dirs(tick({ trucks: demand(exp, imp), lanes: HN }, running(mem)))).toEqual(expected);
  });

  it('export trucks use a lane turned to export', () => {
    const out = tick({ trucks: demand(40, 2), lanes: HN });
    expect([...new Set(out.plan.assignments.filter((a) => a.truck.startsWith('E')).map((a) => a.lane))].sort()).toEqual(['HN-1', 'HN-2', 'HN-3', 'HN-4']);
    expect(out.memory.laneDirections).toEqual({ 'HN-3': 'export', 'HN-4': 'export' });
    expect(out.kpi.lanes.find((l) => l.lane === 'HN-3')!.effectiveDirection).toBe('export');
  });

  it('the reason weighs both directions with their drain times', () => {
    const d = tick({ trucks: demand(40, 2), lanes: HN }).plan.laneDirections[0]!;
    expect(d.reason.candidates).toEqual([
      { option: 'export', cost: 2400 },
      { option: 'import', cost: 3200 },
    ]);
  });

  it.each([
    // Export 14 vs 6 with import 10: k=1 wins by 560 s at 14, k=0 wins by 80 s at 6.
    [0, 'flaps without hysteresis', 9],
    [600, 'holds with the default hysteresis', 0],
  ])('alternating demand, reversibleMinGainS %i: %s', (minGain, _name, expectedChanges) => {
    // Before opening nobody is called, so lanes stay empty and free to switch: only hysteresis holds them.
    let memory = buildMemory();
    let last = '';
    let changes = 0;
    for (let k = 0; k < 10; k++) {
      const out = tick({ now: vn('06:00') + k * 1000, trucks: demand(k % 2 ? 6 : 14, 10), lanes: HN, config: buildConfig({ reversibleMinGainS: minGain }) }, memory);
      memory = out.memory;
      const now = JSON.stringify(out.memory.laneDirections);
      if (last && now !== last) changes++;
      last = now;
    }
    expect(changes).toBe(expectedChanges);
  });

  it('a lane only switches when empty: until then it drains and takes no new trucks', () => {
    const inLane = buildTruck({ id: 'X', direction: 'export', phase: 'in-lane', lane: 'HN-3', enteredLaneAt: T0 });
    const out = tick({ trucks: [inLane, ...demand(0, 40)], lanes: HN }, running({ 'HN-3': 'export', 'HN-4': 'export' }));
    expect(dirs(out)).toEqual(['HN-3:export:draining', 'HN-4:import:demand-balance']);
    expect(out.plan.assignments.filter((a) => a.lane === 'HN-3')).toEqual([]);
    // Next tick, the lane is empty: it switches.
    const next = tick({ now: T0 + 300_000, trucks: demand(0, 40), lanes: HN }, out.memory);
    expect(dirs(next)).toEqual(['HN-3:import:demand-balance', 'HN-4:import:demand-balance']);
  });

  it('a lane with a called truck also waits to be empty', () => {
    const called = buildTruck({ id: 'X', direction: 'export', phase: 'called', lane: 'HN-3', calledAt: T0 });
    const out = tick({ trucks: [called, ...demand(0, 40)], lanes: HN }, running({ 'HN-3': 'export', 'HN-4': 'export' }));
    expect(dirs(out)[0]).toBe('HN-3:export:draining');
    expect(out.plan.assignments.find((a) => a.truck === 'X')).toMatchObject({ lane: 'HN-3', reason: { rule: 'called' } });
  });

  it('the running direction reported by the twin wins over memory', () => {
    const lanes = HN.map((l) => (l.direction === 'reversible' ? { ...l, runningDirection: 'export' as const } : l));
    expect(dirs(tick({ trucks: demand(10, 14), lanes }, running({ 'HN-3': 'import', 'HN-4': 'import' })))).toEqual(['HN-3:export:hysteresis-hold', 'HN-4:export:hysteresis-hold']);
  });

  it.each([
    ['export surge', 40, 0],
    ['import surge', 0, 40],
  ])('fifo-static keeps reversible lanes on the default direction: %s', (_n, exp, imp) => {
    const out = tick({ trucks: demand(exp, imp), lanes: HN, config: buildConfig({ policy: 'fifo-static' }) });
    expect(dirs(out)).toEqual(['HN-3:import:fixed-default', 'HN-4:import:fixed-default']);
  });

  it('a closed reversible lane keeps its direction and is not counted', () => {
    const lanes = HN.map((l) => (l.id === 'HN-3' ? { ...l, open: false } : l));
    expect(dirs(tick({ trucks: demand(40, 2), lanes }))).toEqual(['HN-3:import:lane-closed', 'HN-4:export:demand-balance']);
  });
});
