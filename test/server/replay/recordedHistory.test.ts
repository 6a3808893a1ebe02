import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KpiHistorySchema, type KpiHistory } from '../../../server/protocol';
import { answerQuery } from '../../../server/replay/pool/queries';
import { buildSimRecording, SIM_START } from '../../support/simRecording';

// A recorded day read back (`GET /api/kpi/history?day=` for a day other than today): the 5-minute buckets the run
// recorded as each closed, from the recording's start, and the alerts of the day.
const MINUTES = 40;
let dir: string;
let history: KpiHistory;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatetwin-history-'));
  await buildSimRecording(dir, MINUTES, 'jam-2021');
  history = KpiHistorySchema.parse(answerQuery({ kind: 'history', dir, day: '2026-06-01', tzH: 7 }));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a recorded day's history", () => {
  it('has a bucket per 5 minutes and crossing from the recording’s start, in order', () => {
    expect(history).toMatchObject({ day: '2026-06-01', source: 'recording', bucketMs: 300_000, dayStart: Date.parse('2026-06-01T00:00:00+07:00') });
    const hn = history.buckets.filter((b) => b.crossing === 'huu-nghi-freight' && b.direction === 'export');
    const ts = hn.map((b) => b.t);
    expect(ts[0]).toBe(SIM_START);
    // Every bucket closed by the end of the run (the last one, still open, is not recorded).
    expect(ts).toEqual(Array.from({ length: MINUTES / 5 - 1 }, (_, i) => SIM_START + i * 300_000));
    expect(new Set(history.buckets.map((b) => b.crossing))).toEqual(new Set(['tan-thanh-freight', 'coc-nam', 'huu-nghi-freight']));
  });

  it('carries the jam: queues in the hundreds and a status that is not ok', () => {
    expect(Math.max(...history.buckets.map((b) => b.queue))).toBeGreaterThan(100);
    expect(history.buckets.some((b) => b.status !== 'ok')).toBe(true);
  });
});
