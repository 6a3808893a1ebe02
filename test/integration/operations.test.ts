import type Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as netConnect, type Socket as NetSocket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../server/audit/auditLog';
import { runEngine } from '../../server/engine';
import type { TelemetryAck } from '../../server/protocol';
import { localDay } from '../../server/recorder/days';
import { SqliteRecorder } from '../../server/recorder/sqliteRecorder';
import { buildSensorMessage } from '../support/builders';
import { parsePromText } from '../support/promText';
import { connect, startServer, TOKENS, type Harness } from './harness';

// Readiness, metrics and refusals with a real server: an engine that can be broken on demand, a real recorder.
let h: Harness;
let dir: string;
let recorder: SqliteRecorder;
let broken = false;
const METRICS_TOKEN = 'prometheus-scraper-token-0123';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatetwin-ops-'));
  recorder = new SqliteRecorder(join(dir, 'recordings'));
  h = await startServer({
    recorder,
    engine: (input, memory) => {
      if (broken) throw new Error('injected engine failure');
      return runEngine(input, memory);
    },
    metricsToken: METRICS_TOKEN,
    security: { heavyPerMinute: 1, heavyBurst: 2, auditRefusalsPerMinute: 5 },
  });
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, token?: string) => fetch(h.url + path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
const ready = async () => (await get('/api/health/ready')).status;

describe('health that tells the truth', () => {
  it('live and ready answer without a token and without details; /api/health gives details only with a token', async () => {
    const live = await get('/api/health/live');
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ ok: true });
    await expect.poll(ready).toBe(200);
    expect(await (await get('/api/health/ready')).json()).toEqual({ ok: true });
    expect(await (await get('/api/health')).json()).toEqual({ ok: true });
    const details = (await (await get('/api/health', TOKENS.viewer)).json()) as Record<string, unknown>;
    expect(details).toMatchObject({ ok: true, notReady: [], role: 'leader', engine: { engineTicks: expect.any(Number) } });
    expect((await get('/api/health', 'not-a-token-0123456789')).status).toBe(200); // a wrong token: like none
    expect(await (await get('/api/health', 'not-a-token-0123456789')).json()).toEqual({ ok: true });
  });

  it('turns 503 while the engine keeps failing, and 200 again after one tick that works', async () => {
    broken = true;
    try {
      await expect.poll(ready, { timeout: 10_000 }).toBe(503);
      const res = await get('/api/health/ready');
      expect(await res.json()).toEqual({ ok: false });
      expect((await get('/api/health/live')).status).toBe(200);
      expect(await (await get('/api/health', TOKENS.admin)).json()).toMatchObject({ ok: false, notReady: ['engine'] });
    } finally {
      broken = false;
    }
    await expect.poll(ready, { timeout: 10_000 }).toBe(200);
  });

  it('turns 503 while the recorder cannot write, and 200 once it writes again', async () => {
    const device = await connect(h.url, '/ingest', TOKENS.device);
    try {
      const send = (seq: number): Promise<TelemetryAck | { error: string }> => device.timeout(5_000).emitWithAck('telemetry', [buildSensorMessage({ id: 'rec-probe', seq, ts: Date.now() })]);
      expect(await send(1)).toMatchObject({ accepted: 1 });
      // The disk goes away under the open day file.
      (recorder as unknown as { days: Map<string, { db: Database.Database }> }).days.get(localDay(Date.now()))!.db.close();
      expect(await send(2)).toEqual({ error: expect.any(String) });
      expect(await ready()).toBe(503);
      expect(await (await get('/api/health', TOKENS.admin)).json()).toMatchObject({ notReady: ['recorder'] });
      // The next commit reopens the file.
      expect(await send(2)).toMatchObject({ accepted: 1 });
      await expect.poll(ready).toBe(200);
    } finally {
      device.close();
    }
  });
});

