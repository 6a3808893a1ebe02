import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Starts the TypeScript module `entry` (a file URL) in a worker thread, with `data` as its workerData. */
export function spawnWorker(entry: URL, data: Record<string, unknown> = {}): Worker {
  return new Worker(new URL('./bootstrap.mjs', import.meta.url), { workerData: { ...data, entry: entry.href } });
}

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
