import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, renameSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TokenBucket } from '../limits/tokenBucket';
import { dropOldRotated, lineHash, nextRotatedPath, rotatedFiles } from './auditFiles';

/** What happened: who (a token's holder name, never the token), what, to what, and how it ended. */
export interface AuditInput {
  who: string;
  role?: string;
  action: string;
  target?: unknown;
  result: 'ok' | 'denied' | 'error';
  detail?: string;
  /** Where from: remote address, browser origin, namespace or route. */
  ip?: string;
  origin?: string;
  via?: string;
  /** Refusals of the same kind left out of the log before this one (sampling). */
  suppressed?: number;
}

/** One line of the audit log: the input plus when, a sequence number and the hash of the line before it. */
export interface AuditRecord extends Omit<AuditInput, 'target'> {
  seq: number;
  /** Wall-clock time, epoch ms. */
  at: number;
  target?: unknown;
  /** Refused attempts not written separately because they came too fast (counted into the next one). */
  suppressed?: number;
  /** First 16 hex digits of the SHA-256 of the previous line: an edited or removed line breaks the chain. */
  prev: string;
}

/** Append-only record of operator commands, denied attempts and token events. */
export interface AuditLog {
  write(entry: AuditInput): void;
  /** The newest `limit` records (oldest first), optionally only those at or after `since`. */
  read(query?: { limit?: number; since?: number }): Promise<AuditRecord[]>;
  /** Resolves once everything written so far is on disk. */
  flush(): Promise<void>;
  close(): Promise<void>;
  readonly counters: { written: number; suppressed: number; failures: number };
}

const MAX_TARGET_CHARS = 512;
const MAX_QUEUE = 10_000;
export const AUDIT_READ_MAX = 1_000;

/** A target as it may be stored: JSON-safe, small, with any `token` field masked (targets can be user input). */
export function auditTarget(target: unknown): unknown {
  if (target === undefined) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(target, (k, v: unknown) => (k.toLowerCase() === 'token' ? '[redacted]' : typeof v === 'bigint' ? String(v) : v));
  } catch {
    return '[unserialisable]';
  }
  if (text === undefined) return undefined;
  if (text.length > MAX_TARGET_CHARS) return { truncated: text.slice(0, MAX_TARGET_CHARS) };
  return JSON.parse(text) as unknown;
}

/** Builds records: numbering, chaining, and throttling floods of refusals (never successful commands). */
class Chain {
  seq = 0;
  prev = '0';
  private pendingSuppressed = 0;
  private readonly refusals: TokenBucket;
  readonly counters = { written: 0, suppressed: 0, failures: 0 };

  constructor(private readonly now: () => number) {
    this.refusals = new TokenBucket(50, 500, now());
  }

  /** The line to append, or undefined when a refusal was suppressed. */
  line(entry: AuditInput): string | undefined {
    const at = this.now();
    if (entry.result !== 'ok' && this.refusals.take(1, at) > 0) {
      this.pendingSuppressed++;
      this.counters.suppressed++;
      return undefined;
    }
    const rec: AuditRecord = { seq: ++this.seq, at, ...entry, prev: this.prev };
    const target = auditTarget(entry.target);
    if (target === undefined) delete rec.target;
    else rec.target = target;
    const suppressed = this.pendingSuppressed + (entry.suppressed ?? 0);
    if (suppressed > 0) rec.suppressed = suppressed;
    this.pendingSuppressed = 0;
    const text = JSON.stringify(rec);
    this.prev = lineHash(text);
    this.counters.written++;
    return text;
  }
}

/**
 * The audit log as a JSON-lines file, opened for appending only. Lines are group-committed: everything written
 * within a tick goes out in one write followed by fdatasync, so a flood of entries costs one sync per batch.
 */
export class FileAuditLog implements AuditLog {
  private readonly chain: Chain;
  /** Bytes in the current file (rotation starts a new one past `maxBytes`). */
  private size = 0;
  private queue: string[] = [];
  private handle: Promise<FileHandle> | undefined;
  private flushing: Promise<void> | undefined;
  private scheduled = false;
  private closed = false;

  constructor(
    readonly path: string,
    now: () => number = Date.now,
    /** Rotate past this many bytes (the chain continues into the next file); keep this many rotated files. */
    private readonly rotation: { maxBytes: number; keepFiles: number } = { maxBytes: Infinity, keepFiles: Infinity },
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.chain = new Chain(now);
    this.size = existsSync(path) ? statSync(path).size : 0;
    // After a rotation right before a restart the current file is empty: the chain goes on from the rotated one.
    const last = lastLine(path) ?? lastLine(rotatedFiles(path).at(-1));
    if (last) {
      try {
        const rec = JSON.parse(last) as AuditRecord;
        this.chain.seq = rec.seq;
      } catch {
        /* a torn last line: numbering restarts after it, the chain still links to its bytes */
      }
      this.chain.prev = lineHash(last);
    }
  }

  get counters(): AuditLog['counters'] {
    return this.chain.counters;
  }

  write(entry: AuditInput): void {
    if (this.closed) return;
    const line = this.chain.line(entry);
    if (line === undefined) return;
    if (this.queue.length >= MAX_QUEUE) {
      this.chain.counters.failures++;
      return;
    }
    this.queue.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
  }

