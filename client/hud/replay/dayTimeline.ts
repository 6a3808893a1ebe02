import type { Alert } from '../../../server/protocol/viewer';
import { getJson } from '../../net/http';

/**
 * The activity and alerts of a recorded day, for the timeline. PROPOSED server addition (not served yet):
 * `GET /api/recordings/:day/timeline?buckets=N` → this shape (telemetry messages per bucket from the block
 * index, and `RecordingReader.alerts()`). Until it exists the timeline shows the span and the alerts seen.
 */
export interface DayTimeline {
  day: string;
  firstTs: number;
  lastTs: number;
  bucketMs: number;
  counts: number[];
  alerts: { ts: number; alert: Alert }[];
}

/** Fetches a day's timeline; null when the server does not offer it (yet) or the answer is malformed. */
export async function fetchDayTimeline(day: string, token: string, buckets = 288): Promise<DayTimeline | null> {
  const r = await getJson<DayTimeline>(`/api/recordings/${encodeURIComponent(day)}/timeline?buckets=${buckets}`, token);
  if (!r.ok || !Array.isArray(r.data.counts) || !Array.isArray(r.data.alerts)) return null;
  return r.data;
}
