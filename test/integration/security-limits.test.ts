import { Worker } from 'node:worker_threads';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply, TelemetryAck } from '../../server/protocol';
import type { SecurityCounters } from '../../server/security/counters';
import { buildAgvMessage, buildSensorMessage } from '../support/builders';
import { connect, TOKENS } from './harness';
import { disconnection, percentiles, startSecure, type SecureHarness } from './securityHarness';

// Rule 2 (limits): size limits disconnect only the sender, a flooding device is throttled without slowing others,
// a flooding viewer is throttled and then dropped, each with a clear reason.
const DEVICE_2 = { token: 'second-device-token-012345', role: 'device' as const, id: 'device-2' };
const RATE = 1_000;
let h: SecureHarness;
beforeAll(async () => {
  h = await startSecure({ security: { ingestRate: RATE, ingestBurst: RATE, maxPacketBytes: 200_000, maxStrikes: 100_000, viewerEventRate: 20, viewerEventBurst: 20 } }, [DEVICE_2]);
});
afterAll(async () => h.closeAll());

type Ack = TelemetryAck | { error: string };
const send = (s: Socket, batch: unknown): Promise<Ack> => s.timeout(10_000).emitWithAck('telemetry', batch);
const counters = async () => ((await (await fetch(`${h.url}/api/health`, { headers: { authorization: `Bearer ${TOKENS.admin}` } })).json()) as { security: SecurityCounters }).security;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let seq = 0;
const batchOf = (id: string, n: number) => Array.from({ length: n }, () => buildAgvMessage({ id, seq: ++seq, ts: Date.now() }));

describe('size limits', () => {
  it('a message over the per-message limit disconnects its sender with the reason; the other device is untouched', async () => {
    const [bad, good] = await Promise.all([connect(h.url, '/ingest', TOKENS.device), connect(h.url, '/ingest', DEVICE_2.token)]);
    const gone = disconnection(bad);
    const ack = await send(bad, [buildSensorMessage({ seq: ++seq, ts: Date.now() }), { ...buildSensorMessage(), unit: 'u'.repeat(8_000) }]);
    expect(ack).toEqual({ error: expect.stringMatching(/^limit: message 1 is over the 4096-byte limit/) });
    expect(await gone).toEqual({ reason: 'io server disconnect', notice: expect.stringMatching(/4096-byte/) });
    expect(await send(good, batchOf('AGV-GOOD', 3))).toMatchObject({ accepted: 3 });
    expect((await counters()).oversizedMessages).toBe(1);
    good.close();
  });

  it('a packet over maxHttpBufferSize closes only that connection', async () => {
    const [bad, good] = await Promise.all([connect(h.url, '/ingest', TOKENS.device), connect(h.url, '/ingest', DEVICE_2.token)]);
    const gone = disconnection(bad);
    bad.emit('telemetry', [{ junk: 'j'.repeat(300_000) }], () => {});
    expect((await gone).reason).toMatch(/transport (close|error)/);
    expect(await send(good, batchOf('AGV-GOOD', 2))).toMatchObject({ accepted: 2 });
    await expect.poll(async () => (await counters()).transportErrors).toBeGreaterThan(0);
    good.close();
  });
});

describe('rate limits', () => {
  it('a device flooding at 10× its limit is throttled with a reason, and barely moves another device’s ack latency', async () => {
    const other = await connect(h.url, '/ingest', DEVICE_2.token);
    // The measured device sends 10 messages every 20 ms (half its limit) and times each ack.
    const measure = async (ms: number) => {
      const lat: number[] = [];
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const t = performance.now();
        const ack = await send(other, batchOf('AGV-OTHER', 10));
        if (!('accepted' in ack) || ack.accepted !== 10) throw new Error(`other device refused: ${JSON.stringify(ack)}`);
        lat.push(performance.now() - t);
        await sleep(20);
      }
      return lat;
    };
    await measure(500); // warm up
    // The flooder runs in its own thread (its encoding work must not stall the measuring client): batches of 100
    // paced at 100 a second, 10,000 msg/s, 10× its 1,000 msg/s, not waiting for acks. Quiet and flooding windows
    // alternate, so whatever else loads the machine weighs on both figures alike.
    const flood = startFlooder(h.url, TOKENS.device, 100 * 100);
    await flood.ready;
    const alone: number[] = [];
    const flooded: number[] = [];
    for (let round = 0; round < 5; round++) {
      flood.pause();
      await sleep(50);
      alone.push(...(await measure(600)));
      flood.resume();
      await sleep(50);
      flooded.push(...(await measure(600)));
    }
    const { offered, accepted, throttled, reason, seconds: floodSeconds } = await flood.stop();
    const [baseline, during] = [percentiles(alone), percentiles(flooded)];
    console.log(
      `flood: other device ack latency p50/p95 ${baseline.p50.toFixed(1)}/${baseline.p95.toFixed(1)} ms alone (${baseline.n} batches), ` +
        `${during.p50.toFixed(1)}/${during.p95.toFixed(1)} ms during the flood (${during.n} batches); flooder offered ${Math.round(offered / floodSeconds)} msg/s while on, ` +
        `got ${accepted} msgs accepted in ${floodSeconds.toFixed(1)} s of flooding, ${throttled} batches throttled`,
    );
    expect(reason).toMatch(/rate limited: at most 1000 messages\/s per device token; retry in \d+ ms/);
    expect(offered / floodSeconds).toBeGreaterThan(9 * RATE);
    expect(throttled).toBeGreaterThan(150);
    // The rate over the flooding windows, plus the burst refilled in each quiet window, plus a batch of debt each.
    expect(accepted).toBeLessThanOrEqual(RATE * floodSeconds + 5 * (RATE + 100));
    expect(during.p50).toBeLessThan(2 * baseline.p50 + 10);
    expect(during.p95).toBeLessThan(Math.max(3 * baseline.p95, baseline.p95 + 75));
    expect(other.connected).toBe(true);
    other.close();
  }, 30_000);

  it('the device bucket is shared by socket and HTTP: an HTTP batch over it gets 429', async () => {
    const s = await connect(h.url, '/ingest', DEVICE_2.token);
    let last: Ack = { error: '' };
    for (let i = 0; i < 5 && !('error' in last && last.error.startsWith('rate')); i++) last = await send(s, batchOf('AGV-HTTP', 500));
    const res = await fetch(`${h.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${DEVICE_2.token}` }, body: JSON.stringify(batchOf('AGV-HTTP', 5)) });
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: string }).error).toMatch(/rate limited/);
    s.close();
  });

  it('a viewer flooding requests gets rate-limited replies; another viewer is served normally', async () => {
    const [noisy, calm] = await Promise.all([connect(h.url, '/twin', TOKENS.viewer), connect(h.url, '/twin', TOKENS.operator)]);
    const replies = await Promise.all(Array.from({ length: 100 }, () => noisy.timeout(5_000).emitWithAck('alerts:list', {}) as Promise<Reply<unknown>>));
    const limited = replies.filter((r) => !r.ok && /rate limited/.test(r.error));
    expect(limited.length).toBeGreaterThan(70);
    expect(await calm.timeout(5_000).emitWithAck('alerts:list', {})).toMatchObject({ ok: true });
    noisy.close();
    calm.close();
  });
});

