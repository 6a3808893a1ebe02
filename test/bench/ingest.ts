import { TelemetrySchema, type Telemetry } from '../../server/protocol';
import { isTelemetry } from '../../server/protocol/telemetryCheck';
import { buildSite } from '../support/builders';
import type { BenchResult } from './types';
import { Fleet } from './workers/fleet';
import { round, startWorker } from './workers/shared';

// Ingest throughput (design §9): the real server in one process (validation, dedupe, twin, SQLite recorder with
// group commit, frames and engine running) against a bare `ws` server that only JSON-parses the same batches, in
// the same run, fed by the same load generator (a separate process). Targets: ≥ 50,000 msg/s and ≥ 0.6 × ws.
// The two alternate over ROUNDS rounds (the machine is shared: a burst of someone else's work should hit both),
// and each figure is the mean over the rounds. BENCH_CPU_PROF=<dir> writes a CPU profile of each server process.
const ROUNDS = 2;
const WARMUP_MS = 1_000;
const MEASURE_MS = 5_000;
const CONNECTIONS = 2;
const WINDOW = 4;

interface LoadResult {
  acked: number;
  seconds: number;
  errors: number;
}

async function measure(server: 'benchServer' | 'wsServer', mode: 'sio' | 'ws'): Promise<number> {
  const prof = process.env.BENCH_CPU_PROF;
  const srv = startWorker(server, [60_000], prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []);
  try {
    const { port } = await srv.next<{ port: number }>();
    const gen = startWorker('ingestLoad', [mode, port, WARMUP_MS, MEASURE_MS, CONNECTIONS, WINDOW, 0, 1]);
    const r = await gen.next<LoadResult>(WARMUP_MS + MEASURE_MS + 30_000);
    await gen.stop();
    if (r.errors > 0) throw new Error(`${server}: ${r.errors} errors`);
    return r.acked / r.seconds;
  } finally {
    await srv.stop();
  }
}

/** CPU ns per message to validate the reference mix, with `check` (in this process, after JSON.parse, as the server). */
function validateCost(msgs: readonly unknown[], check: (m: unknown) => boolean): number {
  let ok = 0;
  for (let i = 0; i < 20_000; i++) if (check(msgs[i % msgs.length])) ok++;
  const c0 = process.cpuUsage();
  for (let rep = 0; rep < 5; rep++) for (const m of msgs) if (check(m)) ok++;
  const c = process.cpuUsage(c0);
  if (ok === 0) throw new Error('nothing validated');
  return ((c.user + c.system) * 1000) / (5 * msgs.length);
}

/** ingest.msgs_per_s and ingest.vs_ws_ratio, the baseline measured in the same run; validation against zod. */
export async function run(): Promise<BenchResult[]> {
  const fleet = new Fleet(buildSite(), Date.now(), { trucks: 2_000, agvs: 60, sensors: 500, truckReportMs: 1, agvReportMs: 1, sensorReportMs: 1 });
  const sample: Telemetry[] = [];
  for (let k = 0; k < 10; k++) fleet.step(Date.now() + k, 0.1, sample);
  const msgs = JSON.parse(JSON.stringify(sample)) as unknown[];
  const zodNs = validateCost(msgs, (m) => TelemetrySchema.safeParse(m).success);
  const oursNs = validateCost(msgs, isTelemetry);

  let baseline = 0;
  let ours = 0;
  for (let r = 0; r < ROUNDS; r++) {
    baseline += (await measure('wsServer', 'ws')) / ROUNDS;
    ours += (await measure('benchServer', 'sio')) / ROUNDS;
  }
  return [
    { name: 'ingest.msgs_per_s', value: round(ours), unit: 'msg/s' },
    { name: 'ingest.vs_ws_ratio', value: round(ours / baseline, 3), unit: 'ratio', baseline: round(baseline), ratio: round(ours / baseline, 3) },
    { name: 'ingest.validate_ns_per_msg', value: round(oursNs), unit: 'ns/msg', baseline: round(zodNs), ratio: round(zodNs / oursNs, 1) },
  ];
}
