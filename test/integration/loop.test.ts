import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../server/clock';
import type { Alert, Plan, Reply, LaneStatus } from '../../server/protocol';
import type { LiveDriver } from '../../server/sim/liveDriver';
import { loadScenario, scenarioSite } from '../../server/sim/scenario';
import { atLocal } from '../../server/sim/world';
import { buildSite } from '../support/builders';
import { connect, startSimulated, TOKENS, waitFor, type Harness } from './harness';

// The whole loop with real parts: the simulator as a Socket.IO device, the server's engine calling trucks and
// dispatching AGVs, viewers and an operator on /twin. Twin time runs 60× so a morning passes in seconds.
const scenario = loadScenario('normal');
const site = scenarioSite(buildSite(), scenario);
const clock = new ScaledClock(atLocal(Date.parse('2026-06-01T12:00:00+07:00'), '07:05'), 60);
let h: Harness;
let driver: LiveDriver;
let stop: () => Promise<void>;

beforeAll(async () => {
  // Busier AGV terminals than the scenario's, so missions start within the test's few seconds.
  ({ h, driver, stop } = await startSimulated(site, { ...scenario, agv: { ...scenario.agv, containersPerDay: { 'hn-agv': 2_000, 'tt-agv': 1_000 } } }, clock));
});
afterAll(() => stop());

describe('closed loop: simulator ⇄ server', () => {
  it('trucks are called, served and cleared; AGVs take missions; devices accept the commands', async () => {
    await expect.poll(() => h.app.live.kpi?.crossings.reduce((n, c) => n + c.clearedToday, 0) ?? 0, { timeout: 20_000, interval: 250 }).toBeGreaterThan(5);
    await expect.poll(() => [...h.app.live.twin.agvs.values()].filter((a) => a.state !== 'idle' && a.state !== 'charging').length, { timeout: 20_000, interval: 250 }).toBeGreaterThan(0);
    const c = h.app.live.commandCounters();
    expect(c.acked).toBeGreaterThan(10);
    // A call can race the truck's own progress (already called); anything else refused would be a protocol bug.
    expect(c.failed).toBeLessThanOrEqual(c.acked * 0.1);
    expect(driver.counters.rejected).toBe(0);
  }, 30_000);

  it('a lane an operator closes gets no new assignment from the next tick on, and every viewer sees the alert', async () => {
    const [a, b, op] = await Promise.all([connect(h.url, '/twin', TOKENS.viewer), connect(h.url, '/twin', TOKENS.viewer), connect(h.url, '/twin', TOKENS.operator)]);
    try {
      const lane = 'HN-1';
      const alertA = waitFor<Alert>(a, 'alert', (x) => x.kind === 'lane-closed' && x.subject === lane && x.clearedAt === undefined, 10_000);
      const alertB = waitFor<Alert>(b, 'alert', (x) => x.kind === 'lane-closed' && x.subject === lane && x.clearedAt === undefined, 10_000);
      // Plans a viewer receives after the operator's reply (a plan broadcast by a tick just before the command may
      // still be in flight, and says nothing about the closure).
      let acked = false;
      const after: Plan[] = [];
      a.on('plan', (p: Plan) => acked && after.push(p));
      const r = (await op.timeout(5_000).emitWithAck('lane:set', { lane, open: false })) as Reply<LaneStatus>;
      acked = true;
      expect(r).toMatchObject({ ok: true, data: { lane, open: false } });
      // setLane re-plans at once: the plan after the command has no assignment to the closed lane.
      expect(h.app.live.plan!.assignments.filter((x) => x.lane === lane)).toEqual([]);
      // Two more engine ticks (each sends KPIs): no plan of theirs gives the closed lane a truck.
      await waitFor(a, 'kpi', () => true, 10_000);
      await waitFor(a, 'kpi', () => true, 10_000);
      expect(h.app.live.plan!.assignments.filter((x) => x.lane === lane)).toEqual([]);
      expect(after.flatMap((p) => p.assignments.filter((x) => x.lane === lane))).toEqual([]);
      await Promise.all([alertA, alertB]);
      // A viewer may not do what the operator just did.
      const denied = (await a.timeout(5_000).emitWithAck('lane:set', { lane, open: true })) as Reply<LaneStatus>;
      expect(denied).toEqual({ ok: false, error: expect.stringMatching(/forbidden/) });
      expect(h.app.live.twin.lanes.byId.get(lane)!.open).toBe(false);
    } finally {
      for (const s of [a, b, op]) s.close();
    }
  }, 30_000);
});
