import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, TelemetryAck } from '../../server/protocol';
import { buildAgvMessage } from '../support/builders';
import { writeTokens } from './childServer';
import { TOKENS, waitFor } from './harness';
import {
  deleteSite, getJson, haveNatsServer, reachable, recordedKeys, role, startGateway, startOwnNats, Streamer, twice, until, type Gateway,
} from './natsGateways';
import { freePort } from '../support/ports';

// Past one machine with no shared disk (issue 18), on the real NATS JetStream of this machine: three gateway
// processes, each with its own data directory. Skipped without NATS on a developer's machine; fails in CI.
const NATS = 'nats://127.0.0.1:4222';
const services = (await reachable(4222)) && haveNatsServer();
if (!services && process.env.CI) throw new Error('CI needs NATS with JetStream on 127.0.0.1:4222 and /usr/sbin/nats-server for the NATS cluster tests');

const suffix = () => `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const tmp = mkdtempSync(join(tmpdir(), 'gatetwin-cluster-nats-'));
const tokensFile = writeTokens(tmp);

/** What two replicas must agree on about the AGVs (receive times differ by gateway and are left out). */
const agvView = async (g: Gateway) =>
  (await getJson<{ agvs: { id: string; stateSeq: number; x: number; y: number; battery: number; state: string }[] }>(g, '/api/state')).body.agvs
    .map((a) => `${a.id}:${a.stateSeq}:${a.x.toFixed(3)}:${a.y.toFixed(3)}:${a.battery}:${a.state}`)
    .sort()
    .join('\n');
/** Plan and KPIs as served by a gateway, fetched together. */
const engineView = async (g: Gateway) => JSON.stringify([(await getJson(g, '/api/plan')).body, (await getJson(g, '/api/kpi')).body, (await getJson(g, '/api/alerts')).body]);
/** The alerts a viewer of this gateway is given on connecting (all of them arrive before its second frame). */
const alertsOf = async (g: Gateway): Promise<string> => {
  const viewer = io(`${g.url}/twin`, { auth: { token: TOKENS.viewer }, transports: ['websocket'] });
  const alerts: Alert[] = [];
  viewer.on('alert', (a: Alert) => alerts.push(a));
  let frames = 0;
  await waitFor(viewer, 'frame', () => ++frames === 2, 10_000);
  viewer.close();
  return alerts.map((a) => `${a.id}:${a.raisedAt}`).sort().join();
};
/** Waits until the gateway's own recording holds every key in `keys`. */
const recordsAll = (g: Gateway, keys: Set<string>) =>
  expect.poll(() => { const have = new Set(recordedKeys(g.dataDir)); return [...keys].filter((k) => !have.has(k)).length; }, { timeout: 20_000, interval: 250 }).toBe(0);

describe.runIf(services)('three gateways on one replicated log (NATS JetStream), no shared volume', () => {
  const site = `it-nats-${suffix()}`;
  const gws: Gateway[] = [];
  const alive = () => gws.filter((g) => g.proc.exitCode === null && g.proc.signalCode === null);

  beforeAll(async () => {
    // One after the other: three tsx start-ups at once can take longer than the start timeout on a busy machine.
    for (const n of ['a', 'b', 'c']) gws.push(await startGateway(NATS, site, n, tokensFile));
    await until(async () => (await Promise.all(gws.map(role))).sort().join(), 'follower,follower,leader', 15_000);
  }, 90_000);
  afterAll(async () => {
    await Promise.all(gws.map((g) => g.kill()));
    await deleteSite(NATS, site);
    for (const g of gws) rmSync(g.dataDir, { recursive: true, force: true });
  });

  it('writes to any gateway are read back identically on every gateway: state, plan, KPIs, alerts', async () => {
    const s = new Streamer(alive, 'READ');
    s.start(30, 0, true);
    await s.finish();
    for (const g of gws) await recordsAll(g, s.acked);
    await expect.poll(async () => new Set(await Promise.all(gws.map(agvView))).size, { timeout: 10_000 }).toBe(1);
    expect((await agvView(gws[0]!)).split('\n').filter((l) => l.startsWith('READ-'))).toHaveLength(10);
    // The engine runs on one gateway; the others serve its plan and KPIs (they answered 503 before NATS mode).
    await expect.poll(async () => new Set(await Promise.all(gws.map(engineView))).size, { timeout: 10_000, interval: 100 }).toBe(1);
    expect((await getJson(gws[0]!, '/api/kpi')).status).toBe(200);
    // An operator closes a lane on a follower: the leader applies it and raises the alert; every gateway shows it.
    const lane = (await getJson<{ lanes: { id: string }[] }>(gws[2]!, '/api/state')).body.lanes[0]!.id;
    const op = io(`${gws[2]!.url}/twin`, { auth: { token: TOKENS.operator }, transports: ['websocket'] });
    expect(await op.timeout(10_000).emitWithAck('lane:set', { lane, open: false })).toMatchObject({ ok: true });
    op.close();
    await expect.poll(async () => [...new Set(await Promise.all(gws.map(alertsOf)))], { timeout: 10_000 }).toEqual([expect.stringContaining(`lane-closed:${lane}`)]);
    // Each gateway's own day file holds the alert too, so its replay shows it.
    const alertsRecorded = async (g: Gateway) => {
      const days = (await getJson<{ day: string }[]>(g, '/api/recordings')).body;
      return (await getJson<{ alerts: number }>(g, `/api/recordings/${days.at(-1)!.day}`)).body.alerts;
    };
    for (const g of gws) await expect.poll(() => alertsRecorded(g), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(async () => new Set(await Promise.all(gws.map(engineView))).size, { timeout: 10_000, interval: 100 }).toBe(1);
  }, 60_000);

  it('SIGKILL of the leader mid-stream: every acked message exactly once in every survivor, engine resumes within 5 s', async () => {
    const leader = (await Promise.all(gws.map(async (g) => ((await role(g)) === 'leader' ? g : undefined)))).find(Boolean)!;
    // Two devices: one writing to the leader (it resends to another gateway when the leader dies), one to a follower.
    const toLeader = new Streamer(alive, 'KILL-L');
    const toFollower = new Streamer(alive, 'KILL-F');
    toLeader.start(400, gws.indexOf(leader));
    toFollower.start(400, (gws.indexOf(leader) + 1) % 3);
    await expect.poll(() => toLeader.batches, { timeout: 20_000, interval: 20 }).toBeGreaterThanOrEqual(30);
    const killedAt = Date.now();
    await leader.kill();
    const survivors = alive();
    expect(survivors).toHaveLength(2);
    await expect.poll(async () => (await Promise.all(survivors.map(role))).sort().join(), { timeout: 5_000, interval: 100 }).toBe('follower,leader');
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThanOrEqual(5_000);
    const kpiTs = (await getJson<{ ts: number }>(survivors[0]!, '/api/kpi')).body.ts;
    await expect.poll(async () => (await getJson<{ ts: number }>(survivors[0]!, '/api/kpi')).body.ts, { timeout: 5_000 }).toBeGreaterThan(kpiTs);
    await Promise.all([toLeader.finish(), toFollower.finish()]);
    // The device writing to the leader lost a batch with it and resent it elsewhere.
    expect(toLeader.refused.length).toBeGreaterThan(0);
    const acked = new Set([...toLeader.acked, ...toFollower.acked]);
    expect(acked.size).toBeGreaterThanOrEqual(400 * 10);
    for (const g of survivors) {
      await recordsAll(g, acked);
      expect(twice(recordedKeys(g.dataDir))).toEqual([]);
    }
    await expect.poll(async () => new Set(await Promise.all(survivors.map(agvView))).size, { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => new Set(await Promise.all(survivors.map(engineView))).size, { timeout: 10_000, interval: 100 }).toBe(1);
    // The new leader raised the still-closed lane's alert again; both survivors show the same alerts.
    await expect.poll(async () => [...new Set(await Promise.all(survivors.map(alertsOf)))], { timeout: 10_000 }).toEqual([expect.stringContaining('lane-closed:')]);
    console.log(`NATS mode: engine leader takeover after SIGKILL in ${takeoverMs} ms; ${acked.size} acked messages, each once in both survivors`);
  }, 90_000);

  it('a follower killed and restarted catches up from the stream, each message once', async () => {
    const survivors = alive();
    const follower = (await Promise.all(survivors.map(async (g) => ((await role(g)) === 'follower' ? g : undefined)))).find(Boolean)!;
    const other = survivors.find((g) => g !== follower)!;
    await follower.kill();
    // Written while it is down, through the other gateway.
    const s = new Streamer(() => [other], 'CATCHUP');
    s.start(50);
    await s.finish();
    const restarted = await startGateway(NATS, site, follower.node, tokensFile, follower.dataDir);
    gws[gws.indexOf(follower)] = restarted;
    await recordsAll(restarted, s.acked);
    expect(twice(recordedKeys(restarted.dataDir))).toEqual([]);
    await expect.poll(async () => new Set(await Promise.all([restarted, other].map(agvView))).size, { timeout: 10_000 }).toBe(1);
  }, 90_000);
});

describe.runIf(services)('the log stops briefly (our own nats-server)', () => {
  const site = `it-nats-out-${suffix()}`;
  const store = mkdtempSync(join(tmpdir(), 'gatetwin-nats-store-'));
  let port = 0;
  let nats: ChildProcess | undefined;
  const gws: Gateway[] = [];

  beforeAll(async () => {
    port = await freePort();
    nats = await startOwnNats(port, store);
    for (const n of ['a', 'b']) gws.push(await startGateway(`nats://127.0.0.1:${port}`, site, n, tokensFile));
    await until(async () => (await Promise.all(gws.map(role))).sort().join(), 'follower,leader', 15_000);
  }, 90_000);
  afterAll(async () => {
    await Promise.all(gws.map((g) => g.kill()));
    nats?.kill('SIGKILL');
    rmSync(store, { recursive: true, force: true });
    for (const g of gws) rmSync(g.dataDir, { recursive: true, force: true });
  });

  it('refuses acks while NATS is down, raises an alert, and loses nothing once it is back', async () => {
    const before = new Streamer(() => gws, 'OUT-A');
    before.start(10);
    await before.finish();
    const viewer = io(`${gws[1]!.url}/twin`, { auth: { token: TOKENS.viewer }, transports: ['websocket'] });
    const raised = waitFor<Alert>(viewer, 'alert', (a) => a.id === 'log-unavailable' && a.clearedAt === undefined, 15_000);
    nats!.kill('SIGTERM');
    await new Promise((r) => nats!.once('exit', r));
    // A device's batch is refused (not acked) while the log is away.
    const device = io(`${gws[1]!.url}/ingest`, { auth: { token: TOKENS.device }, transports: ['websocket'] });
    const refused = (await device.timeout(10_000).emitWithAck('telemetry', [buildAgvMessage({ id: 'OUT-X', seq: 1, ts: Date.now() })])) as TelemetryAck | { error: string };
    expect(refused).toHaveProperty('error');
    expect((await raised).kind).toBe('recorder-error');
    const cleared = waitFor<Alert>(viewer, 'alert', (a) => a.id === 'log-unavailable' && a.clearedAt !== undefined, 20_000);
    // Devices keep resending; NATS comes back with its store; the resend is acked and stored once.
    const during = new Streamer(() => gws, 'OUT-B');
    during.start(20);
    nats = await startOwnNats(port, store);
    await during.finish();
    await cleared;
    expect(during.refused.length).toBeGreaterThan(0);
    const acked = new Set([...before.acked, ...during.acked]);
    for (const g of gws) {
      await recordsAll(g, acked);
      expect(twice(recordedKeys(g.dataDir))).toEqual([]);
    }
    viewer.close();
    device.close();
  }, 90_000);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));
