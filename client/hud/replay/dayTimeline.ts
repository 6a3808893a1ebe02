import type { DayTimeline } from '../../../server/protocol/replay';
import { getJson } from '../../net/http';

/** Fetches a day's timeline (`GET /api/recordings/:day/timeline`); null when it cannot be had or is malformed. */
export async function fetchDayTimeline(day: string, token: string, buckets = 288): Promise<DayTimeline | null> {
  const r = await getJson<DayTimeline>(`/api/recordings/${encodeURIComponent(day)}/timeline?buckets=${buckets}`, token);
  if (!r.ok || !Array.isArray(r.data.counts) || !Array.isArray(r.data.alerts)) return null;
  return r.data;
}
