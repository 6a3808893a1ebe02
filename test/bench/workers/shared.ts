import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** Tokens the benchmark server accepts (never used outside a benchmark run on 127.0.0.1). */
export const BENCH_TOKENS = { device: 'bench-device-token-0123456789', viewer: 'bench-viewer-token-0123456789' } as const;

/** The i-th extra viewer token of the benchmark server (readers spread over tokens, as real viewers are). */
export const benchViewerToken = (i: number): string => `bench-viewer-${i}-token-0123456789`;

const here = dirname(fileURLToPath(import.meta.url));

/** A child process running one of the worker scripts here, and the JSON lines it prints. */
export interface Worker {
  proc: ChildProcess;
  /** Resolves with the next JSON line the worker prints. */
  next<T>(timeoutMs?: number): Promise<T>;
  /** Closes its stdin (the worker's cue to stop) and resolves when it exited; kills it if it lingers. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts `workers/<name>.ts` under tsx with `args`; `nodeArgs` go to node (e.g. --cpu-prof). */
export function startWorker(name: string, args: readonly (string | number)[], nodeArgs: readonly string[] = []): Worker {
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(here, `${name}.ts`), ...args.map(String)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    cwd: join(here, '..', '..', '..'),
  });
  const queue: unknown[] = [];
  const waiting: ((v: unknown) => void)[] = [];
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const v: unknown = JSON.parse(line);
    const w = waiting.shift();
    if (w) w(v);
    else queue.push(v);
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return {
    proc,
    next<T>(timeoutMs = 30_000): Promise<T> {
      if (queue.length > 0) return Promise.resolve(queue.shift() as T);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`worker ${name} said nothing within ${timeoutMs} ms`)), timeoutMs);
        const onExit = () => reject(new Error(`worker ${name} exited`));
        proc.once('exit', onExit);
        waiting.push((v) => {
          clearTimeout(timer);
          proc.off('exit', onExit);
          resolve(v as T);
        });
      });
    },
    async stop(graceMs = 10_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.stdin?.end();
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The q-quantile (0–1) of `xs` (nearest rank). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

export const round = (v: number, digits = 0): number => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * This process's CPU time (all threads, user + system, ms) sampled every 100 ms with the wall time: a server
 * prints it when it stops, and the benchmark reads how much CPU it spent inside the load's measuring window.
 */
export function sampleCpu(): { samples: [number, number][] } {
  const samples: [number, number][] = [];
  const take = () => {
    const c = process.cpuUsage();
    samples.push([Date.now(), (c.user + c.system) / 1000]);
  };
  take();
  setInterval(take, 100).unref();
  return { samples };
}

/** CPU ms the calling process's main thread has used (Linux: /proc; NaN elsewhere), other threads not counted. */
export function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15), in clock ticks of 10 ms.
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
}

/** CPU ms spent between wall times `from` and `until`, from `sampleCpu` samples (the nearest samples inside). */
export function cpuBetween(samples: readonly [number, number][], from: number, until: number): number {
  const inside = samples.filter(([t]) => t >= from && t <= until);
  if (inside.length < 2) return NaN;
  const [t0, c0] = inside[0]!;
  const [t1, c1] = inside.at(-1)!;
  return ((c1 - c0) * (until - from)) / (t1 - t0);
}
