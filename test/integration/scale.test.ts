import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeFrame, EntityKind, Field, type TelemetryAck } from '../../server/protocol';
import { startServer, type TestServer } from '../e2e/server';
import { buildAgvMessage } from '../support/builders';
import { frameView, waitFor } from './harness';
import { describeWithServices, requireService } from './services';

// Growing past one machine, with the real Redis and Mosquitto of this machine (started if installed but stopped).
// Without them the tests are listed as not run on a developer's machine, but fail in CI (CI=true), where the
// services are part of the contract.
const REDIS = { host: '127.0.0.1', port: 6379 };
const MQTT = { host: '127.0.0.1', port: 1883 };
const DEVICE = 'e2e-device-token-0123456789';
const services = await requireService('redis', 'mosquitto');

const site = `it-${process.pid}-${Date.now().toString(36)}`;
const dataDir = mkdtempSync(join(tmpdir(), 'gatetwin-scale-'));
const nodeEnv = (id: string) => ({
  REDIS_URL: `redis://${REDIS.host}:${REDIS.port}`,
  MQTT_URL: `mqtt://${MQTT.host}:${MQTT.port}`,
  GATETWIN_SITE_ID: site,
  GATETWIN_NODE_ID: id,
  GATETWIN_LEADER_TTL_MS: '3000',
  GATETWIN_SIM: 'off',
});

const health = async (s: TestServer) => (await (await fetch(`${s.url}/api/health`, { headers: { authorization: `Bearer ${s.viewerToken}` } })).json()) as { role: string; ingest: { accepted: number; duplicates: number } };
const agvIds = async (s: TestServer) =>
  ((await (await fetch(`${s.url}/api/state?token=${s.viewerToken}`)).json()) as { agvs: { id: string }[] }).agvs.map((a) => a.id);
const sock = (s: TestServer, ns: string, token: string): Promise<Socket> =>
  new Promise((ok, fail) => {
    const c = io(s.url + ns, { auth: { token }, transports: ['websocket'] });
    c.once('connect', () => ok(c));
    c.once('connect_error', fail);
  });
const frameWith = (viewer: Socket, battery: number, ms = 10_000) =>
  waitFor<Uint8Array>(viewer, 'frame', (buf) =>
    // Frame layout v2: a record carries the battery when it changed, the kind when it is new to the stream.
    decodeFrame(frameView(buf)).records.some((r) => r.mask & Field.battery && (!(r.mask & Field.attrs) || r.kind === EntityKind.agv) && Math.abs(r.batteryQ / 255 - battery) < 0.003), ms);

describeWithServices(services, 'beyond one machine (Redis fan-out, MQTT ingest, one engine leader)', () => {
  let a: TestServer;
  let b: TestServer;
  let leader: TestServer;
  let follower: TestServer;

  beforeAll(async () => {
    [a, b] = await Promise.all([startServer({ dataDir, env: nodeEnv('a') }), startServer({ dataDir, env: nodeEnv('b') })]);
    const deadline = Date.now() + 15_000;
    while ([(await health(a)).role, (await health(b)).role].sort().join() !== 'follower,leader') {
      if (Date.now() > deadline) throw new Error('no single leader emerged within 15 s');
      await new Promise((r) => setTimeout(r, 250));
    }
    [leader, follower] = (await health(a)).role === 'leader' ? [a, b] : [b, a];
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.stop({ keepData: true }), b?.stop({ keepData: true })]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('telemetry sent to one gateway reaches a viewer connected to the other', async () => {
    for (const [entry, exit] of [[follower, leader], [leader, follower]] as const) {
      const viewer = await sock(exit, '/twin', exit.viewerToken);
      const device = await sock(entry, '/ingest', DEVICE);
      try {
        const battery = entry === follower ? 0.211 : 0.322;
        const seen = frameWith(viewer, battery);
        const ack = (await device.timeout(10_000).emitWithAck('telemetry', [buildAgvMessage({ id: `FAN-${battery}`, seq: 1, ts: Date.now(), battery })])) as TelemetryAck;
        expect(ack).toMatchObject({ accepted: 1 });
        await seen;
      } finally {
        viewer.close();
        device.close();
      }
    }
  }, 30_000);

  it('a message published to Mosquitto shows in /api/state and is recorded once, even when published twice', async () => {
    const before = await health(leader);
    const recorded = async () => {
      const days = (await (await fetch(`${leader.url}/api/recordings?token=${leader.viewerToken}`)).json()) as { day: string }[];
      let n = 0;
      for (const d of days) n += ((await (await fetch(`${leader.url}/api/recordings/${d.day}?token=${leader.viewerToken}`)).json()) as { messages: number }).messages;
      return n;
    };
    const recordedBefore = await recorded();
    const client = await mqtt.connectAsync(`mqtt://${MQTT.host}:${MQTT.port}`, { clientId: `${site}-pub` });
    try {
      const msg = JSON.stringify(buildAgvMessage({ id: 'MQ-1', seq: 42, ts: Date.now(), battery: 0.5 }));
      await client.publishAsync(`gatetwin/${site}/agv/MQ-1`, msg, { qos: 1 });
      await client.publishAsync(`gatetwin/${site}/agv/MQ-1`, msg, { qos: 1 });
    } finally {
      await client.endAsync();
    }
    await expect.poll(async () => (await agvIds(leader)).includes('MQ-1'), { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => (await health(leader)).ingest.duplicates - before.ingest.duplicates, { timeout: 10_000 }).toBe(1);
    expect((await health(leader)).ingest.accepted - before.ingest.accepted).toBe(1);
    expect((await recorded()) - recordedBefore).toBe(1);
  }, 30_000);

  it('when the leader is killed the other takes over within 10 s, viewers keep getting frames, no acked message is lost', async () => {
    const viewer = await sock(follower, '/twin', follower.viewerToken);
    const device = await sock(follower, '/ingest', DEVICE);
    try {
      const acked: string[] = [];
      for (let i = 0; i < 20; i++) {
        const batch = Array.from({ length: 10 }, (_, k) => buildAgvMessage({ id: `KEEP-${i}-${k}`, seq: 1, ts: Date.now() }));
        const ack = (await device.timeout(10_000).emitWithAck('telemetry', batch)) as TelemetryAck;
        expect(ack.accepted).toBe(10);
        acked.push(...batch.map((m) => m.id));
      }
      const killedAt = Date.now();
      process.kill(-leader.process.pid!, 'SIGKILL');
      await expect.poll(async () => (await health(follower)).role, { timeout: 10_000, interval: 200 }).toBe('leader');
      const takeoverMs = Date.now() - killedAt;
      expect(takeoverMs).toBeLessThanOrEqual(10_000);
      // Frames flow again from the new leader, and new telemetry is accepted.
      const seen = frameWith(viewer, 0.777);
      const ack = (await device.timeout(10_000).emitWithAck('telemetry', [buildAgvMessage({ id: 'AFTER', seq: 1, ts: Date.now(), battery: 0.777 })])) as TelemetryAck;
      expect(ack.accepted).toBe(1);
      await seen;
      const ids = new Set(await agvIds(follower));
      expect(acked.filter((id) => !ids.has(id))).toEqual([]);
      console.log(`leader takeover after SIGKILL: ${takeoverMs} ms`);
    } finally {
      viewer.close();
      device.close();
    }
  }, 60_000);
});
