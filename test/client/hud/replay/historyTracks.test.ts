import { describe, expect, it } from 'vitest';
import type { KpiBucket, KpiHistory } from '../../../../server/protocol/history';
import { dayTracks } from '../../../../client/hud/replay/historyTracks';

const DAY_START = Date.UTC(2026, 11, 4, 17); // 2026-12-05 00:00 at UTC+7
const B = 300_000;
const at = (hh: number, mm: number) => DAY_START + (hh * 60 + mm) * 60_000;
const buildBucket = (p: Partial<KpiBucket>): KpiBucket => ({
  t: at(7, 0), crossing: 'huu-nghi-freight', direction: 'export', queue: 0, clearedToday: 0, cleared: 0,
  waitNowMeanMin: 0, waitNowP95Min: 0, laneUtilisation: 0, status: 'ok', ...p,
});
const buildHistory = (buckets: KpiBucket[], alerts: KpiHistory['alerts'] = []): KpiHistory => ({ day: '2026-12-05', dayStart: DAY_START, bucketMs: B, source: 'recording', buckets, alerts });

describe("the replay timeline's tracks from the day's history", () => {
  const history = buildHistory([
    buildBucket({ t: at(7, 0), queue: 100, status: 'ok' }),
    buildBucket({ t: at(7, 0), direction: 'import', queue: 20, status: 'watch' }),
    buildBucket({ t: at(7, 5), queue: 150, status: 'watch' }),
    buildBucket({ t: at(7, 5), direction: 'import', queue: 30, status: 'critical' }),
    buildBucket({ t: at(7, 10), queue: 200, status: 'critical' }),
    buildBucket({ t: at(7, 15), queue: 90, status: 'ok' }),
    buildBucket({ t: at(7, 20), queue: 95, status: 'watch' }),
    buildBucket({ t: at(7, 0), crossing: 'coc-nam', queue: 7 }),
  ]);

  it('adds both directions per bucket and scales each track to its own peak', () => {
    const [hn, cn] = dayTracks(history, ['huu-nghi-freight', 'coc-nam']);
    expect(hn!.points).toEqual([
      { t: at(7, 0), queue: 120 },
      { t: at(7, 5), queue: 180 },
      { t: at(7, 10), queue: 200 },
      { t: at(7, 15), queue: 90 },
      { t: at(7, 20), queue: 95 },
    ]);
    expect(hn!.peak).toBe(200);
    expect(cn!.points).toEqual([{ t: at(7, 0), queue: 7 }]);
  });

  it('colours each bucket by its worse direction and merges runs of the same status', () => {
    const [hn] = dayTracks(history, ['huu-nghi-freight']);
    expect(hn!.bands).toEqual([
      { from: at(7, 0), to: at(7, 5), status: 'watch' },
      { from: at(7, 5), to: at(7, 15), status: 'critical' },
      { from: at(7, 20), to: at(7, 25), status: 'watch' },
    ]);
  });

  it('gives an empty track to a crossing with no buckets yet', () => {
    expect(dayTracks(history, ['tan-thanh-freight'])).toEqual([{ crossing: 'tan-thanh-freight', points: [], peak: 0, bands: [] }]);
  });
});
