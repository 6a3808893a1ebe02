import type Database from 'better-sqlite3';
import type { Alert, RecordingSummary } from '../protocol';
import type { TwinKeyframe } from '../twin/keyframe';
import { MessageCursor } from './cursor';
import { cached, openRecording, readMeta, recordingBytes, recordingPath, type RecordingMeta } from './dayFile';
import { decodeKeyframe } from './keyframeCodec';
import { StringTable } from './strings';

/** A keyframe's place in the stream. */
export interface KeyframeRef {
  id: number;
  ts: number;
  pos: number;
}

/** A low-rate event as stored in `events`. */
export interface StoredEvent {
  ts: number;
  kind: string;
  data: unknown;
}

/**
 * Read-only access to one recording: its summary, keyframes, message stream and events. Safe to use while the
 * recorder is still writing the same day (SQLite WAL readers see committed data only).
 */
export class RecordingReader {
  readonly db: Database.Database;
  private readonly strings = new StringTable();
  private frames: KeyframeRef[] | undefined;

  constructor(
    readonly dir: string,
    readonly name: string,
  ) {
    this.db = openRecording(recordingPath(dir, name), 'read');
  }

  /** The day's dictionary, with the strings committed since it was last read. */
  private dictionary = (): StringTable => {
    const rows = cached(this.db, 'SELECT s FROM strings WHERE i >= ? ORDER BY i').all(this.strings.list.length) as { s: string }[];
    for (const r of rows) this.strings.ref(r.s);
    return this.strings;
  };

  meta(): RecordingMeta {
    return readMeta(this.db);
  }

  summary(): RecordingSummary {
    const q = <T>(sql: string) => cached(this.db, sql).get() as T;
    const read = this.db.transaction(() => {
      const b = q<{ n: number; t0: number | null; t1: number | null }>('SELECT coalesce(sum(n), 0) AS n, min(t0) AS t0, max(t1) AS t1 FROM blocks');
      const s = q<{ n: number; t0: number | null; t1: number | null }>('SELECT coalesce(sum(n), 0) AS n, min(t0) AS t0, max(t1) AS t1 FROM staging');
      const k = q<{ n: number }>('SELECT count(*) AS n FROM keyframes');
      const a = q<{ n: number }>("SELECT count(*) AS n FROM events WHERE kind = 'alert' AND json_extract(data, '$.clearedAt') IS NULL");
      return { b, s, k, a };
    });
    const { b, s, k, a } = read();
    const meta = this.meta();
    const ts = [b.t0, b.t1, s.t0, s.t1].filter((x): x is number => x !== null);
    const out: RecordingSummary = {
      day: this.name, messages: b.n + s.n, keyframes: k.n, alerts: a.n,
      firstTs: ts.length ? Math.min(...ts) : null, lastTs: ts.length ? Math.max(...ts) : null,
      bytes: recordingBytes(this.dir, this.name), kept: meta.kept,
    };
    if (meta.configuration) out.configuration = meta.configuration;
    if (meta.policy) out.policy = meta.policy;
    return out;
  }

  /**
   * The latest twin time recorded (null while nothing is), from the newest block and staging row alone: a day's clock
   * never goes back (DayWriter.stamp), so the newest rows end last. Cheap enough for every replay to ask often.
   */
  lastTs(): number | null {
    const r = cached(this.db, 'SELECT (SELECT t1 FROM blocks ORDER BY id DESC LIMIT 1) AS b, (SELECT t1 FROM staging ORDER BY id DESC LIMIT 1) AS s').get() as { b: number | null; s: number | null };
    return r.b === null ? r.s : r.s === null ? r.b : Math.max(r.b, r.s);
  }

  /** Every keyframe's time and position, oldest first (re-read with `refresh`). */
  keyframes(refresh = false): KeyframeRef[] {
    if (!this.frames || refresh) this.frames = cached(this.db, 'SELECT id, ts, pos FROM keyframes ORDER BY id').all() as KeyframeRef[];
    return this.frames;
  }

