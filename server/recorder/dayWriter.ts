import type Database from 'better-sqlite3';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Telemetry } from '../protocol';
import type { TwinKeyframe } from '../twin/keyframe';
import { ChainContext, decodeBlock, encodeBlock, type BlockEvent } from './blockCodec';
import { openRecording, readMeta, writeMeta, type RecordingMeta } from './dayFile';
import { encodeKeyframe } from './keyframeCodec';
import { StringTable } from './strings';

/** When the open block is merged into a stored block, and how hard blocks are compressed. */
export interface BlockPolicy {
  /** A block spans at least this much twin time… */
  blockMs: number;
  /** …and holds at least this many items (so low-rate days still compress well)… */
  blockMinItems: number;
  /** …unless it has waited this long, or holds this many items (or one commit brought `blockMinItems`). */
  blockMaxMs: number;
  blockMaxItems: number;
  /** Blocks after which a delta chain restarts even without a keyframe (bounds what one bad block can spoil). */
  chainMaxBlocks: number;
}

interface OpenBlock {
  p0: number;
  t0: number;
  t1: number;
  msgs: Telemetry[];
  rts: number[];
  events: BlockEvent[];
  /** How many of msgs/events are already durable in `staging`. */
  stagedMsgs: number;
  stagedEvents: number;
}

/** A keyframe to write: the day's twin time for it, and how to get it (it may still be serialised). */
interface PendingKeyframe {
  ts: number;
  pos: number;
  load: () => TwinKeyframe;
}

type Queued = { kind: 'block'; block: OpenBlock } | ({ kind: 'keyframe' } & PendingKeyframe);

/**
 * The writing side of one day's recording. Appends go to an in-memory open block; each group commit makes the
 * new part durable as a `staging` row, or, once the block is due, writes the whole block and clears `staging`,
 * in one transaction. A keyframe cuts the open block, so every keyframe sits on a block boundary and the block
 * after it starts a fresh delta chain. After a failed commit the writer is discarded and reopened from disk.
 *
 * A keyframe's own writing (decoding it, encoding it, its row) is not part of the commit that makes the messages
 * around it durable: the commit cuts the chain there and the keyframe follows in its own transaction
 * (`writeKeyframes`), so the acks of those messages do not wait for it. A crash in between loses only that
 * keyframe: the block after it starts a fresh chain anyway, and replay and restore use the keyframe before.
 */
export class DayWriter {
  readonly db: Database.Database;
  readonly strings: StringTable;
  /** Stream position of the next message. */
  pos: number;
  /** Twin time of the latest item (receive times are clamped to never go back within a day). */
  timeline: number;
  lastKeyframe: { ts: number; pos: number; bytes: number } | undefined;
  keyframedThisRun = false;
  sinceKeyframe = 0;
  dirty = false;
  /** Wall time of the last item added (idle past days are merged and closed). */
  touched = Date.now();
  readonly waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private open: OpenBlock;
  private queue: Queued[] = [];
  private lowEvents: { ts: number; kind: string; data: string }[] = [];
  private chain: ChainContext | undefined;
  private pendingKeyframes: PendingKeyframe[] = [];
  private chainBlocks = 0;
  private readonly sql: Record<'block' | 'clearStaging' | 'stage' | 'keyframe' | 'event' | 'string', Database.Statement>;

