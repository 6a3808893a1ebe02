import { describe, expect, it } from 'vitest';
import { buildConfig, buildLane, buildMemory, buildTruck, MIN, T0, tick, trucks } from './builders';

const oneLane = [buildLane({ id: 'HN-1' })];

describe('calls forward', () => {
  it.each([
    [0, []],
    [60, ['T001']],
    [300, ['T001', 'T002']],
    [600, ['T001', 'T002', 'T003']],
  ])('with callLeadS %i, trucks entering within the lead are called', (callLeadS, expected) => {
    const out = tick({ trucks: trucks(4, (i) => ({ queuedAt: T0 - (10 - i) * MIN })), lanes: oneLane, config: buildConfig({ callLeadS }) });
    // callLeadS 0 still calls a truck that can enter now.
    expect(out.calls.map((c) => c.truck)).toEqual(callLeadS === 0 ? ['T001'] : expected);
  });

  it('each truck is called once: the next tick keeps the lane and sends nothing', () => {
    const ts = trucks(3);
    const first = tick({ trucks: ts, lanes: oneLane });
    expect(first.calls.map((c) => c.truck)).toEqual(['T001', 'T002']);
    expect(first.memory.called).toEqual({ T001: { lane: 'HN-1', at: T0 }, T002: { lane: 'HN-1', at: T0 } });
    const second = tick({ now: T0 + 1000, trucks: ts, lanes: oneLane }, first.memory);
    expect(second.calls).toEqual([]);
    expect(second.plan.assignments.map((a) => [a.truck, a.reason.rule])).toEqual([
      ['T001', 'called'],
      ['T002', 'called'],
      ['T003', 'fifo'],
    ]);
  });

  it('a truck already in phase called holds its turn and is not called again', () => {
    const out = tick({
      trucks: [buildTruck({ id: 'c', phase: 'called', lane: 'HN-1', calledAt: T0 - MIN, queuedAt: T0 }), buildTruck({ id: 'q', queuedAt: T0 - 60 * MIN })],
      lanes: oneLane,
    });
    expect(out.plan.assignments.map((a) => [a.truck, a.at])).toEqual([
      ['c', T0],
      ['q', T0 + 240_000],
    ]);
    expect(out.calls.map((c) => c.truck)).toEqual(['q']);
    expect(out.memory.called.c).toEqual({ lane: 'HN-1', at: T0 - MIN });
  });

  it('in-lane trucks hold the lane until their service ends', () => {
    const out = tick({ trucks: [buildTruck({ id: 'in', phase: 'in-lane', lane: 'HN-1', enteredLaneAt: T0 - 100_000 }), buildTruck({ id: 'q' })], lanes: oneLane });
    expect(out.plan.assignments).toHaveLength(1);
    expect(out.plan.assignments[0]!.at).toBe(T0 + 140_000);
  });

  it.each([
    ['stale', { stale: true }],
    ['approaching', { phase: 'approaching' as const }],
    ['inspected', { phase: 'inspected' as const }],
  ])('a %s truck is not planned', (_n, p) => {
    const out = tick({ trucks: [buildTruck({ id: 'x', ...p })], lanes: oneLane });
    expect(out.plan.assignments).toEqual([]);
    expect(out.calls).toEqual([]);
  });

  it('memory forgets trucks that left the queue', () => {
    const out = tick({ trucks: [buildTruck({ id: 'in', phase: 'in-lane', lane: 'HN-1', enteredLaneAt: T0 })], lanes: oneLane }, buildMemory({ called: { in: { lane: 'HN-1', at: T0 - MIN }, gone: { lane: 'HN-1', at: T0 - 9 * MIN } } }));
    expect(out.memory.called).toEqual({});
  });
});
