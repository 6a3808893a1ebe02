import { rmSync, statSync } from 'node:fs';
import { listRecordings, openRecording, readMeta, recordingPath, writeMeta } from './dayFile';

const DAY_MS = 86_400_000;

/** Whether a recording is marked kept (never deleted by retention). */
export function isKept(dir: string, name: string): boolean {
  const db = openRecording(recordingPath(dir, name), 'read');
  try {
    return readMeta(db).kept;
  } finally {
    db.close();
  }
}

/** Marks a recording kept (or not). */
export function setKept(dir: string, name: string, kept: boolean): void {
  const db = openRecording(recordingPath(dir, name), 'write');
  try {
    writeMeta(db, { kept });
  } finally {
    db.close();
  }
}

/**
 * Deletes recordings of days more than `keepDays` before `today` (what-if runs go with their day), except those
 * marked kept and those still open for writing. Returns the names deleted.
 */
export function applyRetention(dir: string, today: string, keepDays: number, isOpen: (name: string) => boolean): string[] {
  const limit = new Date(Date.parse(`${today}T00:00:00Z`) - keepDays * DAY_MS).toISOString().slice(0, 10);
  const deleted: string[] = [];
  for (const r of listRecordings(dir)) {
    if (r.day >= limit || isOpen(r.name)) continue;
    try {
      if (isKept(dir, r.name)) continue;
      for (const suffix of ['', '-wal', '-shm']) rmSync(recordingPath(dir, r.name) + suffix, { force: true });
      deleted.push(r.name);
    } catch {
      // A file that cannot be read or removed now is tried again at the next sweep.
    }
  }
  return deleted;
}

/**
 * Bounds what-if runs: keeps the newest `keep` (by when they were written) and none older than `maxAgeDays`,
 * except runs marked kept, which neither count nor go. Returns the names deleted.
 */
export function pruneWhatIfs(dir: string, policy: { keep: number; maxAgeDays: number }, now: number): string[] {
  const runs = listRecordings(dir)
    .filter((r) => r.kind === 'whatif')
    .map((r) => ({ name: r.name, written: writtenAt(dir, r.name) }))
    .filter((r) => !keptSafe(dir, r.name))
    .sort((a, b) => b.written - a.written);
  const oldest = now - policy.maxAgeDays * DAY_MS;
  const deleted: string[] = [];
  runs.forEach((r, i) => {
    if (i < policy.keep && r.written >= oldest) return;
    try {
      for (const suffix of ['', '-wal', '-shm']) rmSync(recordingPath(dir, r.name) + suffix, { force: true });
      deleted.push(r.name);
    } catch {
      // Tried again after the next run or sweep.
    }
  });
  return deleted;
}

function writtenAt(dir: string, name: string): number {
  try {
    return statSync(recordingPath(dir, name)).mtimeMs;
  } catch {
    return 0;
  }
}

function keptSafe(dir: string, name: string): boolean {
  try {
    return isKept(dir, name);
  } catch {
    return false;
  }
}
