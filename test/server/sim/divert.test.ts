import { describe, expect, it } from 'vitest';
import { DIVERT_TRANSFER_MIN } from '../../../server/engine/divert';
import type { TruckMessage } from '../../../server/protocol';
import { runHeadless } from '../../../server/sim/headless';
import { loadScenario, scenarioSite } from '../../../server/sim/scenario';
import { World } from '../../../server/sim/world';
import { buildSite } from '../../support/builders';

const peak = loadScenario('fruit-peak');
const { hours: _today, ...rest } = peak;
const future = { ...rest, configuration: '2027-target' };
const site = scenarioSite(buildSite(), future);

describe('an export diverted between freight crossings', () => {
  it('on the 2027 fruit peak, late fruit at Tân Thanh drives to Hữu Nghị, enters a lane there after the drive and is counted there', () => {
    const msgs: TruckMessage[] = [];
    const r = runHeadless(site, future, { hours: 2, engineEveryS: 10, onStep: (batch) => msgs.push(...batch.filter((m): m is TruckMessage => m.kind === 'truck')) });
    const home = new Map(msgs.filter((m) => m.event === 'arrived').map((m) => [m.id, m.crossing]));
    const moved = msgs.filter((m) => m.event === 'called' && home.get(m.id) !== m.crossing);
    expect(moved.length).toBeGreaterThan(20);
    for (const m of moved) {
      expect([home.get(m.id), m.crossing, m.direction, m.perishable]).toEqual(['tan-thanh-freight', 'huu-nghi-freight', 'export', true]);
      expect(m.lane).toMatch(/^HN-/);
    }
    const entered = new Map(msgs.filter((m) => m.event === 'entered-lane').map((m) => [m.id, m]));
    const arrivedThere = moved.filter((m) => entered.has(m.id));
    expect(arrivedThere.length).toBeGreaterThan(0);
    for (const m of arrivedThere) {
      expect(entered.get(m.id)!.crossing).toBe('huu-nghi-freight');
      expect(entered.get(m.id)!.ts - m.ts).toBeGreaterThanOrEqual(DIVERT_TRANSFER_MIN * 60_000);
      // The twin follows: the truck now belongs to Hữu Nghị.
      const t = r.twin.trucks.get(m.id);
      if (t) expect(t.crossing).toBe('huu-nghi-freight');
    }
  }, 60_000);

  it('the simulator refuses to send an import to another crossing (it waits on the Chinese side)', () => {
    const start = Date.parse('2026-06-01T06:00:00+07:00');
    const world = new World(site, { ...future, initialQueue: {} }, start);
    const t = world.trucks.spawn({ crossing: 'tan-thanh-freight', direction: 'import', cargo: 'fruit', perishable: true, channel: 'green' }, start, true);
    const call = { type: 'truck:call', commandId: 'c1', truck: t.id, crossing: 'huu-nghi-freight', lane: 'HN-9', at: start, issuedAt: start } as const;
    expect(world.command(call)).toMatch(/not at tan-thanh-freight/);
    const e = world.trucks.spawn({ crossing: 'tan-thanh-freight', direction: 'export', cargo: 'fruit', perishable: true, channel: 'green' }, start, true);
    expect(world.command({ ...call, truck: e.id, lane: 'HN-1' })).toBeUndefined();
    expect(world.trucks.trucks.get(e.id)!.crossing).toBe('huu-nghi-freight');
  });
});
