import { mkdirSync } from 'node:fs';
import type { Site, Telemetry } from '../protocol';
import { toKeyframe, type TwinKeyframe } from '../twin/keyframe';
import { recordingPath, type RecordingMeta } from './dayFile';
import { localDay } from './days';
import { DayWriter, type BlockPolicy } from './dayWriter';
import type { Recorder, RecordingSource, RestoredState } from './recorder';
import { restoreLatest } from './restore';
import type { WalCheckpoints } from './walCheckpoints';

/** When keyframes are taken: their cost is amortised over the messages between them. */
export interface KeyframePolicy {
  /** At most one keyframe per this much twin time. */
  keyframeMinMs: number;
  /** A keyframe once the messages since the last one would carry its size at this many bytes each… */
  keyframeBytesPerMessage: number;
  /** …or once this many messages passed (bounds the work of a seek)… */
  keyframeMaxMessages: number;
  /** …or this much twin time, whichever comes first. */
  keyframeMaxMs: number;
}

export interface SqliteRecorderOptions extends Partial<BlockPolicy>, Partial<KeyframePolicy> {
  /**
   * Group commit period, wall ms (default 10). 0: commit at the end of the current turn of the event loop, which
   * groups everything that arrived while the previous commit ran (the recorder thread, which does nothing else).
   */
  commitMs?: number;
  utcOffsetHours?: number;
  /** Configuration, policy and scenario the recording is made under (stored with each new day). */
  meta?: Omit<RecordingMeta, 'kept' | 'site'>;
  /** Restore the twin and dedupe windows from the recording at start (off when a simulator restarts its world). */
  restore?: boolean;
  /** Twin time of recent messages whose (id, seq) are rebuilt on restore. */
  dedupeRebuildMs?: number;
  /** Write everything into this one recording (a what-if run) instead of one per site-local day. */
  recording?: string;
  /**
   * Who checkpoints the day files' WALs (walCheckpoints.ts: the recorder thread's checkpoint thread). Without it, or
   * once it is gone, the recorder's own connections do, inside the commit that grows a WAL past 1,000 pages.
   */
  checkpoints?: WalCheckpoints;
}

export const RECORDER_DEFAULTS: BlockPolicy & KeyframePolicy = {
  blockMs: 1_000,
  // One full device batch (MAX_BATCH): a commit of one batch becomes a block of its own under load (dayWriter).
  blockMinItems: 500,
  blockMaxMs: 60_000,
  blockMaxItems: 20_000,
  chainMaxBlocks: 256,
  keyframeMinMs: 5_000,
  keyframeBytesPerMessage: 2,
  keyframeMaxMessages: 15_000,
  keyframeMaxMs: 3_600_000,
};
/** Whether a keyframe is due at twin time `t`, given the last one taken this run and the messages since. */
export function keyframeDue(p: KeyframePolicy, last: { ts: number; bytes: number } | undefined, since: number, t: number): boolean {
  if (!last) return true;
  const age = t - last.ts;
  if (age < p.keyframeMinMs) return false;
  return since >= p.keyframeMaxMessages || since * p.keyframeBytesPerMessage >= last.bytes || age >= p.keyframeMaxMs;
}

/**
 * A keyframe for `appendAt`: one taken already, one still to be read (`load`: e.g. serialised on the ingest
 * thread, decoded only when it is written), or a function of the day writer that takes one if it is due.
 */
export type KeyframeInput = TwinKeyframe | { load: () => TwinKeyframe } | ((d: DayWriter, t: number) => TwinKeyframe | undefined);

/** Event kinds written at a high rate: they ride in the compressed blocks instead of rows of `events`. */
const BLOCK_EVENT_KINDS: ReadonlySet<string> = new Set(['plan']);

/**
 * Append-only recording, one SQLite file (WAL) per site-local day under `dir`.
 * Group commit: everything appended within `commitMs` shares one transaction per day, and every caller's
 * promise resolves only after the transaction holding its messages committed. Telemetry is stored in
 * compact compressed blocks, with a keyframe of the live twin every so often (see DayWriter, KeyframePolicy).
 */