  constructor(
    readonly path: string,
    private readonly policy: BlockPolicy,
    meta: Partial<RecordingMeta>,
  ) {
    this.db = openRecording(path, 'write');
    const db = this.db;
    this.sql = {
      block: db.prepare('INSERT INTO blocks (p0, n, t0, t1, reset, data) VALUES (?, ?, ?, ?, ?, ?)'),
      clearStaging: db.prepare('DELETE FROM staging'),
      stage: db.prepare('INSERT INTO staging (n, t0, t1, data) VALUES (?, ?, ?, ?)'),
      keyframe: db.prepare('INSERT INTO keyframes (ts, pos, data) VALUES (?, ?, ?)'),
      event: db.prepare('INSERT INTO events (ts, kind, data) VALUES (?, ?, ?)'),
      string: db.prepare('INSERT INTO strings (i, s) VALUES (?, ?)'),
    };
    if (!readMeta(this.db).site && meta.site) writeMeta(this.db, meta);
    this.strings = new StringTable((this.db.prepare('SELECT s FROM strings ORDER BY i').all() as { s: string }[]).map((r) => r.s));
    const end = this.db.prepare('SELECT coalesce(max(p0 + n), 0) AS pos, coalesce(max(t1), 0) AS t FROM blocks').get() as { pos: number; t: number };
    this.pos = end.pos;
    this.timeline = end.t;
    this.open = this.emptyBlock(this.timeline);
    // Whatever the last run committed but had not merged yet becomes the open block again.
    for (const row of this.db.prepare('SELECT t1, data FROM staging ORDER BY id').all() as { t1: number; data: Buffer }[]) {
      const c = decodeBlock(inflateRawSync(row.data), this.strings, new ChainContext());
      this.open.msgs.push(...c.msgs);
      this.open.rts.push(...c.rts);
      this.open.events.push(...c.events);
      this.timeline = Math.max(this.timeline, row.t1);
    }
    this.open.stagedMsgs = this.open.msgs.length;
    this.open.stagedEvents = this.open.events.length;
    this.open.t1 = this.timeline;
    this.pos += this.open.msgs.length;
    const kf = this.db.prepare('SELECT ts, pos, length(data) AS bytes FROM keyframes ORDER BY id DESC LIMIT 1').get() as { ts: number; pos: number; bytes: number } | undefined;
    this.lastKeyframe = kf;
    this.sinceKeyframe = kf ? this.pos - kf.pos : this.pos;
  }

  private emptyBlock(t: number): OpenBlock {
    return { p0: this.pos, t0: t, t1: t, msgs: [], rts: [], events: [], stagedMsgs: 0, stagedEvents: 0 };
  }

  /** Advances the day's clock to `t` (never back) and returns the time to record. */
  stamp(t: number): number {
    this.timeline = Math.max(this.timeline, t);
    if (this.open.msgs.length === 0 && this.open.events.length === 0) this.open.t0 = this.timeline;
    this.open.t1 = this.timeline;
    this.dirty = true;
    this.touched = Date.now();
    return this.timeline;
  }

  add(msgs: readonly Telemetry[], rt: number): void {
    for (const m of msgs) {
      this.open.msgs.push(m);
      this.open.rts.push(rt);
    }
    this.pos += msgs.length;
    this.sinceKeyframe += msgs.length;
  }

  addEvent(ts: number, kind: string, data: string, inBlock: boolean): void {
    if (inBlock) this.open.events.push({ ts, kind, data });
    else this.lowEvents.push({ ts, kind, data });
  }

  /** Closes the open block at the current position and queues there the keyframe `load` gives, stamped `ts`. */
  keyframe(ts: number, load: () => TwinKeyframe): void {
    if (this.open.msgs.length > 0 || this.open.events.length > 0) this.queue.push({ kind: 'block', block: this.open });
    this.open = this.emptyBlock(this.timeline);
    this.queue.push({ kind: 'keyframe', ts, load, pos: this.pos });
    this.lastKeyframe = { ts, pos: this.pos, bytes: this.lastKeyframe?.bytes ?? 16_384 };
    this.keyframedThisRun = true;
    this.sinceKeyframe = 0;
  }

