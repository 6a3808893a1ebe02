import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { createApp } from '../../../server/app';
import { joinNatsCluster } from '../../../server/scale/nats/natsCluster';
import { SystemClock } from '../../../server/clock';
import { WorkerRecorder } from '../../../server/recorder/workerRecorder';
import { TokenStore } from '../../../server/tokens';
import { niceRuntimeHelpers } from '../../../server/workers/nice.mjs';
import { NICE } from '../../../server/workers/spawn';
import { buildSite } from '../../support/builders';
import { BENCH_TOKENS, benchViewerToken, mainThreadCpuMs, sampleCpu } from './shared';

// The server under test, in its own process: the real app (security edge, validation, dedupe, twin, SQLite recorder
// with group commit, 10 Hz frames, 1 Hz engine). Prints {"port"} once listening; stops when its parent closes stdin, or at the
// latest after `maxMs` (argv[2]), and deletes its recording (printing its counters, loop stats and CPU samples). Options after it, by name (they once shared one
// position, and the reader benchmark ran as a NATS replica by mistake):
//   --days=<folder>  recorded days to serve to replay viewers and exports (copied in);
//   --nats=<site>    NATS mode for that site (NATS_URL or the local NATS): batches acked once JetStream stored them,
//                    and applied to this gateway's replica from the stream.
const maxMs = Number(process.argv[2] ?? 120_000);
const option = (name: string): string | undefined => process.argv.slice(3).find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const natsSite = option('nats');
const daysDir = option('days');
const dataDir = mkdtempSync(join(tmpdir(), 'gatetwin-bench-'));
mkdirSync(join(dataDir, 'recordings'), { recursive: true });
if (daysDir) cpSync(daysDir, join(dataDir, 'recordings'), { recursive: true });
// As server/index.ts does first thing: the runtime's helper threads run below the ingest thread. BENCH_HELPERS_NICE
// overrides their priority (0 leaves them at the ingest thread's, as before), to measure the difference.
niceRuntimeHelpers(process.env.BENCH_HELPERS_NICE !== undefined ? Number(process.env.BENCH_HELPERS_NICE) : NICE.helpers);
const recorder = new WorkerRecorder(join(dataDir, 'recordings'), { restore: false });
await recorder.ready();
const app = createApp({
  site: buildSite(),
  configuration: 'today',
  clock: new SystemClock(),
  tokens: new TokenStore({
    tokens: [
      { token: BENCH_TOKENS.device, role: 'device', id: 'bench-device' }, { token: BENCH_TOKENS.viewer, role: 'viewer', id: 'bench-viewer' },
      ...Array.from({ length: 10 }, (_x, i) => ({ token: benchViewerToken(i), role: 'viewer' as const, id: `bench-viewer-${i}` })),
    ],
  }),
  recorder,
  // The per-token limits (a flooding device is throttled) would cap one load generator: the benchmark measures
  // the pipeline, so they are lifted. Everything else (size checks, skew flags) stays on.
  ...(natsSite ? { follower: true, replica: true } : {}),
  security: { ingestRate: 1e9, ingestBurst: 1e9, deviceEventRate: 1e6, deviceEventBurst: 1e6, maxConnectionsPerToken: 10_000 },
});
// Where the event loop's time goes: stalls delay frames (latency), so the benchmark can report them.
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const spans = { frameMs: [] as number[], frameCpuMs: [] as number[], engineMs: [] as number[], engineCpuMs: [] as number[] };
for (const [name, key, cpuKey] of [['frameTick', 'frameMs', 'frameCpuMs'], ['engineTick', 'engineMs', 'engineCpuMs']] as const) {
  const live = app.live as unknown as Record<string, () => void>;
  const inner = live[name]!.bind(app.live);
  live[name] = () => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    inner();
    const c = process.cpuUsage(c0);
    spans[key].push(performance.now() - t0);
    spans[cpuKey].push((c.user + c.system) / 1000);
  };
}
const cpu = sampleCpu();
// Where the process's CPU goes and whether a thread is saturated: the ingest thread's own CPU (ms), and the busy
// time (event-loop utilisation, ms) of the ingest and recorder threads, sampled like the CPU.
const recorderThread = (recorder as unknown as { worker: { performance: typeof performance } }).worker;
const threads = { ingestCpu: [] as [number, number][], ingestBusy: [] as [number, number][], recorderBusy: [] as [number, number][] };
setInterval(() => {
  const now = Date.now();
  threads.ingestCpu.push([now, mainThreadCpuMs()]);
  threads.ingestBusy.push([now, performance.eventLoopUtilization().active]);
  threads.recorderBusy.push([now, recorderThread.performance.eventLoopUtilization().active]);
}, 100).unref();
const addr = await app.listen(0);
const nats = natsSite
  ? await joinNatsCluster(app, { url: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', site: natsSite, nodeId: `bench-${process.pid}`, log: pino({ level: 'silent' }), dataDir })
  : undefined;
process.stdout.write(`${JSON.stringify({ port: addr.port })}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const c = app.pipeline.counters;
  const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))] ?? 0;
  const stats = {
    loopDelayP99Ms: loop.percentile(99) / 1e6, loopDelayMaxMs: loop.max / 1e6,
    frameP50Ms: q(spans.frameMs, 0.5), frameP99Ms: q(spans.frameMs, 0.99), frameCpuP99Ms: q(spans.frameCpuMs, 0.99),
    engineP50Ms: q(spans.engineMs, 0.5), engineMaxMs: q(spans.engineMs, 1), engineCpuMaxMs: q(spans.engineCpuMs, 1),
  };
  // NATS mode: how long this replica needed, after the load stopped, to apply everything the log acked.
  const t0 = performance.now();
  if (nats) await Promise.race([nats.ingestLog.applied(await nats.ingestLog.lastSeq()), new Promise((r) => setTimeout(r, 60_000))]);
  const catchUpMs = nats ? performance.now() - t0 : 0;
  process.stdout.write(`${JSON.stringify({ counters: c, stats, catchUpMs, cpu: cpu.samples, threads })}\n`);
  await nats?.stop();
  await app.close().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.stdin.on('end', () => void stop());
process.stdin.on('close', () => void stop());
process.stdin.resume();
setTimeout(() => void stop(), maxMs).unref();