export class SqliteRecorder implements Recorder {
  private readonly days = new Map<string, DayWriter>();
  private readonly policy: BlockPolicy & KeyframePolicy;
  private source: RecordingSource | undefined;
  /** Site stored with each new day (from the attached twin, or given by a recorder worker's host). */
  private site: Site | undefined;
  private timer: { cancel(): void } | undefined;
  private keyframeTimer = false;
  private failing: Error | undefined;
  private readonly health: ((e: Error | undefined) => void)[] = [];
  private readonly commits: ((seconds: number) => void)[] = [];
  private closed = false;
  readonly counters = { commits: 0, failures: 0, keyframes: 0 };

  constructor(
    readonly dir: string,
    private readonly opts: SqliteRecorderOptions = {},
  ) {
    mkdirSync(dir, { recursive: true });
    this.policy = { ...RECORDER_DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([k, v]) => Object.hasOwn(RECORDER_DEFAULTS, k) && v !== undefined)) };
  }

  attach(source: RecordingSource): void {
    this.source = source;
    this.site = source.twin.site;
  }

  /** Sets the site stored with each new day when no twin is attached (the recorder worker). */
  useSite(site: Site): void {
    this.site = site;
  }

  onHealth(listener: (e: Error | undefined) => void): void {
    this.health.push(listener);
  }

  onCommit(listener: (seconds: number) => void): void {
    this.commits.push(listener);
  }

  restore(site: Site): RestoredState | undefined {
    if (this.opts.restore === false) return undefined;
    return restoreLatest(this.dir, site, this.opts.dedupeRebuildMs ?? 2 * 3_600_000);
  }

  append(msgs: readonly Telemetry[]): Promise<void> {
    if (msgs.length === 0) return Promise.resolve();
    const rt = this.source?.now() ?? Date.now();
    const source = this.source;
    return this.appendAt(msgs, rt, source ? (d, t) => (this.keyframeDue(d, t) ? toKeyframe(source.twin, t) : undefined) : undefined);
  }

  /**
   * Appends `msgs` received at twin time `rt`; `keyframe` (a keyframe taken right after them, or a function of the
   * day writer deciding whether one is due) cuts the block there. Resolves once the commit holding them is durable.
   */
  appendAt(msgs: readonly Telemetry[], rt: number, keyframe?: KeyframeInput): Promise<void> {
    try {
      const d = this.day(this.nameOf(rt));
      const t = d.stamp(rt);
      d.add(msgs, t);
      const kf = typeof keyframe === 'function' ? keyframe(d, t) : keyframe;
      if (kf) {
        // A keyframe taken elsewhere (the ingest thread) carries its own clock: the day writer stamps it with the day's.
        d.keyframe(t, 'load' in kf ? kf.load : () => kf);
        this.counters.keyframes++;
      }
      return new Promise((resolve, reject) => {
        d.waiters.push({ resolve, reject });
        this.schedule();
      });
    } catch (e) {
      return Promise.reject(this.fail(e));
    }
  }

  event(ts: number, kind: string, data: unknown): void {
    this.eventJson(ts, kind, JSON.stringify(data));
  }

  /** An event whose data is already JSON (serialised on the thread that produced it). */
  eventJson(ts: number, kind: string, json: string): void {
    try {
      const d = this.day(this.nameOf(ts));
      d.addEvent(d.stamp(ts), kind, json, BLOCK_EVENT_KINDS.has(kind));
      this.schedule();
    } catch (e) {
      this.fail(e);
    }
  }

  /** Bytes of the latest keyframe of each open day (the ingest thread sizes its keyframe policy on them). */
  keyframeBytes(): [day: string, bytes: number][] {
    const out: [string, number][] = [];
    for (const [name, d] of this.days) if (d.lastKeyframe) out.push([name, d.lastKeyframe.bytes]);
    return out;
  }

  private nameOf(t: number): string {
    return this.opts.recording ?? localDay(t, this.opts.utcOffsetHours ?? 7);
  }

  private keyframeDue(d: DayWriter, t: number): boolean {
    return keyframeDue(this.policy, d.keyframedThisRun ? d.lastKeyframe : undefined, d.sinceKeyframe, t);
  }

  /** The writer of one day, opened (and recovered) on first use. */
  private day(name: string): DayWriter {
    if (this.closed) throw new Error('the recorder is closed');
    let d = this.days.get(name);
    if (!d) {
      const meta = { ...this.opts.meta, ...(this.site ? { site: this.site } : {}) };
      const path = recordingPath(this.dir, name);
      d = new DayWriter(path, this.policy, meta);
      this.days.set(name, d);
      const cp = this.opts.checkpoints;
      if (cp?.active) {
        d.db.pragma('wal_autocheckpoint = 0');
        cp.open(path);
      }
    }
    return d;
  }

  private schedule(): void {
    if (this.timer) return;
    const ms = this.opts.commitMs ?? 10;
    if (ms > 0) {
      const t = setTimeout(() => this.flush(true), ms);
      this.timer = { cancel: () => clearTimeout(t) };
    } else {
      const t = setImmediate(() => this.flush(true));
      this.timer = { cancel: () => clearImmediate(t) };
    }
  }

  /**
   * Commits everything pending now; resolves or rejects the waiting appends of each day. `later`: the commits' own
   * group-commit turn, where the keyframes are written after the acks go out; a caller flushing synchronously (a
   * simulated day recorded in one go) gets them written at once, so the keyframe policy sees their sizes.
   */
  flush(later = false): void {
    this.timer = undefined;
    let failed: Error | undefined;
    for (const [name, d] of this.days) {
      if (!d.dirty) continue;
      const waiters = d.waiters.splice(0);
      try {
        const t0 = performance.now();
        d.commit();
        const seconds = (performance.now() - t0) / 1000;
        for (const l of this.commits) l(seconds);
        this.counters.commits++;
        for (const w of waiters) w.resolve();
      } catch (e) {
        failed = this.fail(e);
        for (const w of waiters) w.reject(failed);
        // What was not committed is dropped (its senders get an error and resend); reopen from disk next time.
        this.days.delete(name);
        this.opts.checkpoints?.close(d.path);
        try {
          d.db.close();
        } catch {
          /* already broken */
        }
      }
    }
    if (!later) this.writeKeyframes();
    else if (!this.keyframeTimer && [...this.days.values()].some((d) => d.keyframesPending)) {
      // After the callbacks of the appends just resolved (a microtask queued behind theirs), so the acks, or the
      // recorder thread's replies, go out before the keyframes are encoded.
      this.keyframeTimer = true;
      void Promise.resolve().then(() => setImmediate(() => this.writeKeyframes()));
    }
    this.closeStale();
    if (!failed && this.failing) {
      this.failing = undefined;
      for (const l of this.health) l(undefined);
    }
  }

  /** Writes the keyframes of what the last commits held (see DayWriter: they are not part of those commits). */
  private writeKeyframes(): void {
    this.keyframeTimer = false;
    for (const d of this.days.values()) {
      try {
        d.writeKeyframes();
      } catch (e) {
        this.fail(e);
      }
    }
  }

  private fail(e: unknown): Error {
    const err = e instanceof Error ? e : new Error(String(e));
    this.counters.failures++;
    if (!this.failing) for (const l of this.health) l(err);
    this.failing = err;
    return err;
  }

  /** Merges and closes the files of past days once nothing has arrived for them for a minute. */
  private closeStale(): void {
    if (this.days.size <= 1) return;
    const names = [...this.days.keys()].sort();
    for (const name of names.slice(0, -1)) {
      const d = this.days.get(name)!;
      if (d.dirty || Date.now() - d.touched < 60_000) continue;
      this.days.delete(name);
      this.opts.checkpoints?.close(d.path);
      try {
        d.close();
      } catch (e) {
        this.fail(e);
      }
    }
  }

  /** Names of the recordings this recorder has open for writing. */
  openDays(): string[] {
    return [...this.days.keys()];
  }

  async close(): Promise<void> {
    this.timer?.cancel();
    this.flush();
    this.closed = true;
    for (const d of this.days.values()) {
      this.opts.checkpoints?.close(d.path);
      d.close();
    }
    this.days.clear();
  }

  /** The checkpointer is gone: the open days' own connections checkpoint again (SQLite's default, 1,000 pages). */
  checkpointYourself(): void {
    for (const d of this.days.values()) d.db.pragma('wal_autocheckpoint = 1000');
  }
}
