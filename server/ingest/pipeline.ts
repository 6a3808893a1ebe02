import { formatZodError, MAX_BATCH, TelemetrySchema, type Telemetry, type TelemetryAck } from '../protocol';
import { isTelemetry } from '../protocol/telemetryCheck';
import type { Clock } from '../clock';
import type { Recorder } from '../recorder/recorder';
import { SeqWindow } from '../twin/seqWindow';
import type { Twin } from '../twin/twin';
import { schemaChecked } from './batchFacts';

/** A batch that cannot be processed at all (not an array, too long): nothing in it is accepted. */
export class BatchError extends Error {}

export interface IngestCounters {
  accepted: number;
  duplicates: number;
  rejected: number;
  late: number;
  batches: number;
  /** Valid messages the twin could not apply (it holds at most 65,536 live entities). */
  twinRefused: number;
}

/** Called with each accepted message after it was applied, e.g. to route commands to its device. */
export type AcceptedListener = (msgs: readonly Telemetry[], origin: string) => void;

/**
 * validate → dedupe → twin → recorder → ack. The twin sees a message at once (viewers get it in the next frame);
 * the ack waits for the recorder's commit, so an acked message is durable. If the commit fails, the batch's
 * seqs are forgotten again so the device's resend is accepted, and the caller gets an error instead of an ack.
 */
export class IngestPipeline {
  private readonly windows = new Map<string, SeqWindow>();
  readonly counters: IngestCounters = { accepted: 0, duplicates: 0, rejected: 0, late: 0, batches: 0, twinRefused: 0 };
  private readonly listeners: AcceptedListener[] = [];

  constructor(
    private readonly twin: Twin,
    private readonly recorder: Recorder,
    private readonly clock: Clock,
  ) {}

  onAccepted(listener: AcceptedListener): void {
    this.listeners.push(listener);
  }

  /** Marks (id, seq) pairs as already seen, e.g. from the recording after a restart. */
  remember(msgs: Iterable<{ id: string; seq: number }>): void {
    for (const m of msgs) this.window(m.id).mark(m.seq);
  }

  /**
   * Cluster mode, before the replicated log: validates a batch and sorts out what this replica already holds,
   * without applying or marking anything (every replica does that when it reads the batch back from the log).
   */
  screen(batch: unknown): { fresh: Telemetry[]; duplicates: number; rejected: { index: number; error: string }[] } {
    const fresh: Telemetry[] = [];
    const { duplicates, rejected } = this.judge(batch, (id) => this.windows.get(id), (msg) => {
      fresh.push(msg);
      return undefined;
    });
    return { fresh, duplicates, rejected };
  }

  async ingest(batch: unknown, origin: string): Promise<TelemetryAck> {
    const now = this.clock.now();
    const accepted: Telemetry[] = [];
    const { duplicates, rejected } = this.judge(batch, (id) => this.window(id), (msg, verdict, w) => {
      try {
        this.twin.apply(msg, now);
      } catch (e) {
        // The twin could not take this one (e.g. it is full of live entities): refuse it alone, with the reason,
        // and leave its seq unseen so a resend is judged afresh. The rest of the batch goes on.
        this.counters.twinRefused++;
        return `twin: ${e instanceof Error ? e.message : String(e)}`;
      }
      w!.mark(msg.seq);
      if (verdict === 'late') this.counters.late++;
      accepted.push(msg);
      return undefined;
    });
    this.counters.batches++;
    this.counters.accepted += accepted.length;
    this.counters.duplicates += duplicates;
    this.counters.rejected += rejected.length;
    for (const l of this.listeners) l(accepted, origin);
    try {
      await this.recorder.append(accepted);
    } catch (e) {
      for (const m of accepted) this.windows.get(m.id)?.unmark(m.seq);
      this.counters.accepted -= accepted.length;
      throw e;
    }
    return { accepted: accepted.length, duplicates, rejected };
  }

  /**
   * Validates each message of a batch and judges its seq against its id's window (`windowOf`; none yet: new):
   * duplicates are counted, messages too far behind are refused with the reason, and each new or late one goes to
   * `take`, which may refuse it too (its reason). A batch that is not an array of 1–MAX_BATCH messages is refused whole.
   */
  private judge(
    batch: unknown,
    windowOf: (id: string) => SeqWindow | undefined,
    take: (msg: Telemetry, verdict: 'new' | 'late', w: SeqWindow | undefined) => string | undefined,
  ): { duplicates: number; rejected: { index: number; error: string }[] } {
    checkBatch(batch);
    const rejected: { index: number; error: string }[] = [];
    let duplicates = 0;
    const checked = schemaChecked(batch);
    for (let i = 0; i < batch.length; i++) {
      const msg = checked ? (batch[i] as Telemetry) : validMessage(batch[i], i, rejected);
      if (!msg) continue;
      const w = windowOf(msg.id);
      const verdict = w ? w.check(msg.seq) : 'new';
      if (verdict === 'duplicate') duplicates++;
      else if (verdict === 'too-old') rejected.push({ index: i, error: `seq: ${msg.seq} is too far behind ${w!.max} to be deduplicated` });
      else {
        const refused = take(msg, verdict, w);
        if (refused !== undefined) rejected.push({ index: i, error: refused });
      }
    }
    return { duplicates, rejected };
  }

  private window(id: string): SeqWindow {
    let w = this.windows.get(id);
    if (!w) this.windows.set(id, (w = new SeqWindow()));
    return w;
  }
}

/** Refuses a batch that is not an array of 1–MAX_BATCH messages, whole. */
function checkBatch(batch: unknown): asserts batch is unknown[] {
  if (!Array.isArray(batch)) throw new BatchError('telemetry must be an array of 1–500 messages');
  if (batch.length === 0 || batch.length > MAX_BATCH) throw new BatchError(`a batch holds 1–${MAX_BATCH} messages, this one ${batch.length}`);
}

/** The message at `index` if it is valid; otherwise its reason goes into `rejected`. */
function validMessage(raw: unknown, index: number, rejected: { index: number; error: string }[]): Telemetry | undefined {
  // The hand-tuned check accepts what the schema accepts without copying; zod decides (and words) the rest.
  if (isTelemetry(raw)) return raw;
  const parsed = TelemetrySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  rejected.push({ index, error: formatZodError(parsed.error) });
  return undefined;
}
