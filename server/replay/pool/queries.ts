import { defaultEngineConfig } from '../../engine';
import { runOnce } from '../../stream/core';
import { HISTORY_BUCKET_MS, recordedPolicy, type DayTimeline, type Forecast, type KpiBucket, type KpiHistory, type RecordingKpi, type Site } from '../../protocol';
import { RecordingReader } from '../../recorder/reader';
import { twinAt } from '../../recorder/restore';
import { stillWaiting } from '../../sim/headless';
import { summarise } from '../../sim/summary';
import type { ReaderQuery } from './messages';

/** A query that cannot be answered, with the HTTP status that says why. */
export class QueryError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Answers one read of a recording (run in a reader thread). */
export function answerQuery(q: ReaderQuery): unknown {
  const reader = new RecordingReader(q.dir, q.day);
  try {
    switch (q.kind) {
      case 'summary':
        return reader.summary();
      case 'timeline':
        return dayTimeline(reader, q.buckets);
      case 'kpi':
        return recordingKpi(reader, q.site);
      case 'history':
        return recordedHistory(reader, q.day, q.tzH);
      case 'forecast':
        return recordedForecastAt(reader, q.at);
    }
  } finally {
    reader.close();
  }
}

/** Activity per bucket and the alerts of a day (`GET /api/recordings/:day/timeline`). */
function dayTimeline(reader: RecordingReader, buckets: number): DayTimeline {
  const activity = reader.activity(buckets);
  if (!activity) throw new QueryError(409, `recording ${reader.name} holds nothing yet`);
  return { day: reader.name, ...activity, alerts: reader.alerts() };
}

/** A recorded day's 5-minute buckets (recorded as each closed) and its alerts (`GET /api/kpi/history?day=`). */
function recordedHistory(reader: RecordingReader, day: string, tzH: number): KpiHistory {
  // A what-if run (`YYYY-MM-DD~whatif-N`) is on the day its name starts with.
  const dayStart = Date.parse(`${day.slice(0, 10)}T00:00:00Z`) - tzH * 3_600_000;
  const buckets = reader.events('kpi-bucket').flatMap((e) => (Array.isArray(e.data) ? (e.data as KpiBucket[]) : []));
  return { day, dayStart, bucketMs: HISTORY_BUCKET_MS, source: 'recording', buckets, alerts: reader.alerts() };
}

/** The engine's KPIs at the end of a recording, and the span's figures from the cleared log. */
function recordingKpi(reader: RecordingReader, fallback: Site): RecordingKpi {
  const sum = reader.summary();
  if (sum.firstTs === null || sum.lastTs === null) throw new QueryError(409, `recording ${reader.name} holds nothing yet`);
  const meta = reader.meta();
  const site = meta.site ?? fallback;
  const { twin } = twinAt(reader, site, sum.lastTs);
  const config = defaultEngineConfig(recordedPolicy(meta.policy));
  const out = runOnce(site, twin, sum.lastTs, config);
  return { day: reader.name, ts: sum.lastTs, kpi: out.kpi, figures: summarise(twin.cleared, sum.firstTs, sum.lastTs + 1, stillWaiting(twin)) };
}

/** The latest forecast recorded with its queue band at or before `at` (null when none): `GET /api/forecast?day=&at=`. */
function recordedForecastAt(reader: RecordingReader, at: number): Forecast | null {
  const events = reader.events('forecast', -Infinity, at);
  for (let i = events.length - 1; i >= 0; i--) {
    const f = events[i]!.data as Forecast;
    if (Array.isArray(f.series) && f.series.length > 0) return f;
  }
  return null;
}
