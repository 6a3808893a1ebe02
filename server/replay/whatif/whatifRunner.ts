import { Worker } from 'node:worker_threads';
import type { WhatIfResult } from '../../protocol';
import { runWhatIf, type WhatIfJob } from './runWhatIf';
import { WhatIfError } from './whatifSite';

/** A what-if is already running: the machine runs one at a time. */
export class WhatIfBusyError extends Error {}

/**
 * Runs what-ifs one at a time, each in a worker thread so the live server's frames keep flowing while the
 * simulator and engine replay a whole day (tens of seconds). `inProcess` runs them on the caller's thread.
 */
export class WhatIfRunner {
  private busy = false;

  constructor(private readonly opts: { inProcess?: boolean } = {}) {}

  async run(job: WhatIfJob): Promise<WhatIfResult> {
    if (this.busy) throw new WhatIfBusyError('a what-if is already running; try again when it has finished');
    this.busy = true;
    try {
      return this.opts.inProcess ? await runWhatIf(job) : await inWorker(job);
    } finally {
      this.busy = false;
    }
  }
}

function inWorker(job: WhatIfJob): Promise<WhatIfResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./bootstrap.mjs', import.meta.url), {
      workerData: { entry: new URL('./whatifWorker.ts', import.meta.url).href, job },
    });
    let settled = false;
    worker.once('message', (m: { ok: true; result: WhatIfResult } | { ok: false; error: string; request: boolean }) => {
      settled = true;
      if (m.ok) resolve(m.result);
      else reject(m.request ? new WhatIfError(m.error) : new Error(m.error));
      void worker.terminate();
    });
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the what-if worker stopped (exit code ${code})`));
    });
  });
}