  /** The latest keyframe at or before `t`, or undefined when the recording has none that early. */
  keyframeAt(t: number): KeyframeRef | undefined {
    const list = this.keyframes();
    let best: KeyframeRef | undefined;
    for (const k of list) if (k.ts <= t && (!best || k.pos >= best.pos)) best = k;
    return best;
  }

  loadKeyframe(id: number): TwinKeyframe {
    const row = cached(this.db, 'SELECT data FROM keyframes WHERE id = ?').get(id) as { data: Buffer } | undefined;
    if (!row) throw new Error(`recording ${this.name} has no keyframe ${id}`);
    return decodeKeyframe(row.data);
  }

  /** A cursor over the message stream from position `pos` (0 = the start of the day). */
  cursor(pos = 0): MessageCursor {
    return new MessageCursor(this.db, this.dictionary, pos);
  }

  /** Stream position of the first message received at or after `t` (approximate: the start of its block). */
  positionAt(t: number): number {
    const row = cached(this.db, 'SELECT min(p0) AS p FROM blocks WHERE t1 >= ?').get(t) as { p: number | null };
    if (row.p !== null) return row.p;
    return (cached(this.db, 'SELECT coalesce(max(p0 + n), 0) AS e FROM blocks').get() as { e: number }).e;
  }

  /** Low-rate events, oldest first, optionally of one kind and within [from, to]. */
  events(kind?: string, from = -Infinity, to = Infinity): StoredEvent[] {
    const rows = (
      kind === undefined
        ? cached(this.db, 'SELECT ts, kind, data FROM events WHERE ts >= ? AND ts <= ? ORDER BY ts, id').all(clampTs(from), clampTs(to))
        : cached(this.db, 'SELECT ts, kind, data FROM events WHERE kind = ? AND ts >= ? AND ts <= ? ORDER BY ts, id').all(kind, clampTs(from), clampTs(to))
    ) as { ts: number; kind: string; data: string }[];
    return rows.map((r) => ({ ts: r.ts, kind: r.kind, data: JSON.parse(r.data) as unknown }));
  }

  /**
   * Telemetry messages per time bucket over the recording's span, from the block and staging index alone (no
   * decoding): each block's messages are spread evenly over its [t0, t1]. `buckets` is clamped to 1–2,000.
   */
  activity(buckets: number): { firstTs: number; lastTs: number; bucketMs: number; counts: number[] } | null {
    const read = this.db.transaction(() => [
      ...(cached(this.db, 'SELECT n, t0, t1 FROM blocks').all() as { n: number; t0: number; t1: number }[]),
      ...(cached(this.db, 'SELECT n, t0, t1 FROM staging').all() as { n: number; t0: number; t1: number }[]),
    ]);
    const rows = read();
    if (rows.length === 0) return null;
    const firstTs = Math.min(...rows.map((r) => r.t0));
    const lastTs = Math.max(...rows.map((r) => r.t1));
    const k = Math.max(1, Math.min(2_000, Math.floor(buckets)));
    const bucketMs = Math.max(1, (lastTs - firstTs) / k);
    const counts = new Array<number>(k).fill(0);
    const at = (t: number) => Math.min(k - 1, Math.max(0, Math.floor((t - firstTs) / bucketMs)));
    for (const r of rows) {
      const b0 = at(r.t0);
      const b1 = at(r.t1);
      for (let b = b0; b <= b1; b++) counts[b]! += r.n / (b1 - b0 + 1);
    }
    return { firstTs, lastTs, bucketMs, counts: counts.map((c) => Math.round(c)) };
  }

  /** Alert events (raised, cleared) in time order. */
  alerts(from = -Infinity, to = Infinity): { ts: number; alert: Alert }[] {
    return this.events('alert', from, to).map((e) => ({ ts: e.ts, alert: e.data as Alert }));
  }

  close(): void {
    this.db.close();
  }
}

/** SQLite compares numbers, not infinities bound as parameters: clamp them to the epoch-ms range. */
const clampTs = (t: number): number => Math.max(-8.64e15, Math.min(8.64e15, t));
