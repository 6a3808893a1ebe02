import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { io } from 'socket.io-client';
import { createApp, type App } from '../../server/app';
import { SystemClock } from '../../server/clock';
import { SqliteRecorder } from '../../server/recorder/sqliteRecorder';
import { deleteSiteLog } from '../../server/scale/nats/connect';
import { joinNatsCluster, type NatsCluster } from '../../server/scale/nats/natsCluster';
import { TokenStore } from '../../server/tokens';
import { buildAgvMessage, buildSite } from '../support/builders';
import type { BenchResult } from './types';
import { BENCH_TOKENS, round, startWorker } from './workers/shared';

// Growing past one machine (NATS mode), on the machine's NATS JetStream (NATS_URL or 127.0.0.1:4222):
// - cluster.ingest_msgs_per_s: the ingest benchmark's server and load generator (separate processes), the server in
//   NATS mode: each batch is acked once JetStream stored it, and the gateway applies the stream to its own replica.
//   Its baseline is the embedded path (no NATS), measured in the same run, alternating over ROUNDS rounds. After the
//   load stops, the gateway reports how long its replica took to apply everything acked (cluster.replica_catch_up_ms).
// - cluster.read_lag_p99_ms: two gateways of one site (in this process); one AGV message at a time is written to
//   the first, and timed until the second gateway's twin holds it (what its /api/state, frames and recording see).
const NATS = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const ROUNDS = 2;
const WARMUP_MS = 1_000;
const MEASURE_MS = 5_000;
const PROBES = 300;

const freshSite = () => `bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

async function ingestRate(site: string | undefined): Promise<{ rate: number; catchUpMs: number }> {
  const srv = startWorker('benchServer', [120_000, ...(site ? [`--nats=${site}`] : [])]);
  try {
    const { port } = await srv.next<{ port: number }>();
    const gen = startWorker('ingestLoad', ['sio', port, WARMUP_MS, MEASURE_MS, 2, 4, 0, 1]);
    const r = await gen.next<{ acked: number; seconds: number; errors: number }>(WARMUP_MS + MEASURE_MS + 30_000);
    await gen.stop();
    if (r.errors > 0) throw new Error(`${site ? 'NATS mode' : 'embedded'}: ${r.errors} errors`);
    srv.proc.stdin?.end();
    const end = await srv.next<{ catchUpMs: number }>(90_000);
    return { rate: r.acked / r.seconds, catchUpMs: end.catchUpMs };
  } finally {
    await srv.stop();
    if (site) await deleteSiteLog(NATS, site);
  }
}

async function gateway(site: string, node: string): Promise<{ app: App; cluster: NatsCluster; url: string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatetwin-bench-cluster-'));
  const app = createApp({
    site: buildSite(), configuration: 'today', clock: new SystemClock(), follower: true, replica: true,
    tokens: new TokenStore({ tokens: [{ token: BENCH_TOKENS.device, role: 'device', id: 'bench-device' }] }),
    recorder: new SqliteRecorder(join(dataDir, 'recordings')),
  });
  const addr = await app.listen(0);
  const cluster = await joinNatsCluster(app, { url: NATS, site, nodeId: node, log: pino({ level: 'silent' }), dataDir });
  return {
    app, cluster, url: `http://127.0.0.1:${addr.port}`,
    async close() {
      await cluster.stop();
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function readLags(): Promise<number[]> {
  const site = freshSite();
  const [a, b] = [await gateway(site, 'a'), await gateway(site, 'b')];
  const device = io(`${a.url}/ingest`, { auth: { token: BENCH_TOKENS.device }, transports: ['websocket'] });
  try {
    const arrived = new Map<number, (t: number) => void>();
    b.app.pipeline.onAccepted((msgs) => {
      for (const m of msgs) if (m.id === 'LAG-PROBE') arrived.get(m.seq)?.(performance.now());
    });
    const lags: number[] = [];
    for (let seq = 1; seq <= PROBES; seq++) {
      const seen = new Promise<number>((resolve) => arrived.set(seq, resolve));
      const t0 = performance.now();
      const ack = (await device.timeout(10_000).emitWithAck('telemetry', [buildAgvMessage({ id: 'LAG-PROBE', seq, ts: Date.now() })])) as { accepted?: number };
      if (ack.accepted !== 1) throw new Error(`probe ${seq} not accepted: ${JSON.stringify(ack)}`);
      lags.push((await seen) - t0);
    }
    return lags;
  } finally {
    device.close();
    await Promise.all([a.close(), b.close()]);
    await deleteSiteLog(NATS, site);
  }
}

const quantile = (xs: number[], q: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

/** cluster.ingest_msgs_per_s against the embedded path (same run), cluster.read_lag_p50_ms / p99_ms. */
export async function run(): Promise<BenchResult[]> {
  let embedded = 0;
  let nats = 0;
  let catchUp = 0;
  for (let r = 0; r < ROUNDS; r++) {
    embedded += (await ingestRate(undefined)).rate / ROUNDS;
    const c = await ingestRate(freshSite());
    nats += c.rate / ROUNDS;
    catchUp = Math.max(catchUp, c.catchUpMs);
  }
  const lags = await readLags();
  return [
    { name: 'cluster.ingest_msgs_per_s', value: round(nats), unit: 'msg/s', baseline: round(embedded), ratio: round(nats / embedded, 3) },
    { name: 'cluster.replica_catch_up_ms', value: round(catchUp), unit: 'ms' },
    { name: 'cluster.read_lag_p50_ms', value: round(quantile(lags, 0.5), 1), unit: 'ms' },
    { name: 'cluster.read_lag_p99_ms', value: round(quantile(lags, 0.99), 1), unit: 'ms' },
  ];
}
