// Plain JavaScript: a worker thread sets its priority here before tsx's loader starts (bootstrap.mjs), so the
// threads it makes inherit it.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Sets the priority of the calling thread (Linux: a thread has its own nice value, and threads it starts inherit it),
 * so the kernel gives the ingest thread the CPU first when readers and writers compete for it. Best effort:
 * elsewhere it does nothing and returns false.
 * @param {number} nice
 * @returns {boolean}
 */
export function niceThisThread(nice) {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
