import { parentPort, workerData } from 'node:worker_threads';
import { runWhatIf, type WhatIfJob } from './runWhatIf';
import { WhatIfError } from './whatifSite';

// Runs one what-if off the server's event loop and posts the outcome back.
const { job } = workerData as { job: WhatIfJob };
runWhatIf(job).then(
  (result) => parentPort!.postMessage({ ok: true, result }),
  (e: unknown) => parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e), request: e instanceof WhatIfError }),
);