describe('GET /metrics', () => {
  it('refuses no token (401) and a viewer or operator (403)', async () => {
    expect((await get('/metrics')).status).toBe(401);
    expect((await get('/metrics', TOKENS.viewer)).status).toBe(403);
    expect((await get('/metrics', TOKENS.operator)).status).toBe(403);
  });

  it('answers an admin, and the metrics token, with Prometheus text a strict parser accepts', async () => {
    const device = await connect(h.url, '/ingest', TOKENS.device);
    try {
      for (let seq = 1; seq <= 3; seq++) await device.timeout(5_000).emitWithAck('telemetry', [buildSensorMessage({ id: 'metrics-probe', seq, ts: Date.now() })]);
    } finally {
      device.close();
    }
    const res = await get('/metrics', TOKENS.admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePromText(await res.text());
    const value = (name: string, labels: Record<string, string> = {}) =>
      families.get(name.replace(/_(count|sum|bucket)$/, ''))?.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    expect(value('gatetwin_ingest_messages_total', { result: 'accepted' })).toBeGreaterThanOrEqual(3);
    expect(value('gatetwin_ingest_ack_seconds_count')).toBeGreaterThanOrEqual(3);
    expect(value('gatetwin_engine_tick_seconds_count')).toBeGreaterThan(0);
    expect(value('gatetwin_recorder_commit_seconds_count')).toBeGreaterThan(0);
    expect(value('gatetwin_rejections_total', { reason: 'http_401' })).toBeGreaterThanOrEqual(1);
    expect(value('gatetwin_connections', { namespace: '/twin' })).toBe(0);
    expect(value('gatetwin_data_dir_bytes')).toBeGreaterThan(0);
    expect(families.get('gatetwin_engine_errors_total')?.type).toBe('counter');
    expect(families.get('gatetwin_queue_trucks')?.type).toBe('gauge');
    expect((await get('/metrics', METRICS_TOKEN)).status).toBe(200);
    // Every series the Grafana dashboard queries exists.
    const dashboard = readFileSync(join(process.cwd(), 'deploy', 'grafana', 'gatetwin.json'), 'utf8');
    const queried = new Set(dashboard.match(/gatetwin_[a-z0-9_]+/g));
    const exposed = new Set([...families.values()].flatMap((f) => f.samples.map((x) => x.name)));
    expect([...queried].filter((n) => !exposed.has(n))).toEqual([]);
  });

  it('the parser the test relies on refuses garbage', () => {
    expect(() => parsePromText('garbage\n')).toThrow();
    expect(() => parsePromText('# TYPE x counter\nx{a="1" 2\n')).toThrow();
    expect(() => parsePromText('# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\n')).toThrow();
    expect(() => parsePromText('# TYPE x gauge\nx 1')).toThrow();
    expect(parsePromText('# HELP x ok\n# TYPE x gauge\nx{a="q\\"uote"} 1.5e3\n').get('x')?.samples[0]).toEqual({ name: 'x', labels: { a: 'q"uote' }, value: 1500 });
  });
});

describe('every refusal counted and audited', () => {
  const audit = async (): Promise<AuditRecord[]> => (await (await get('/api/audit?limit=1000', TOKENS.admin)).json()) as AuditRecord[];

  it('a role refused on the recording routes is counted and audited with its holder', async () => {
    const before = (await (await get('/api/health', TOKENS.admin)).json()) as { httpRefusals: Record<string, number> };
    const res = await fetch(`${h.url}/api/whatif`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.viewer}` }, body: '{}' });
    expect(res.status).toBe(403);
    const after = (await (await get('/api/health', TOKENS.admin)).json()) as { httpRefusals: Record<string, number> };
    expect((after.httpRefusals['403'] ?? 0) - (before.httpRefusals['403'] ?? 0)).toBe(1);
    expect(await audit()).toContainEqual(expect.objectContaining({ who: 'viewer-test', role: 'viewer', action: 'http:POST /api/whatif', result: 'denied' }));
  });

  it('a flood without a token is counted whole but sampled in the audit log, with the count left out', async () => {
    const path = '/api/recordings/2026-01-01/kpi';
    await Promise.all(Array.from({ length: 40 }, () => get(path).then((r) => r.text())));
    const lines = (await audit()).filter((r) => r.action === `http:GET ${path}`);
    // 5 lines a minute for every anonymous 401 together (10 if the minute turned during the flood).
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(10);
    expect(lines.every((r) => r.who === 'anonymous' && r.result === 'denied')).toBe(true);
    const health = (await (await get('/api/health', TOKENS.admin)).json()) as { security: { refusalsSampledOut: number }; httpRefusals: Record<string, number> };
    expect(health.security.refusalsSampledOut).toBeGreaterThanOrEqual(30);
    expect(health.httpRefusals['401']).toBeGreaterThanOrEqual(40);
  });

  it('heavy routes answer 429 with Retry-After past their rate, per address and token', async () => {
    const device = await connect(h.url, '/ingest', TOKENS.device);
    await device.timeout(5_000).emitWithAck('telemetry', [buildSensorMessage({ id: 'heavy-probe', seq: 1, ts: Date.now() })]);
    device.close();
    const day = localDay(Date.now());
    const statuses: number[] = [];
    let retry: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await get(`/api/recordings/${day}/timeline`, TOKENS.viewer);
      statuses.push(res.status);
      if (res.status === 429) retry = res.headers.get('retry-after');
      await res.text();
    }
    // The burst (2) passes, and the bucket may dip below zero once (see TokenBucket); then 429.
    const first = statuses.indexOf(429);
    expect(first, statuses.join(',')).toBeGreaterThanOrEqual(2);
    expect(first).toBeLessThanOrEqual(3);
    expect(Number(retry)).toBeGreaterThan(0);
    // Another token from the same address has its own allowance.
    expect((await get(`/api/recordings/${day}/timeline`, TOKENS.operator)).status).not.toBe(429);
  });
});

describe('connections per address', () => {
  let capped: Harness;
  beforeAll(async () => {
    capped = await startServer({ security: { maxConnectionsPerAddress: 3 } });
  });
  afterAll(async () => capped.close());

  const open = (): Promise<NetSocket> =>
    new Promise((resolve, reject) => {
      const s = netConnect(Number(new URL(capped.url).port), '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
  /** Sends one keep-alive request on a raw socket; resolves with the status line, or 'closed' if the server hung up. */
  const ask = (s: NetSocket): Promise<string> =>
    new Promise((resolve) => {
      let got = '';
      s.on('data', (d: Buffer) => {
        got += d.toString();
        if (got.includes('\r\n')) resolve(got.split('\r\n')[0]!);
      });
      s.once('close', () => resolve(got ? got.split('\r\n')[0]! : 'closed'));
      s.write('GET /api/health/live HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    });

  it('closes a connection over the cap at once, and admits one again when another closes', async () => {
    const held = [await open(), await open(), await open()];
    for (const s of held) expect(await ask(s)).toBe('HTTP/1.1 200 OK');
    const extra = await open();
    expect(await ask(extra)).toBe('closed');
    const closed = new Promise((r) => held[0]!.once('close', r));
    held[0]!.destroy();
    await closed;
    const again: NetSocket[] = [];
    await expect.poll(async () => ask(again[again.push(await open()) - 1]!)).toBe('HTTP/1.1 200 OK');
    for (const s of [...held, ...again]) s.destroy();
  });
});
