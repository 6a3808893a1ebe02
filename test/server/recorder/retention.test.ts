import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listRecordings, openRecording, recordingPath } from '../../../server/recorder/dayFile';
import { applyRetention, isKept, setKept } from '../../../server/recorder/retention';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatetwin-ret-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const make = (name: string) => openRecording(recordingPath(dir, name), 'write').close();

describe('retention', () => {
  it.each<[string, string[], string[], number, string[], string[]]>([
    // name, files, kept, keep days, open, left afterwards
    ['keeps the last N days', ['2026-05-01', '2026-05-30', '2026-05-31', '2026-06-01'], [], 2, [], ['2026-05-30', '2026-05-31', '2026-06-01']],
    ['spares a day marked kept', ['2026-01-01', '2026-06-01'], ['2026-01-01'], 7, [], ['2026-01-01', '2026-06-01']],
    ['deletes what-if runs with their day', ['2026-04-01', '2026-04-01~whatif-1', '2026-06-01~whatif-2'], [], 7, [], ['2026-06-01~whatif-2']],
    ['never deletes a day still open for writing', ['2026-03-01'], [], 1, ['2026-03-01'], ['2026-03-01']],
  ])('%s', (_name, files, kept, keepDays, open, left) => {
    for (const f of files) make(f);
    for (const k of kept) setKept(dir, k, true);
    applyRetention(dir, '2026-06-01', keepDays, (n) => open.includes(n));
    expect(listRecordings(dir).map((r) => r.name)).toEqual(left);
  });

  it('marks and unmarks a day kept', () => {
    make('2026-06-01');
    expect(isKept(dir, '2026-06-01')).toBe(false);
    setKept(dir, '2026-06-01', true);
    expect(isKept(dir, '2026-06-01')).toBe(true);
    setKept(dir, '2026-06-01', false);
    expect(isKept(dir, '2026-06-01')).toBe(false);
  });
});
