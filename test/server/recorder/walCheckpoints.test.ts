import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteRecorder } from '../../../server/recorder/sqliteRecorder';
import { CheckpointThread } from '../../../server/recorder/walCheckpoints';
import { WorkerRecorder } from '../../../server/recorder/workerRecorder';
import { buildAgvMessage, T0 } from '../../support/builders';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatetwin-wal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const agvs = (n: number, from = 0) => Array.from({ length: n }, (_x, i) => buildAgvMessage({ id: `A${(from + i) % 7}`, seq: from + i, ts: T0 + from + i }));
const DAY = '2026-06-01';
/** The one day file the recorder writes (named after the day it received in). */
const dayFile = () => join(dir, readdirSync(dir).find((f) => f.endsWith('.sqlite'))!);

describe('WAL checkpoints off the commit path', () => {
  it('the recorder thread commits without checkpointing; its checkpoint thread copies the WAL into the file within seconds', async () => {
    const rec = new WorkerRecorder(dir, { commitMs: 1, restore: false });
    await rec.ready();
    for (let k = 0; k < 20; k++) await rec.append(agvs(100, k * 100));
    // Twenty small commits are far below SQLite's own threshold (1,000 WAL pages): without a checkpoint elsewhere
    // everything would still be in the WAL, and the file itself would hold nothing but its first page.
    // (The day file itself, without its WAL, is what checkpoints have copied into it so far.)
    await vi.waitFor(() => expect(statSync(dayFile()).size).toBeGreaterThan(4 * 4096), { timeout: 10_000, interval: 100 });
    await rec.close();
    // Closed: every message acked is in the file, and the last connection removed the WAL.
    expect(readdirSync(dir).filter((f) => f.endsWith('-wal'))).toEqual([]);
    const db = new Database(dayFile(), { readonly: true });
    const n = (db.prepare('SELECT sum(n) AS n FROM blocks').get() as { n: number }).n + (db.prepare('SELECT coalesce(sum(n), 0) AS n FROM staging').get() as { n: number }).n;
    db.close();
    expect(n).toBe(2_000);
  }, 60_000);

  it('when the checkpoint thread is lost, the recorder checkpoints for itself again', async () => {
    let lost = false;
    const cp = new CheckpointThread(() => {
      lost = true;
      rec.checkpointYourself();
    });
    const rec = new SqliteRecorder(dir, { commitMs: 1, restore: false, checkpoints: cp });
    await rec.appendAt(agvs(100), T0);
    const days = (rec as unknown as { days: Map<string, { db: Database.Database }> }).days;
    const autocheckpoint = () => days.get(DAY)!.db.pragma('wal_autocheckpoint', { simple: true });
    expect(autocheckpoint()).toBe(0);
    await (cp as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await vi.waitFor(() => expect(lost).toBe(true), { timeout: 5_000 });
    expect(autocheckpoint()).toBe(1000);
    expect(cp.active).toBe(false);
    // Days opened from now on keep SQLite's own checkpoints.
    await rec.appendAt(agvs(10, 100).map((m) => ({ ...m, ts: Date.parse('2026-06-02T10:00:00+07:00') })), Date.parse('2026-06-02T10:00:00+07:00'));
    expect(days.get('2026-06-02')!.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await rec.close();
  }, 30_000);
});
