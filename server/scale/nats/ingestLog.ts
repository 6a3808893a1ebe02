import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ConsumerMessages } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import type { IngestPipeline } from '../../ingest/pipeline';
import type { Telemetry, TelemetryAck } from '../../protocol';
import type { IngestFn } from '../../ingest/ingestFn';
import type { NatsHandles } from './connect';
import { natsNames } from './names';

/** One admitted batch as it sits in the log: the gateway that took it, the device's origin there, the messages. */
interface LogEntry {
  n: string;
  o: string;
  m: Telemetry[];
}

export interface IngestLogOptions {
  handles: NatsHandles;
  site: string;
  nodeId: string;
  pipeline: IngestPipeline;
  log: Logger;
  /** Keeps the last stream sequence this gateway's recording holds, so a restart resumes right after it. */
  seqFile: string;
  /** A device waits this long for JetStream to store its batch before it is told to resend. */
  publishTimeoutMs?: number;
  /** Called with the error when the log refuses or cannot be reached, with undefined when it works again. */
  onHealth?: (error: Error | undefined) => void;
}

const MAX_IN_FLIGHT = 64;

/**
 * The replicated ingest log (NATS mode). `publish` is where devices' batches go: validated, screened against this
 * replica's dedupe windows, stored in the site's JetStream stream (message id = the batch's (id, seq) keys, so a
 * resent batch is stored once), and acked only then. `start` consumes the stream in order into this gateway's own
 * pipeline (twin + local day files); every gateway does the same, so every gateway is a full replica, and the same
 * dedupe applied in the same order makes every recording hold each message exactly once.
 */
export class NatsIngestLog {
  /** Last stream sequence durable in this gateway's recording. */
  durable = 0;
  /** Last stream sequence handed to the pipeline. */
  private delivered = 0;
  private gen = 0;
  private inFlight = 0;
  private tail: Promise<void> = Promise.resolve();
  private iter: ConsumerMessages | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private savedSeq = -1;
  private readonly names;
  private readonly waiters: { seq: number; resolve: () => void }[] = [];

  constructor(private readonly opts: IngestLogOptions) {
    this.names = natsNames(opts.site);
  }

  publish: IngestFn = async (batch, origin) => {
    const { fresh, duplicates, rejected } = this.opts.pipeline.screen(batch);
    if (fresh.length === 0) return { accepted: 0, duplicates, rejected };
    const entry: LogEntry = { n: this.opts.nodeId, o: origin, m: fresh };
    let ack;
    try {
      ack = await this.opts.handles.js.publish(this.names.subject, JSON.stringify(entry), { msgID: batchId(fresh), timeout: this.opts.publishTimeoutMs ?? 2_000 });
    } catch (e) {
      const err = new Error(`the replicated log did not store the batch (${e instanceof Error ? e.message : String(e)}); resend`);
      this.opts.onHealth?.(err);
      throw err;
    }
    this.opts.onHealth?.(undefined);
    // JetStream already held this very batch (a resend whose first ack was lost): nothing new was admitted.
    const out: TelemetryAck = ack.duplicate ? { accepted: 0, duplicates: duplicates + fresh.length, rejected } : { accepted: fresh.length, duplicates, rejected };
    return out;
  };

  /** Starts consuming the stream after the last sequence the local recording holds (the start of the stream when new). */
  start(): void {
    this.durable = readSeq(this.opts.seqFile);
    this.delivered = this.durable;
    this.timer = setInterval(() => this.saveSeq(), 500);
    void this.loop();
  }

  /** Resolves once this gateway's recording holds the stream up to `seq` (tests, the benchmark). */
  applied(seq: number): Promise<void> {
    if (this.durable >= seq) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  /** The stream's last sequence (what every replica converges to). */
  async lastSeq(): Promise<number> {
    return (await this.opts.handles.jsm.streams.info(this.names.stream)).state.last_seq;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const gen = this.gen;
      try {
        // An ordered consumer: in order, no acks to send, re-created by the client after a gap or a reconnect.
        const consumer = await this.opts.handles.js.consumers.get(this.names.stream, { opt_start_seq: this.delivered + 1 });
        const iter = await consumer.consume({ max_messages: 256 });
        this.iter = iter;
        for await (const m of iter) {
          if (gen !== this.gen || this.stopped) break;
          this.apply(m.seq, m.string(), gen);
          if (this.inFlight >= MAX_IN_FLIGHT) await this.tail;
        }
      } catch (e) {
        this.opts.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'replicated log: consumer stopped, resuming');
      }
      if (!this.stopped) await new Promise((r) => setTimeout(r, 250));
    }
  }

  private apply(seq: number, body: string, gen: number): void {
    this.delivered = seq;
    let entry: LogEntry;
    try {
      entry = JSON.parse(body) as LogEntry;
      if (!Array.isArray(entry.m) || entry.m.length === 0) throw new Error('no messages');
    } catch {
      this.opts.log.error({ seq }, 'replicated log: unreadable entry skipped');
      this.tail = this.tail.then(() => this.advance(seq, gen));
      return;
    }
    // Commands go back through the gateway that holds the device's connection: only it knows the socket.
    const origin = entry.n === this.opts.nodeId ? entry.o : `nats:${entry.n}`;
    this.inFlight++;
    const done = this.opts.pipeline.ingest(entry.m, origin);
    this.tail = this.tail
      .then(() => done)
      .then(
        () => this.advance(seq, gen),
        (e: Error) => this.retry(e, gen),
      )
      .finally(() => this.inFlight--);
  }

  private advance(seq: number, gen: number): void {
    if (gen !== this.gen || seq <= this.durable) return;
    this.durable = seq;
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i]!;
      if (w.seq <= seq) {
        this.waiters.splice(i, 1);
        w.resolve();
      }
    }
  }

  /** The recorder could not write: consume again from the last durable batch (dedupe skips what did get in). */
  private retry(e: Error, gen: number): void {
    if (gen !== this.gen) return;
    this.opts.log.error({ err: e.message, durable: this.durable }, 'replicated log: local recording failed, re-reading the stream');
    this.gen++;
    this.delivered = this.durable;
    this.iter?.stop();
  }

  private saveSeq(): void {
    if (this.durable === this.savedSeq) return;
    try {
      mkdirSync(dirname(this.opts.seqFile), { recursive: true });
      writeFileSync(`${this.opts.seqFile}.tmp`, String(this.durable));
      renameSync(`${this.opts.seqFile}.tmp`, this.opts.seqFile);
      this.savedSeq = this.durable;
    } catch (e) {
      this.opts.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'replicated log: could not save the applied sequence');
    }
  }

  /** Stops consuming; what was applied stays applied, and the sequence is saved for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.iter?.stop();
    if (this.timer) clearInterval(this.timer);
    await Promise.race([this.tail, new Promise((r) => setTimeout(r, 2_000))]);
    this.saveSeq();
  }
}

/** The JetStream message id of a batch: its (id, seq) keys, so the same batch resent is stored once. */
function batchId(msgs: readonly Telemetry[]): string {
  const h = createHash('sha1');
  for (const m of msgs) h.update(`${m.id}\u0000${m.seq}\n`);
  return h.digest('base64url');
}

function readSeq(file: string): number {
  try {
    const n = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(n) && n >= 0 ? n : 0;
  } catch {
    return 0;
  }
}
