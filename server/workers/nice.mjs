// Plain JavaScript: a worker thread sets its priority here before tsx's loader starts (bootstrap.mjs), so the
// threads it makes inherit it.
import { readdirSync, readlinkSync } from 'node:fs';
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

/**
 * Sets the priority of every other thread this process already runs (Linux), leaving the calling thread alone. Called
 * first thing on the ingest thread, these are the runtime's own helpers: V8's platform workers, which run the garbage
 * collection and optimising compilation of every thread's heap (the readers' too, whatever their priority), and
 * Node's task runner. Threads started afterwards set their own. Best effort: returns how many it changed.
 * @param {number} nice
 * @returns {number}
 */
export function niceRuntimeHelpers(nice) {
  try {
    const self = Number(readlinkSync('/proc/thread-self').split('/').pop());
    let changed = 0;
    for (const entry of readdirSync('/proc/self/task')) {
      const tid = Number(entry);
      if (!Number.isInteger(tid) || tid === self) continue;
      try {
        setPriority(tid, nice);
        changed++;
      } catch {
        /* the thread ended meanwhile */
      }
    }
    return changed;
  } catch {
    return 0;
  }
}
