import { describe, expect, it } from 'vitest';
import { buildMemory, buildTruck, MIN, siteLanes, T0, tick, trucks } from './builders';

// Fixed lanes only, so reversible lanes turning to follow demand do not blur what a closure does.
const fixed = siteLanes().filter((l) => l.direction !== 'reversible');
const withClosed = (...ids: string[]) => fixed.map((l) => (ids.includes(l.id) ? { ...l, open: false } : l));
const lanesUsed = (out: ReturnType<typeof tick>) => [...new Set(out.plan.assignments.map((a) => a.lane))].sort();

describe('lane closures', () => {
  it.each([
    { name: 'one export lane closed: the other takes them all', closed: ['HN-1'], expected: ['HN-2'] },
    { name: 'both fixed export lanes closed: nothing for export', closed: ['HN-1', 'HN-2'], expected: [] },
    { name: 'nothing closed: both lanes used', closed: [], expected: ['HN-1', 'HN-2'] },
  ])('$name', ({ closed, expected }) => {
    const out = tick({ trucks: trucks(6), lanes: withClosed(...closed) });
    expect(lanesUsed(out)).toEqual(expected);
  });

  it('closing a lane re-plans its trucks at once onto the others', () => {
    const ts = trucks(6, (i) => ({ queuedAt: T0 - (10 - i) * MIN }));
    const before = tick({ trucks: ts, lanes: withClosed() });
    expect(lanesUsed(before)).toEqual(['HN-1', 'HN-2']);
    const after = tick({ now: T0 + 1000, trucks: ts, lanes: withClosed('HN-1') }, before.memory);
    expect(lanesUsed(after)).toEqual(['HN-2']);
    expect(before.calls.map((c) => `${c.truck}>${c.lane}`)).toEqual(['T001>HN-1', 'T002>HN-2', 'T003>HN-1', 'T004>HN-2']);
    // Trucks called to HN-2 keep their turn; those called to HN-1 queue behind them, their old calls void.
    const plan = after.plan.assignments.map((a) => `${a.truck}>${a.lane}:${a.reason.rule}`);
    expect(plan.slice(0, 4)).toEqual(['T002>HN-2:called', 'T004>HN-2:called', 'T001>HN-2:fifo', 'T003>HN-2:fifo']);
    expect(Object.keys(after.memory.called).sort()).toEqual(['T002', 'T004']);
    // Once its turn is within the call lead, T001 is called to its new lane.
    const later = tick({ now: T0 + 300_000, trucks: ts.filter((t) => t.id !== 'T002'), lanes: withClosed('HN-1') }, after.memory);
    expect(later.calls.map((c) => `${c.truck}>${c.lane}`)).toEqual(['T001>HN-2']);
  });

  it('a truck in phase called to a closed lane is re-planned and called again', () => {
    const out = tick({ trucks: [buildTruck({ id: 'c', phase: 'called', lane: 'HN-1', calledAt: T0 - MIN })], lanes: withClosed('HN-1') });
    expect(out.plan.assignments.map((a) => [a.lane, a.reason.rule])).toEqual([['HN-2', 'fifo']]);
    expect(out.calls.map((c) => c.lane)).toEqual(['HN-2']);
  });

  it('with both fixed export lanes closed and no import demand, the reversible lanes turn to export and take them', () => {
    const lanes = siteLanes().map((l) => (l.id === 'HN-1' || l.id === 'HN-2' ? { ...l, open: false } : l));
    const out = tick({ trucks: trucks(6), lanes });
    expect(lanesUsed(out)).toEqual(['HN-3', 'HN-4']);
    expect(out.plan.laneDirections.filter((d) => d.lane.startsWith('HN')).map((d) => [d.lane, d.direction, d.reason.rule])).toEqual([
      ['HN-3', 'export', 'demand-balance'],
      ['HN-4', 'export', 'demand-balance'],
    ]);
  });

  it('a truck already in a closed lane finishes there; the lane takes nothing new', () => {
    const out = tick({
      trucks: [buildTruck({ id: 'in', phase: 'in-lane', lane: 'HN-1', enteredLaneAt: T0 }), ...trucks(3)],
      lanes: withClosed('HN-1'),
    });
    expect(lanesUsed(out)).toEqual(['HN-2']);
    expect(out.kpi.lanes.find((l) => l.lane === 'HN-1')).toMatchObject({ open: false, busy: true, queue: 0 });
  });

  it('memory of a call to a lane that closed does not stop the new call', () => {
    const memory = buildMemory({ called: { T001: { lane: 'HN-1', at: T0 - MIN } } });
    const out = tick({ trucks: trucks(1), lanes: withClosed('HN-1') }, memory);
    expect(out.calls.map((c) => c.lane)).toEqual(['HN-2']);
  });
});
