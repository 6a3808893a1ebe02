import { Worker } from 'node:worker_threads';
/**
 * Starts the TypeScript module `entry` (a file URL) in a worker thread at priority `nice` (NICE below), with `data`
 * as its workerData. The thread takes its priority before anything else, so the threads it starts share it.
 */
export function spawnWorker(entry: URL, nice: number, data: Record<string, unknown> = {}): Worker {
  return new Worker(new URL('./bootstrap.mjs', import.meta.url), { workerData: { ...data, nice, entry: entry.href } });
}

/**
 * Thread priorities (nice values; the ingest thread keeps 0). The recorder yields to the ingest thread: at the same
 * priority, each batch posted to it woke it onto the ingest thread's core, and the ingest thread waited out the
 * batch's encoding. Readers and the forecast (background) yield to both, by the same factor the recorder once had
 * over them at 0 and 10 (a weight ratio of 9.3 in Linux's scheduler), so acks under reader load keep their CPU.
 * Raising the ingest thread to -5 instead was tried and dropped: no more throughput (0.47–0.52 of the bare server
 * against 0.55 at 0, alternating runs), and in one of two runs acks and health polls under reader load stalled 0.59 s.
 *
 * `helpers` are the runtime's own threads (V8's platform workers and Node's task runner, set by `niceRuntimeHelpers`
 * in server/index.ts). V8 runs every thread's garbage collection and optimising compilation there, the readers'
 * included. Left at the ingest thread's priority, they took 0.35–0.6 of a core under 60 replay sessions and 5 exports,
 * so the readers' own priority did not hold them back: device ack p99 reached 28–59 ms against 13–18 ms without
 * readers. At the recorder's priority the same load gave 18–20 ms (README, *Performance*). They still serve the
 * ingest thread's own collections, above the readers.
 */
export const NICE = { recorder: 5, background: 15, helpers: 5 } as const;
