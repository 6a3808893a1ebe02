import { describe, expect, it } from 'vitest';
import { runEngine } from '../../../server/engine';
import { AlertSchema, KpiSchema, PlanSchema } from '../../../server/protocol';
import { benchInput } from '../../bench/engine';
import { buildMemory } from './builders';

describe('wire contract', () => {
  // The benchmark's peak-hour snapshot: every kind of truck, lane, AGV and alert in one tick.
  const input = benchInput(600);
  const first = runEngine(input, buildMemory());
  const second = runEngine({ ...input, now: input.now + 1000 }, first.memory);

  it.each([
    ['first tick', first],
    ['second tick', second],
  ])('%s: plan, KPIs and alerts validate against the protocol schemas', (_n, out) => {
    expect(() => PlanSchema.parse(out.plan)).not.toThrow();
    expect(() => KpiSchema.parse(out.kpi)).not.toThrow();
    for (const a of [...out.raised, ...out.cleared, ...Object.values(out.memory.activeAlerts)]) expect(() => AlertSchema.parse(a)).not.toThrow();
  });

  it('the snapshot exercises every part of the plan', () => {
    expect(first.plan.assignments.length).toBeGreaterThan(500);
    expect(first.plan.laneDirections.length).toBeGreaterThan(0);
    expect(first.plan.missions.some((m) => m.mission === 'carry')).toBe(true);
    // Chargers are full (10 % of the fleet is charging), so low AGVs wait and are alerted instead.
    expect(first.plan.missions.some((m) => m.mission === 'charge')).toBe(false);
    expect(first.raised.some((a) => a.kind === 'agv-low-battery')).toBe(true);
    expect(first.calls.length).toBeGreaterThan(0);
    expect(first.raised.length).toBeGreaterThan(0);
  });

  it('a plan survives a JSON round trip unchanged (plain data only)', () => {
    expect(JSON.parse(JSON.stringify(first.plan))).toEqual(first.plan);
  });
});
