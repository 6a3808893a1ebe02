import type { BenchResult } from './types';
import { quantile, round, startWorker } from './workers/shared';

// Device → browser frame latency (design §9) at the reference load with 50 viewers connected: the real server in
// its own process, the reference load from a gateway process (2,000 moving trucks at 1 Hz, 60 AGVs at 5 Hz,
// 500 sensors at 1 Hz), and a process with 50 Socket.IO viewers and a probe device. A probe message's change is
// timed from the device's emit to the arrival of the frame that carries it (decoded by the browser's decoder).
// Targets: p99 ≤ 150 ms (and p50).
const WARMUP_MS = 4_000;
const MEASURE_MS = 16_000;

interface ViewerResult {
  latencies: number[];
  frames: number;
  bytes: number;
  seconds: number;
}

/** latency.p50_ms and latency.p99_ms. */
export async function run(): Promise<BenchResult[]> {
  const prof = process.env.BENCH_CPU_PROF;
  const srv = startWorker('benchServer', [WARMUP_MS + MEASURE_MS + 30_000], prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []);
  try {
    const { port } = await srv.next<{ port: number }>();
    const load = startWorker('refLoad', [port, WARMUP_MS + MEASURE_MS + 2_000]);
    const viewers = startWorker('viewers', [port, 50, 10, WARMUP_MS, MEASURE_MS, 250]);
    const v = await viewers.next<ViewerResult>(WARMUP_MS + MEASURE_MS + 30_000);
    const l = await load.next<{ sent: number; acked: number }>(30_000);
    await Promise.all([viewers.stop(), load.stop()]);
    if (process.env.BENCH_VERBOSE) console.error(JSON.stringify(v.latencies.map((x) => Math.round(x))));
    if (v.latencies.length < 50) throw new Error(`only ${v.latencies.length} probes measured`);
    return [
      { name: 'latency.p50_ms', value: round(quantile(v.latencies, 0.5), 1), unit: 'ms' },
      { name: 'latency.p99_ms', value: round(quantile(v.latencies, 0.99), 1), unit: 'ms' },
      { name: 'latency.load_msgs_per_s', value: round(l.acked / ((WARMUP_MS + MEASURE_MS) / 1000)), unit: 'msg/s' },
      { name: 'latency.viewer_bytes_per_s', value: round(v.bytes / v.seconds), unit: 'B/s' },
    ];
  } finally {
    srv.proc.stdin?.end();
    const stats = await srv.next<{ stats: unknown }>(15_000).catch(() => undefined);
    if (process.env.BENCH_VERBOSE && stats) console.error(JSON.stringify(stats));
    await srv.stop();
  }
}
