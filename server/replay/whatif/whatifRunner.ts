import { Worker } from 'node:worker_threads';
import type { WhatIfResult } from '../../protocol';
import { runWhatIf, type WhatIfJob } from './runWhatIf';
import { WhatIfError } from './whatifSite';

/** The what-if queue is full: the machine runs one at a time and keeps only a few waiting. */
export class WhatIfBusyError extends Error {
  readonly retryAfterMs = 60_000;
}

/**
 * Runs what-ifs one at a time, each in a worker thread so the live server's frames keep flowing while the
 * simulator and engine replay a whole day (tens of seconds); up to `queue` more wait their turn, further ones are
 * refused with a retry time. `inProcess` runs them on the caller's thread.
 */
export class WhatIfRunner {
  private running: Promise<unknown> = Promise.resolve();
  /** Accepted and not finished: the one running and those waiting. */
  private accepted = 0;

  constructor(private readonly opts: { inProcess?: boolean; queue?: number } = {}) {}

  async run(job: WhatIfJob): Promise<WhatIfResult> {
    const queue = this.opts.queue ?? 0;
    if (this.accepted > queue) throw new WhatIfBusyError(`a what-if is running and ${this.accepted - 1} are waiting (at most ${queue}); retry in 60 s`);
    this.accepted++;
    const turn = this.running.then(async () => {
      try {
        return this.opts.inProcess ? await runWhatIf(job) : await inWorker(job);
      } finally {
        this.accepted--;
      }
    });
    this.running = turn.catch(() => undefined);
    return turn;
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
