import type Database from 'better-sqlite3';
import { inflateRawSync } from 'node:zlib';
import type { Telemetry } from '../protocol';
import { ChainContext, decodeBlock, type BlockEvent } from './blockCodec';
import { cached } from './dayFile';
import type { StringTable } from './strings';

/** One decoded stretch of the stream: messages from position `p0` on, with their receive times, and events. */
interface Chunk {
  p0: number;
  msgs: Telemetry[];
  rts: number[];
  events: BlockEvent[];
}

/**
 * Reads a recording's message stream forward from a position, in time steps: `take(t, visit)` hands over every
 * message received at or before `t` (and the block events stamped before it). Blocks are decoded from the
 * start of their delta chain; the staging rows of a day still being written are read as the stream's tail,
 * re-read on each call so a replay of today keeps up with the recorder.
 */
export class MessageCursor {
  /** Position of the next message to hand over. */
  pos: number;
  private chain = new ChainContext();
  /** Id of the last block decoded, and the stream position its chain reached. */
  private lastBlock = -1;
  private blockEnd = 0;
  private chunk: Chunk | undefined;
  private i = 0;
  private ev = 0;
  /** The staging tail is re-read whole: remember how far into its events we got. */
  private tail0 = -1;
  private tailEvents = 0;
  private tailChunk: Chunk | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly strings: () => StringTable,
    start: number,
  ) {
    this.pos = start;
    // Decoding starts at the chain start at or before the position (a keyframe's position is one).
    const row = cached(db, 'SELECT id, p0 FROM blocks WHERE reset = 1 AND p0 <= ? ORDER BY p0 DESC, id DESC LIMIT 1').get(start) as { id: number; p0: number } | undefined;
    if (row) {
      this.lastBlock = row.id - 1;
      this.blockEnd = row.p0;
    }
  }

  /** Hands every message with receive time ≤ t to `visit`, in stream order; returns how many. */
  take(t: number, visit: (m: Telemetry, rt: number) => void, onEvent?: (e: BlockEvent) => void): number {
    let n = 0;
    for (;;) {
      const c = this.chunk ?? this.nextChunk();
      if (!c) return n;
      while (this.ev < c.events.length && c.events[this.ev]!.ts <= t) {
        const e = c.events[this.ev++]!;
        onEvent?.(e);
      }
      if (c === this.tailChunk) this.tailEvents = this.ev;
      while (this.i < c.msgs.length && c.rts[this.i]! <= t) {
        const at = c.p0 + this.i;
        if (at >= this.pos) {
          visit(c.msgs[this.i]!, c.rts[this.i]!);
          this.pos = at + 1;
          n++;
        }
        this.i++;
      }
      if (this.i < c.msgs.length || this.ev < c.events.length) return n;
      this.chunk = undefined;
    }
  }

  /** Time of the next message not handed over yet, or undefined at the end of what is recorded. */
  peekTime(): number | undefined {
    for (;;) {
      const c = this.chunk ?? this.nextChunk();
      if (!c) return undefined;
      while (this.i < c.msgs.length && c.p0 + this.i < this.pos) this.i++;
      if (this.i < c.msgs.length) return c.rts[this.i];
      if (this.ev < c.events.length) return c.events[this.ev]!.ts;
      this.chunk = undefined;
    }
  }

  private nextChunk(): Chunk | undefined {
    this.i = 0;
    this.ev = 0;
    const row = cached(this.db, 'SELECT id, p0, n, reset, data FROM blocks WHERE id > ? ORDER BY id LIMIT 1').get(this.lastBlock) as
      | { id: number; p0: number; n: number; reset: number; data: Buffer }
      | undefined;
    if (row) {
      this.lastBlock = row.id;
      if (row.reset) this.chain = new ChainContext();
      const c = decodeBlock(inflateRawSync(row.data), this.strings(), this.chain);
      this.blockEnd = row.p0 + row.n;
      this.chunk = { p0: row.p0, ...c };
      // The tail read before was merged into this block: its events were handed over already.
      if (row.p0 === this.tail0) this.ev = Math.min(this.tailEvents, c.events.length);
      this.tail0 = -1;
      this.tailChunk = undefined;
      return this.chunk;
    }
    return this.tail();
  }

  /** The staging rows after the last block, read in one snapshot with the blocks' end they follow. */
  private tail(): Chunk | undefined {
    const read = this.db.transaction(() => {
      const end = (cached(this.db, 'SELECT coalesce(max(p0 + n), 0) AS e FROM blocks').get() as { e: number }).e;
      if (end !== this.blockEnd) return undefined; // a block was merged meanwhile: read it first
      const rows = cached(this.db, 'SELECT data FROM staging ORDER BY id').all() as { data: Buffer }[];
      const out: Chunk = { p0: end, msgs: [], rts: [], events: [] };
      for (const r of rows) {
        const c = decodeBlock(inflateRawSync(r.data), this.strings(), new ChainContext());
        out.msgs.push(...c.msgs);
        out.rts.push(...c.rts);
        out.events.push(...c.events);
      }
      return out;
    });
    const c = read();
    if (!c) return this.nextChunk();
    // Only what lies past the cursor is new.
    const seen = c.p0 === this.tail0 ? this.tailEvents : 0;
    if (c.p0 + c.msgs.length <= this.pos && c.events.length <= seen) return undefined;
    this.tail0 = c.p0;
    this.ev = this.tailEvents = seen;
    this.chunk = this.tailChunk = c;
    return c;
  }
}
