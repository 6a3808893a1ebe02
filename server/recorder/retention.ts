import { rmSync } from 'node:fs';
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
