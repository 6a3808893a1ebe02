// Worker entry for TypeScript workers (recorder, readers, forecast): takes the thread's priority (workerData.nice)
// first, so the threads tsx's loader starts inherit it, then registers tsx's loader in this thread and loads the
// module named by workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';
import { niceThisThread } from './nice.mjs';

if (typeof workerData.nice === 'number') niceThisThread(workerData.nice);
register();
await import(workerData.entry);
