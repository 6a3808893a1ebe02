import type { Worker } from 'node:worker_threads';
import { NICE, spawnWorker } from '../workers/spawn';

/** Recorder thread → checkpointer thread. */
export type CheckpointRequest = { op: 'open'; path: string } | { op: 'close'; path: string } | { op: 'stop' };
/** Checkpointer thread → recorder thread. */
export type CheckpointReply = { type: 'stopped' };

/** Who checkpoints a day file's WAL when the recorder's own connection does not (SqliteRecorder `checkpoints`). */
export interface WalCheckpoints {
  /** False once the checkpointer is gone: the recorder's connections checkpoint for themselves again. */
  readonly active: boolean;
  open(path: string): void;
  close(path: string): void;
}

/**
 * WAL checkpoints on a thread of their own (`checkpointWorker.ts`), for the recorder thread's day files.
 *
 * SQLite checkpoints a WAL database inside the commit that grows its WAL past 1,000 pages, so every few seconds one
 * commit also copied the WAL into the database file and waited for the disk to sync it. Under reader load (exports and
 * replays reading the disk) those commits took 53–72 ms against 10–14 ms, and every ack waiting on them waited too:
 * they were the slowest acks of the readers' phase. The recorder's connections now never checkpoint; this thread
 * does, once a second, without taking a lock the recorder needs. If the thread is lost, the recorder checkpoints as
 * before. A checkpoint that fails (a full disk) is tried again a second later; the WAL keeps everything meanwhile,
 * and a disk too full for the WAL to grow fails the recorder's next commit, which reports it (health, no ack).
 */
export class CheckpointThread implements WalCheckpoints {
  private readonly worker: Worker;
  private alive = true;
  private stopped: Promise<void> | undefined;

  constructor(private readonly onLost: () => void) {
    this.worker = spawnWorker(new URL('./checkpointWorker.ts', import.meta.url), NICE.recorder);
    this.worker.on('error', () => this.lose());
    this.worker.on('exit', () => this.lose());
    // The recorder thread may end while it runs: it must not keep the thread alive.
    this.worker.unref();
  }

  get active(): boolean {
    return this.alive;
  }

  open(path: string): void {
    if (this.alive) this.worker.postMessage({ op: 'open', path } satisfies CheckpointRequest);
  }

  close(path: string): void {
    if (this.alive) this.worker.postMessage({ op: 'close', path } satisfies CheckpointRequest);
  }

  /** Closes its connections (the last one to a file checkpoints it whole and removes its WAL) and ends the thread. */
  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      if (!this.alive) return resolve();
      this.alive = false;
      this.worker.once('exit', () => resolve());
      this.worker.on('message', (r: CheckpointReply) => {
        if (r.type === 'stopped') void this.worker.terminate();
      });
      this.worker.postMessage({ op: 'stop' } satisfies CheckpointRequest);
    });
    return this.stopped;
  }

  private lose(): void {
    if (!this.alive) return;
    this.alive = false;
    this.onLost();
  }
}