  /** Makes everything added so far durable, in one transaction. Throws if it could not. */
  commit(final = false): void {
    this.dirty = false;
    this.db.transaction(() => {
      for (const q of this.queue) {
        if (q.kind === 'block') this.writeBlock(q.block);
        else {
          // The block after a keyframe starts a fresh chain, so decoding can begin right there.
          this.chain = undefined;
          this.pendingKeyframes.push(q);
        }
      }
      const o = this.open;
      const full = this.fullAlone(o);
      if (o.msgs.length + o.events.length > 0 && (final || this.due(o) || full)) {
        // A commit that fills a block alone comes under full load, where the recorder thread's CPU is what the
        // ingest thread waits for: deflate level 1 halves deflate's cost for blocks 3 % bigger (measured on the
        // benchmark fleet: 153 against 308 ns a message, 2,370 against 2,298 bytes a block of 500).
        this.writeBlock(o, full ? 1 : 6);
        this.open = this.emptyBlock(this.timeline);
      } else if (o.msgs.length > o.stagedMsgs || o.events.length > o.stagedEvents) this.stage(o);
      for (const e of this.lowEvents) this.sql.event.run(e.ts, e.kind, e.data);
      for (const { i, s } of this.strings.fresh()) this.sql.string.run(i, s);
    })();
    this.queue = [];
    this.lowEvents = [];
    this.strings.markCommitted();
  }

  /**
   * When one commit brings `blockMinItems` the open block is written at once, however little time it spans: staged,
   * those items would be encoded and deflated twice (their staging row now, the merged block later). Under full
   * load that second encoding was about a third of the recorder thread's time (commits of thousands of messages);
   * the blocks come out about a fifth bigger. At a lower rate commits are small and blocks still span `blockMs`.
   */
  private fullAlone(o: OpenBlock): boolean {
    return o.msgs.length - o.stagedMsgs + o.events.length - o.stagedEvents >= this.policy.blockMinItems;
  }

  private due(o: OpenBlock): boolean {
    const span = this.timeline - o.t0;
    const items = o.msgs.length + o.events.length;
    const p = this.policy;
    return (span >= p.blockMs && items >= p.blockMinItems) || span >= p.blockMaxMs || items >= p.blockMaxItems;
  }

  private writeBlock(b: OpenBlock, level = 6): void {
    let reset = 0;
    if (!this.chain || this.chainBlocks >= this.policy.chainMaxBlocks) {
      this.chain = new ChainContext();
      this.chainBlocks = 0;
      reset = 1;
    }
    this.chainBlocks++;
    // Level 1 with zlib's default memLevel: the same bytes as memLevel 9 for blocks of ~7 KB, in 82 % of the time (its
    // smaller hash table is quicker to set up, once per block; measured on the benchmark fleet: 142 against 173 ns a
    // message). Merged blocks (level 6) keep memLevel 9.
    const data = deflateRawSync(encodeBlock(b, this.strings, this.chain), { level, memLevel: level === 1 ? 8 : 9 });
    this.sql.block.run(b.p0, b.msgs.length, b.t0, b.t1, reset, data);
    this.sql.clearStaging.run();
  }

  /** Whether committed messages have keyframes still to be written. */
  get keyframesPending(): boolean {
    return this.pendingKeyframes.length > 0;
  }

  /** Writes the keyframes of what was committed, in one transaction; throws if it could not (they are dropped). */
  writeKeyframes(): void {
    const pending = this.pendingKeyframes;
    if (pending.length === 0) return;
    this.pendingKeyframes = [];
    this.db.transaction(() => {
      for (const { ts, pos, load } of pending) {
        const kf = load();
        const data = encodeKeyframe(kf.ts === ts ? kf : { ...kf, ts });
        this.sql.keyframe.run(ts, pos, data);
        if (this.lastKeyframe?.pos === pos) this.lastKeyframe.bytes = data.length;
      }
    })();
  }

  private stage(o: OpenBlock): void {
    const part = { msgs: o.msgs.slice(o.stagedMsgs), rts: o.rts.slice(o.stagedMsgs), events: o.events.slice(o.stagedEvents) };
    const data = deflateRawSync(encodeBlock(part, this.strings, new ChainContext()), { level: 1 });
    const t0 = part.rts[0] ?? part.events[0]?.ts ?? o.t1;
    this.sql.stage.run(part.msgs.length, t0, o.t1, data);
    o.stagedMsgs = o.msgs.length;
    o.stagedEvents = o.events.length;
  }

  /** Merges the open block and closes the file. */
  close(): void {
    try {
      this.commit(true);
      this.writeKeyframes();
    } finally {
      this.db.close();
    }
  }
}
