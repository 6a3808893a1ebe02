import { describe, expect, it } from 'vitest';
import { coupled, horizonOf, runSeeds } from '../../../server/forecast/forecast';
import type { ForkLane, ForkState, ForkTruck } from '../../../server/forecast/types';
import { buildFork, hours } from './forkFixture';

const MIN = 60_000;
const DIVERT = { minGainMin: 15, transferMin: 25 };

/**
 * Two freight crossings at 15:00: TT with a backlog of perishable exports on one export lane (they cannot all make
 * the 2 h limit there), HN with two export lanes and only a few exports of its own.
 */
function twoRoads(trading = true): ForkState {
  const base = buildFork({}, [0, 0]);
  const lane = (id: string, crossing: string, direction: ForkLane['direction']): ForkLane => ({ id, crossing, direction, running: direction === 'import' ? 'import' : 'export', open: true, serviceS: 240, hours });
  const lanes = [lane('TT-1', 'TT', 'export'), lane('TT-2', 'TT', 'import'), lane('HN-1', 'HN', 'export'), lane('HN-2', 'HN', 'export'), lane('HN-3', 'HN', 'import')];
  const trucks: ForkTruck[] = [];
  for (let i = 0; i < 60; i++) trucks.push({ id: `tt${i}`, crossing: 'TT', direction: 'export', perishable: true, channel: 'green', queuedAt: base.now - (60 - i) * MIN });
  for (let i = 0; i < 4; i++) trucks.push({ id: `hn${i}`, crossing: 'HN', direction: 'export', perishable: false, channel: 'green', queuedAt: base.now - 10 * MIN });
  return {
    ...base, lanes, trucks, clearedToday: [],
    // No new arrivals: what each crossing clears is the backlog and the loads traded between them.
    arrivals: [],
    serviceFactor: [{ crossing: 'TT', factor: 1 }, { crossing: 'HN', factor: 1 }],
    policy: trading ? { ...base.policy, divert: DIVERT } : base.policy,
    crossings: [{ id: 'TT', hours, target: 800, roadInMin: 14 }, { id: 'HN', hours, target: 2000, roadInMin: 6 }],
  };
}

const run = (state: ForkState, crossings = ['TT', 'HN']) => runSeeds(state, crossings, 3, 1, 15 * MIN, horizonOf(state.now, 7));

describe('the forecast runs the freight crossings together, as the engine diverts', { timeout: 60_000 }, () => {
  it('late perishable exports move to the crossing with spare lanes: fewer wait at the full one, its loads enter the other after the drive', () => {
    const state = twoRoads();
    const joint = run(state);
    const apart = run(twoRoads(false));
    for (let k = 0; k < 3; k++) {
      const tt = joint.get('TT')![k]!;
      const hn = joint.get('HN')![k]!;
      const moved = [...hn.entries].filter(([id]) => id.startsWith('tt'));
      expect(moved.length).toBeGreaterThan(5);
      // Called at a check (every 5 min from now), each enters after the 25 min transfer and HN's 6 min road in.
      for (const [, at] of moved) expect(at).toBeGreaterThanOrEqual(state.now + 31 * MIN);
      // A load leaves one queue for the other: it is never entered at both.
      for (const [id] of moved) expect(tt.entries.has(id)).toBe(false);
      // The full crossing's perishables wait less than when it is run alone.
      expect(tt.perishableP95Min).toBeLessThan(apart.get('TT')![k]!.perishableP95Min);
      expect(tt.waitTruckMin + hn.waitTruckMin).toBeLessThan(apart.get('TT')![k]!.waitTruckMin + apart.get('HN')![k]!.waitTruckMin);
    }
    // Every truck of the fork is counted once over the two crossings.
    const all = [...joint.get('TT')![0]!.entries.keys(), ...joint.get('HN')![0]!.entries.keys()];
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(64);
  });

  it('is the same for the same seed, and a crossing asked for alone still runs with its partner', () => {
    const state = twoRoads();
    const a = run(state, ['HN']);
    const b = run(state, ['HN']);
    expect([...a.keys()].sort()).toEqual(['HN', 'TT']);
    expect(a.get('HN')!.map((r) => [...r.entries])).toEqual(b.get('HN')!.map((r) => [...r.entries]));
    expect(coupled(state, ['HN', 'CN'])).toEqual([['TT', 'HN'], ['CN']]);
    expect(coupled(twoRoads(false), ['HN', 'TT'])).toEqual([['HN'], ['TT']]);
  });

  it('moves nothing when neither crossing has spare lanes: both keep their own queues', () => {
    const state = twoRoads();
    // HN's own export backlog as long as TT's: it has no room within the limit for anybody else's perishables.
    const own: ForkTruck[] = Array.from({ length: 80 }, (_, i) => ({ id: `hx${i}`, crossing: 'HN', direction: 'export', perishable: true, channel: 'green', queuedAt: state.now - (80 - i) * MIN }));
    const runs = run({ ...state, trucks: [...state.trucks, ...own] });
    for (const r of runs.get('HN')!) expect([...r.entries.keys()].some((id) => id.startsWith('tt'))).toBe(false);
  });
});
