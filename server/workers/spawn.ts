import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Starts the TypeScript module `entry` (a file URL) in a worker thread, with `data` as its workerData. */
export function spawnWorker(entry: URL, data: Record<string, unknown> = {}): Worker {
  return new Worker(new URL('./bootstrap.mjs', import.meta.url), { workerData: { ...data, entry: entry.href } });
}

/**
 * Thread priorities (nice values; the ingest thread keeps 0). The recorder yields to the ingest thread: at the same
 * priority, each batch posted to it woke it onto the ingest thread's core, and the ingest thread waited out the
 * batch's encoding. Readers and the forecast (background) yield to both, by the same factor the recorder once had
 * over them at 0 and 10 (a weight ratio of 9.3 in Linux's scheduler), so acks under reader load keep their CPU.
 */
export const NICE = { recorder: 5, background: 15 } as const;

/**
 * Lowers the priority of the calling thread (Linux: a thread has its own nice value), so the kernel gives the
 * ingest thread the CPU first when readers and writers compete for it. Best effort: elsewhere it does nothing.
 */
export function niceThisThread(nice: number): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