  flush(): Promise<void> {
    this.scheduled = false;
    // One flush at a time, in order; a flush requested meanwhile runs right after the current one.
    this.flushing = (this.flushing ?? Promise.resolve()).then(() => this.drain());
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      // What fits in the current file (a queue that grew while the disk was slow may not): the rest goes round again.
      let take = 0;
      let bytes = 0;
      while (take < this.queue.length) {
        const b = Buffer.byteLength(this.queue[take]!) + 1;
        if (take > 0 && this.size + bytes + b > this.rotation.maxBytes) break;
        bytes += b;
        take++;
      }
      const lines = this.queue.slice(0, take);
      this.queue = this.queue.slice(take);
      try {
        if (this.size > 0 && this.size + bytes > this.rotation.maxBytes) await this.rotate();
        const fh = await (this.handle ??= open(this.path, 'a', 0o600));
        await fh.appendFile(lines.join('\n') + '\n');
        await fh.datasync();
        this.size += bytes;
      } catch {
        // Kept for the next flush: a full disk or a yanked file loses nothing as long as the queue lasts.
        this.chain.counters.failures++;
        this.queue = lines.concat(this.queue).slice(-MAX_QUEUE);
        const broken = this.handle;
        this.handle = undefined;
        void broken?.then((h) => h.close()).catch(() => undefined);
        return;
      }
    }
  }

  /** Closes the current file, renames it to the next rotated name, drops the oldest beyond `keepFiles`. */
  private async rotate(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    if (h) await (await h).close();
    renameSync(this.path, nextRotatedPath(this.path));
    this.size = 0;
    dropOldRotated(this.path, this.rotation.keepFiles);
  }

  async read(query: { limit?: number; since?: number } = {}): Promise<AuditRecord[]> {
    await this.flush();
    // Just after a rotation the current file holds few lines: the newest rotated file makes up the rest.
    const want = Math.max(1, Math.min(AUDIT_READ_MAX, Math.floor(query.limit ?? 100)));
    let records = readRecords(this.path, query);
    const older = rotatedFiles(this.path);
    for (let i = older.length - 1; i >= 0 && records.length < want; i--) {
      const more = readRecords(older[i]!, { ...query, limit: want });
      records = [...more, ...records];
      // Nothing at or after `since` in this file: the older ones hold nothing newer either.
      if (query.since !== undefined && more.length === 0) break;
    }
    return select(records, query);
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    const h = this.handle;
    this.handle = undefined;
    if (h) await (await h).close();
  }
}

/** Keeps records in memory (tests, and servers without a data directory); the newest 10,000 stay. */
export class MemoryAuditLog implements AuditLog {
  private readonly chain: Chain;
  readonly records: AuditRecord[] = [];

  constructor(now: () => number = Date.now) {
    this.chain = new Chain(now);
  }

  get counters(): AuditLog['counters'] {
    return this.chain.counters;
  }

  write(entry: AuditInput): void {
    const line = this.chain.line(entry);
    if (line === undefined) return;
    this.records.push(JSON.parse(line) as AuditRecord);
    if (this.records.length > MAX_QUEUE) this.records.splice(0, this.records.length - MAX_QUEUE);
  }

  read(query: { limit?: number; since?: number } = {}): Promise<AuditRecord[]> {
    return Promise.resolve(select(this.records, query));
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function select(records: readonly AuditRecord[], { limit = 100, since }: { limit?: number; since?: number }): AuditRecord[] {
  const n = Math.max(1, Math.min(AUDIT_READ_MAX, Math.floor(limit)));
  const from = since === undefined ? records : records.filter((r) => r.at >= since);
  return from.slice(-n);
}

/** The newest records of an audit file, reading backwards from its end only as far as needed. */
function readRecords(path: string, query: { limit?: number; since?: number }): AuditRecord[] {
  if (!existsSync(path)) return [];
  const want = Math.max(1, Math.min(AUDIT_READ_MAX, Math.floor(query.limit ?? 100)));
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let chunk = 64 * 1024;
    for (;;) {
      const start = Math.max(0, size - chunk);
      const buf = Buffer.alloc(size - start);
      readSync(fd, buf, 0, buf.length, start);
      const lines = buf.toString('utf8').split('\n').filter((l) => l !== '');
      if (start > 0) lines.shift(); // probably cut in the middle
      const records: AuditRecord[] = [];
      for (const l of lines) {
        try {
          records.push(JSON.parse(l) as AuditRecord);
        } catch {
          /* a torn line (crash mid-write) is skipped */
        }
      }
      const oldest = records[0];
      const enough = records.length >= want && (query.since === undefined || (oldest !== undefined && oldest.at < query.since));
      if (start === 0 || enough) return select(records, query);
      chunk *= 4;
    }
  } finally {
    closeSync(fd);
  }
}

/** The last complete line of a file (for continuing numbering and the hash chain after a restart). */
function lastLine(path: string | undefined): string | undefined {
  if (path === undefined || !existsSync(path)) return undefined;
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - 64 * 1024);
    const buf = Buffer.alloc(size - start);
    readSync(fd, buf, 0, buf.length, start);
    const lines = buf.toString('utf8').split('\n').filter((l) => l !== '');
    return lines.at(-1);
  } finally {
    closeSync(fd);
  }
}
