import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command, LaneStatus, Reply, TelemetryAck } from '../../server/protocol';
import { joinNatsCluster, type NatsCluster } from '../../server/scale/nats/natsCluster';
import { buildAgvMessage } from '../support/builders';
import { connect, startServer, TOKENS, type Harness } from './harness';
import { deleteSite, reachable } from './natsGateways';

// NATS mode inside one test process (two apps, the machine's NATS): a command reaches a device through the gateway
// that holds its connection, and an operator's lane command given on a follower is applied by the leader and seen
// on both. Skipped without NATS on a developer's machine; fails in CI.
const NATS = 'nats://127.0.0.1:4222';
const services = await reachable(4222);
if (!services && process.env.CI) throw new Error('CI needs NATS with JetStream on 127.0.0.1:4222');

describe.runIf(services)('NATS mode: commands and operator actions across gateways', () => {
  const site = `it-natscmd-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  let a: Harness;
  let b: Harness;
  let ca: NatsCluster;
  let cb: NatsCluster;

  beforeAll(async () => {
    [a, b] = await Promise.all([startServer({ follower: true, replica: true }), startServer({ follower: true, replica: true })]);
    const log = pino({ level: 'silent' });
    // `a` joins first and takes the lock; `b` follows.
    ca = await joinNatsCluster(a.app, { url: NATS, site, nodeId: 'a', log, dataDir: a.dataDir, leaderTtlMs: 2_000 });
    cb = await joinNatsCluster(b.app, { url: NATS, site, nodeId: 'b', log, dataDir: b.dataDir, leaderTtlMs: 2_000 });
  }, 30_000);
  afterAll(async () => {
    await Promise.all([ca?.stop(), cb?.stop()]);
    await Promise.all([a?.close(), b?.close()]);
    await deleteSite(NATS, site);
  });

  it('the leader commands an AGV whose device is connected to the other gateway', async () => {
    expect([ca.isLeader, cb.isLeader]).toEqual([true, false]);
    expect(cb.leaderLost).toBe(false);
    const device = await connect(b.url, '/ingest', TOKENS.device);
    const got: Command[] = [];
    device.on('command', (cmd: Command, reply: (r: Reply) => void) => {
      got.push(cmd);
      reply({ ok: true, data: undefined });
    });
    try {
      const ack = (await device.timeout(5_000).emitWithAck('telemetry', [buildAgvMessage({ id: 'CMD-AGV', seq: 1, ts: Date.now() })])) as TelemetryAck;
      expect(ack).toMatchObject({ accepted: 1 });
      await expect.poll(() => a.app.live.twin.agvs.has('CMD-AGV'), { timeout: 5_000 }).toBe(true);
      const cmd: Command = { type: 'agv:mission', commandId: 'm-1', agv: 'CMD-AGV', mission: 'park', corridor: 'c', from: 'y1', to: 'y2', issuedAt: Date.now() };
      expect(await a.app.commands.send(cmd)).toEqual({ ok: true, data: undefined });
      expect(got).toEqual([cmd]);
      // vehicle:get answers the same on both gateways (each by its own handle; receive times are each gateway's).
      const detail = async (h: Harness) => {
        const viewer = await connect(h.url, '/twin', TOKENS.viewer);
        const r = (await viewer.timeout(5_000).emitWithAck('vehicle:get', { handle: h.app.live.twin.agvs.get('CMD-AGV')!.handle })) as Reply<Record<string, unknown>>;
        viewer.close();
        if (!r.ok) throw new Error(r.error);
        const { handle: _h, lastSeen: _l, ...rest } = r.data;
        return rest;
      };
      expect(await detail(b)).toEqual(await detail(a));
      // A vehicle nobody reports stays unroutable, as in one process.
      expect(await a.app.commands.send({ ...cmd, agv: 'NOBODY' })).toMatchObject({ ok: false });
    } finally {
      device.close();
    }
  });

  it('a lane closed and its alert acknowledged by an operator on the follower are applied by the leader and show on both', async () => {
    const lane = [...a.app.live.twin.lanes.byId.keys()][0]!;
    const op = await connect(b.url, '/twin', TOKENS.operator);
    try {
      const r = (await op.timeout(5_000).emitWithAck('lane:set', { lane, open: false })) as Reply<LaneStatus>;
      expect(r).toMatchObject({ ok: true });
      await expect.poll(() => a.app.live.twin.lanes.byId.get(lane)!.open, { timeout: 5_000 }).toBe(false);
      // The leader's re-plan reaches the follower: the same KPIs and plan on both within a second or so.
      await expect.poll(() => JSON.stringify(b.app.live.kpi) === JSON.stringify(a.app.live.kpi) && JSON.stringify(b.app.live.plan) === JSON.stringify(a.app.live.plan), { timeout: 5_000, interval: 50 }).toBe(true);
      expect(b.app.live.kpi).toBeDefined();
      expect(b.app.live.twin.lanes.byId.get(lane)!.open).toBe(false);
      // The leader's lane-closed alert shows on the follower; an ack given there reaches the leader and sticks.
      const id = `lane-closed:${lane}`;
      await expect.poll(() => b.app.live.alerts.has(id), { timeout: 5_000 }).toBe(true);
      expect(await op.timeout(5_000).emitWithAck('alert:ack', { id })).toMatchObject({ ok: true });
      await expect.poll(() => a.app.live.alerts.get(id)?.acknowledgedBy, { timeout: 5_000 }).toBe('operator-test');
      await expect.poll(() => b.app.live.alerts.get(id)?.acknowledgedBy, { timeout: 5_000 }).toBe('operator-test');
    } finally {
      op.close();
    }
  });
});
