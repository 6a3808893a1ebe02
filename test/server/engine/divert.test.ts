import { describe, expect, it } from 'vitest';
import type { EngineConfig, EngineTruck } from '../../../server/engine';
import { buildConfig, buildLane, buildTruck, MIN, T0, tick } from './builders';
import { roadInMs } from '../../../server/engine/divert';
import { SITE } from './builders';

// One export lane at Tân Thanh (240 s a truck: 30 trucks = 2 h), one at Hữu Nghị, both open all day.
const HOURS = { open: '00:00', close: '23:59' };
const lanes = [
  buildLane({ id: 'TT-1', crossing: 'tan-thanh-freight', hours: HOURS }),
  buildLane({ id: 'HN-1', crossing: 'huu-nghi-freight', hours: HOURS }),
];
// `n` green loads queued at Tân Thanh at T0, in id order; the last `perishable` of them perishable.
const backlog = (n: number, p: Partial<EngineTruck> = {}): EngineTruck[] =>
  Array.from({ length: n }, (_, i) => buildTruck({ id: `T${String(i).padStart(3, '0')}`, crossing: 'tan-thanh-freight', queuedAt: T0 + i, cargo: 'fruit', perishable: true, ...p }));
const diverted = (trucks: EngineTruck[], config: Partial<EngineConfig> = {}) =>
  tick({ trucks, lanes, config: buildConfig(config) }).calls.filter((c) => c.reason.rule === 'divert-perishable');

describe('perishable exports diverted to the other freight crossing', () => {
  it('a perishable export planned past the 2 h limit at home is called to the other crossing, where it makes the limit', () => {
    const calls = diverted(backlog(40));
    // 30 enter Tân Thanh within 2 h (minus the 25 min drive margin: 24); the rest go to Hữu Nghị.
    expect(calls.length).toBeGreaterThan(5);
    for (const c of calls) {
      expect(c.crossing).toBe('huu-nghi-freight');
      expect(c.lane).toBe('HN-1');
      expect(c.at).toBeGreaterThanOrEqual(T0 + 25 * MIN);
      expect(c.at).toBeLessThanOrEqual(T0 + 120 * MIN);
      expect(c.reason.candidates.map((x) => x.option)).toEqual(['TT-1', 'HN-1']);
    }
    // Those that make it at home stay: the first in the queue are not moved.
    expect(calls.map((c) => c.truck)).not.toContain('T000');
  });

  it.each<[string, EngineTruck[], Partial<EngineConfig>]>([
    ['a load that makes the limit at home', backlog(10), {}],
    ['a load that is not perishable', backlog(40, { perishable: false, cargo: 'general' }), {}],
    ['an import (it waits on the Chinese side)', backlog(40, { direction: 'import' }), {}],
    ['the fifo-static baseline', backlog(40), { policy: 'fifo-static' }],
    ['a gain under divertPerishableMinGainS', backlog(40), { divertPerishableMinGainS: 4 * 3600 }],
  ])('stays at home: %s', (_, trucks, config) => {
    const importLanes = lanes.map((l) => ({ ...l, direction: 'import' as const }));
    const out = tick({ trucks, lanes: trucks[0]!.direction === 'import' ? importLanes : lanes, config: buildConfig(config) });
    expect(out.calls.filter((c) => c.reason.rule === 'divert-perishable')).toEqual([]);
  });

  it('never more than the other crossing can take within the limit: its own queue keeps its turns', () => {
    const own = Array.from({ length: 25 }, (_, i) => buildTruck({ id: `H${i}`, crossing: 'huu-nghi-freight', queuedAt: T0 - 10 * MIN }));
    const calls = tick({ trucks: [...backlog(40), ...own], lanes }).calls.filter((c) => c.reason.rule === 'divert-perishable');
    // Hữu Nghị's 25 take it to T0 + 100 min; only its slots up to the 2 h limit are offered (100, 104, … 120 min).
    expect(calls.length).toBe(6);
    for (const c of calls) expect(c.at).toBeGreaterThanOrEqual(T0 + 100 * MIN);
    for (const c of calls) expect(c.at).toBeLessThanOrEqual(T0 + 120 * MIN + 40);
  });

  it('while a diverted load drives in, the lane it is called to keeps serving its own crossing (it enters on arrival)', () => {
    const first = tick({ trucks: backlog(40), lanes });
    const moved = first.calls.filter((c) => c.reason.rule === 'divert-perishable').map((c) => c.truck);
    expect(moved.length).toBeGreaterThan(0);
    const arrive = T0 + 25 * MIN + roadInMs(SITE, 'huu-nghi-freight');
    expect(first.memory.called[moved[0]!]).toEqual({ lane: 'HN-1', at: T0, arrive });
    // A minute later: the diverted loads are on the road to Hữu Nghị, and five of its own exports have come in.
    const now = T0 + MIN;
    const enRoute = backlog(40).filter((t) => moved.includes(t.id)).map((t) => ({ ...t, crossing: 'huu-nghi-freight', phase: 'called' as const, lane: 'HN-1', calledAt: T0 }));
    const own = Array.from({ length: 5 }, (_, i) => buildTruck({ id: `H${i}`, queuedAt: now - i }));
    const next = tick({ now, trucks: [...enRoute, ...own], lanes }, first.memory);
    // The idle lane calls its own first truck now instead of standing empty for the drive.
    expect(next.calls.map((c) => c.truck)).toContain('H4');
    const at = new Map(next.plan.assignments.map((a) => [a.truck, a.at]));
    expect(at.get('H4')).toBe(now);
    // Every diverted load is planned no earlier than it can arrive, and at most one service after it does.
    const firstMoved = Math.min(...moved.map((id) => at.get(id)!));
    expect(firstMoved).toBeGreaterThanOrEqual(arrive);
    expect(firstMoved).toBeLessThanOrEqual(arrive + 240_000);
    // Own trucks fill the drive: those that start before the arrival go before it.
    const ownBefore = own.filter((t) => at.get(t.id)! < arrive).length;
    expect(ownBefore).toBe(5);
  });
});
