// Worker entry for TypeScript workers (recorder, readers): registers tsx's loader in this thread, then loads
// the module named by workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
