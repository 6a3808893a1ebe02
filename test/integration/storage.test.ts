import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextRotatedPath, rotatedFiles, verifyAuditChain } from '../../server/audit/auditFiles';
import { FileAuditLog } from '../../server/audit/auditLog';
import { listRecordings } from '../../server/recorder/dayFile';
import { setKept } from '../../server/recorder/retention';
import { SqliteRecorder } from '../../server/recorder/sqliteRecorder';
import { startServer, TOKENS, type Harness } from './harness';

/** Runs `fn` in a fresh temporary folder, removed afterwards whatever happens. */
async function inTempDir(prefix: string, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const DAY_MS = 86_400_000;

describe('the audit log rotates by size and its hash chain runs on across files', () => {
  let h: Harness;
  let auditPath: string;
  beforeAll(async () => {
    h = await startServer({ auditMaxBytes: 4_096, auditKeepFiles: 50 });
    auditPath = join(h.dataDir, 'audit', 'audit.jsonl');
  });
  afterAll(async () => h.close());

  it('rotates a busy log into several files, each under the limit, and the chain verifies across them', async () => {
    // Refusals of a valid token are never sampled: one line each (~190 bytes), so ~21 per 4 KB file.
    for (let i = 0; i < 100; i++) await (await fetch(`${h.url}/api/audit?n=${i}`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } })).text();
    await (await fetch(`${h.url}/api/audit?limit=1`, { headers: { authorization: `Bearer ${TOKENS.admin}` } })).text(); // flushes
    const rotated = rotatedFiles(auditPath);
    expect(rotated.length).toBeGreaterThanOrEqual(3);
    for (const f of rotated) expect(readFileSync(f).length).toBeLessThanOrEqual(4_096);
    const check = verifyAuditChain(auditPath);
    expect(check).toMatchObject({ ok: true, files: rotated.length + 1 });
    expect(check.records).toBeGreaterThanOrEqual(100);
    // The newest records still read back through the API across the last rotation.
    const recent = (await (await fetch(`${h.url}/api/audit?limit=30`, { headers: { authorization: `Bearer ${TOKENS.admin}` } })).json()) as { seq: number }[];
    expect(recent.length).toBe(30);
    expect(recent.map((r) => r.seq)).toEqual([...recent.map((r) => r.seq)].sort((a, b) => a - b));
  });

  it('an edited line in a rotated file breaks the chain at the line after it', () => {
    const copy = mkdtempSync(join(tmpdir(), 'gatetwin-audit-copy-'));
    try {
      const files = [...rotatedFiles(auditPath), auditPath];
      for (const f of files) writeFileSync(join(copy, f.slice(f.lastIndexOf('/') + 1)), readFileSync(f));
      const victim = join(copy, rotatedFiles(auditPath)[1]!.split('/').at(-1)!);
      const lines = readFileSync(victim, 'utf8').split('\n');
      lines[2] = lines[2]!.replace('"denied"', '"ok"');
      writeFileSync(victim, lines.join('\n'));
      const check = verifyAuditChain(join(copy, 'audit.jsonl'));
      expect(check.ok).toBe(false);
      expect(check.broken).toEqual({ file: victim, line: 4 });
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('lines that queued up while the disk was slow are split across files, none over the limit', async () => {
    await inTempDir('gatetwin-audit-burst-', async (dir) => {
      const path = join(dir, 'audit.jsonl');
      const log = new FileAuditLog(path, Date.now, { maxBytes: 600, keepFiles: 20 });
      // Forty lines written before any flush: about 5 files' worth in one queue.
      for (let i = 0; i < 40; i++) log.write({ who: 'op', action: 'lane:set', target: { i }, result: 'ok' });
      await log.close();
      const rotated = rotatedFiles(path);
      expect(rotated.length).toBeGreaterThanOrEqual(4);
      for (const f of [...rotated, path]) expect(readFileSync(f).length).toBeLessThanOrEqual(600);
      expect(verifyAuditChain(path)).toMatchObject({ ok: true, records: 40 });
    });
  });

  it('a restart right after a rotation continues the chain from the rotated file', async () => {
    await inTempDir('gatetwin-audit-restart-', async (dir) => {
      const path = join(dir, 'audit.jsonl');
      const first = new FileAuditLog(path, Date.now, { maxBytes: 600, keepFiles: 10 });
      for (let i = 0; i < 12; i++) {
        first.write({ who: 'op', action: 'lane:set', target: { i }, result: 'ok' });
        await first.flush();
      }
      await first.close();
      renameSync(path, nextRotatedPath(path)); // as if the process stopped between a rotation and the next line
      const second = new FileAuditLog(path, Date.now, { maxBytes: 600, keepFiles: 10 });
      second.write({ who: 'op', action: 'alert:ack', target: 'x', result: 'ok' });
      await second.close();
      expect(verifyAuditChain(path)).toMatchObject({ ok: true, records: 13 });
    });
  });
});

describe('what-if runs are kept by count and age; runs marked kept are exempt', () => {
  let h: Harness | undefined;
  let dataDir: string;
  afterAll(async () => {
    await h?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the sweep at start deletes runs past the newest `keep` and older than the age limit, never kept ones', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gatetwin-whatif-keep-'));
    const dir = join(dataDir, 'recordings');
    const now = Date.now();
    // Runs 1..6 of one day, written one day apart (run 6 newest); run 1 (10 days old) is marked kept.
    const ages: Record<number, number> = { 1: 10, 2: 9, 3: 4, 4: 3, 5: 2, 6: 1 };
    for (const [n, days] of Object.entries(ages)) {
      const name = `2026-03-01~whatif-${n}`;
      const rec = new SqliteRecorder(dir, { recording: name, restore: false });
      rec.event(now, 'plan', { n });
      await rec.close();
      if (n === '1') setKept(dir, name, true);
      const t = (now - days * DAY_MS) / 1000;
      utimesSync(join(dir, `${name}.sqlite`), t, t);
    }
    expect(listRecordings(dir).filter((r) => r.kind === 'whatif')).toHaveLength(6);
    h = await startServer({ recorder: new SqliteRecorder(dir), whatifKeep: 3, whatifMaxAgeDays: 7 });
    const left = listRecordings(dir).filter((r) => r.kind === 'whatif').map((r) => r.name).sort();
    // Newest three (6, 5, 4) stay; 3 is past the count, 2 past the age; 1 is kept.
    expect(left).toEqual(['2026-03-01~whatif-1', '2026-03-01~whatif-4', '2026-03-01~whatif-5', '2026-03-01~whatif-6']);
    expect(existsSync(join(dir, '2026-03-01~whatif-3.sqlite'))).toBe(false);
  });
});