describe('persistent flooding', () => {
  let small: SecureHarness;
  beforeAll(async () => {
    small = await startSecure({ security: { viewerEventRate: 10, viewerEventBurst: 10, maxStrikes: 50, strikeWindowMs: 10_000 } });
  });
  afterAll(async () => small.closeAll());

  it('a socket that keeps sending while throttled is disconnected with the reason, and audited', async () => {
    const noisy = await connect(small.url, '/twin', TOKENS.viewer);
    const gone = disconnection(noisy);
    for (let i = 0; i < 200; i++) noisy.emit('alerts:list', {}, () => {});
    expect(await gone).toEqual({ reason: 'io server disconnect', notice: expect.stringMatching(/^limit: throttled more than 50 times/) });
    const audit = (await (await fetch(`${small.url}/api/audit`, { headers: { authorization: `Bearer ${TOKENS.admin}` } })).json()) as { action: string; who: string }[];
    expect(audit.find((r) => r.action === 'disconnect')).toMatchObject({ who: 'viewer-test' });
  });
});

/** A device in a worker thread sending `rate` msg/s in batches of 100 without waiting for acks; `stop` reports. */
function startFlooder(url: string, token: string, rate: number) {
  // Raw Socket.IO frames over a plain websocket, built by string templating: the flooder itself costs the machine
  // as little as possible, so what the measured device feels is the server's doing.
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const WebSocket = require('ws');
    const ws = new WebSocket(workerData.url.replace('http', 'ws') + '/socket.io/?EIO=4&transport=websocket');
    const r = { offered: 0, accepted: 0, throttled: 0, reason: '', seconds: 0 };
    let seq = 0, id = 0, timer, t0, on = true, onSince = 0, onTotal = 0;
    const msg = (n, ts) => '{"kind":"agv","id":"AGV-FLOOD","seq":' + n + ',"ts":' + ts + ',"lat":21.99,"lon":106.72,"heading":45,"speed":5,"battery":0.8,"state":"loaded"}';
    ws.on('message', (d) => {
      const f = d.toString();
      if (f === '2') return ws.send('3');
      if (f.startsWith('0')) return ws.send('40/ingest,' + JSON.stringify({ token: workerData.token }));
      if (f.startsWith('40/ingest,')) {
        parentPort.postMessage('ready');
        t0 = onSince = performance.now();
        timer = setInterval(() => {
          if (!on) return;
          const due = Math.floor(((performance.now() - t0) / 1000) * workerData.rate);
          const ts = Date.now();
          while (r.offered < due) {
            const parts = [];
            for (let i = 0; i < 100; i++) parts.push(msg(++seq, ts));
            r.offered += 100;
            ws.send('42/ingest,' + (++id) + '["telemetry",[' + parts.join(',') + ']]');
          }
        }, 5);
        return;
      }
      if (f.startsWith('43/ingest,')) {
        const m = /"accepted":(\\d+)/.exec(f);
        if (m) r.accepted += Number(m[1]);
        else { r.throttled++; r.reason = JSON.parse(f.slice(f.indexOf('['))).at(0).error; }
      }
    });
    parentPort.on('message', (m) => {
      if (m === 'pause' && on) { on = false; onTotal += performance.now() - onSince; }
      else if (m === 'resume' && !on) { on = true; onSince = performance.now(); t0 = onSince - onTotal; }
      else if (m === 'stop') {
        clearInterval(timer);
        r.seconds = (onTotal + (on ? performance.now() - onSince : 0)) / 1000;
        setTimeout(() => { parentPort.postMessage(r); ws.close(); }, 500);
      }
    });
  `;
  const w = new Worker(code, { eval: true, workerData: { url, token, rate } });
  const ready = new Promise<void>((resolve) => w.once('message', () => resolve()));
  return {
    ready,
    pause: () => w.postMessage('pause'),
    resume: () => w.postMessage('resume'),
    async stop(): Promise<{ offered: number; accepted: number; throttled: number; reason: string; seconds: number }> {
      const done = new Promise<{ offered: number; accepted: number; throttled: number; reason: string; seconds: number }>((resolve) => w.once('message', resolve));
      w.postMessage('stop');
      const r = await done;
      await w.terminate();
      return r;
    },
  };
}
