import Database from 'better-sqlite3';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { idRecord, RecordingNameSchema, type Site } from '../protocol';

/**
 * One recording = one SQLite file (WAL) per site-local day, `YYYY-MM-DD.sqlite`, append-only:
 * - `blocks`: compressed telemetry (and high-rate events) in stream order; `p0` is the stream position of the
 *   first message, `reset` marks a block that starts a fresh delta chain (every block right after a keyframe);
 * - `staging`: messages committed by the group commit but not yet merged into a block (each row decodes alone);
 * - `keyframes`: the whole twin after the first `pos` messages;
 * - `events`: alerts, operator actions and other low-rate events; `strings`: the day's dictionary; `meta`.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value);
CREATE TABLE IF NOT EXISTS strings (i INTEGER PRIMARY KEY, s TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS blocks (id INTEGER PRIMARY KEY, p0 INTEGER NOT NULL, n INTEGER NOT NULL, t0 NUMERIC NOT NULL, t1 NUMERIC NOT NULL, reset INTEGER NOT NULL, data BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS blocks_p0 ON blocks (p0);
CREATE TABLE IF NOT EXISTS staging (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, t0 NUMERIC NOT NULL, t1 NUMERIC NOT NULL, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS keyframes (id INTEGER PRIMARY KEY, ts NUMERIC NOT NULL, pos INTEGER NOT NULL, data BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS keyframes_ts ON keyframes (ts);
CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_kind_ts ON events (kind, ts);
`;
export const FORMAT_VERSION = '2';

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A prepared statement, prepared once per connection (readers run the same few queries on every seek and tick). */
export function cached(db: Database.Database, sql: string): Database.Statement {
  let m = statements.get(db);
  if (!m) statements.set(db, (m = new Map()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = db.prepare(sql)));
  return st;
}

/** Where a recording lives. */
export const recordingPath = (dir: string, name: string): string => join(dir, `${name}.sqlite`);

/** Opens a recording for writing (creating it) or reading. */
export function openRecording(path: string, mode: 'write' | 'read'): Database.Database {
  if (mode === 'read') {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 2000');
    return db;
  }
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL survives a killed process (the WAL is in the OS page cache); only power loss could drop the tail.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 2000');
  db.exec(SCHEMA);
  db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run('format', FORMAT_VERSION);
  return db;
}

/** Facts about the recording stored beside its data. */
export interface RecordingMeta {
  kept: boolean;
  configuration?: string;
  policy?: string;
  scenario?: string;
  site?: Site;
}

/** Reads a recording's meta table. */
export function readMeta(db: Database.Database): RecordingMeta {
  const rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: unknown }[];
  const m = new Map(rows.map((r) => [r.key, r.value]));
  const meta: RecordingMeta = { kept: m.get('kept') === '1' };
  for (const k of ['configuration', 'policy', 'scenario'] as const) {
    const v = m.get(k);
    if (typeof v === 'string') meta[k] = v;
  }
  const site = m.get('site');
  if (site instanceof Uint8Array) {
    const s = JSON.parse(inflateRawSync(site).toString('utf8')) as Site;
    // The site was validated when recorded; its id-keyed fleets come back as an IdRecord, as SiteSchema gives them.
    meta.site = { ...s, fleets: idRecord(s.fleets) };
  }
  return meta;
}

/** Writes meta entries (the site is stored compressed). */
export function writeMeta(db: Database.Database, meta: Partial<RecordingMeta>): void {
  const put = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  if (meta.kept !== undefined) put.run('kept', meta.kept ? '1' : '0');
  for (const k of ['configuration', 'policy', 'scenario'] as const) if (meta[k] !== undefined) put.run(k, meta[k]);
  if (meta.site) put.run('site', deflateRawSync(JSON.stringify(meta.site)));
}

/** Recordings in a directory, oldest first. */
export function listRecordings(dir: string): { name: string; day: string; kind: 'day' | 'whatif'; bytes: number }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sqlite') && RecordingNameSchema.safeParse(f.slice(0, -7)).success)
    .map((f) => {
      const name = f.slice(0, -7);
      return { name, day: name.slice(0, 10), kind: name.includes('~') ? ('whatif' as const) : ('day' as const), bytes: recordingBytes(dir, name) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Bytes a recording takes on disk: the database and its write-ahead log. */
export function recordingBytes(dir: string, name: string): number {
  let n = 0;
  for (const suffix of ['', '-wal']) {
    const p = recordingPath(dir, name) + suffix;
    if (existsSync(p)) n += statSync(p).size;
  }
  return n;
}
