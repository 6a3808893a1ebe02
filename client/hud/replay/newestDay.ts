import type { Reply } from '../../../server/protocol/commands';
import type { RecordingEntry, RecordingSummary } from '../../../server/protocol/replay';
import { getJson } from '../../net/http';

/** How far before a recording's end `/replay` opens by default: its latest minute, ready to play. */
export const LATEST_SPAN_MS = 60_000;

/** Recorded days (what-if runs are not days), newest first. */
export function daysNewestFirst(list: readonly RecordingEntry[]): string[] {
  return list
    .filter((r) => r.kind === 'day')
    .map((r) => r.day)
    .sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
}

/** The instant a recording spanning `firstTs`–`lastTs` opens at: the start of its latest minute. */
export const latestMinute = (firstTs: number, lastTs: number): number => Math.max(firstTs, lastTs - LATEST_SPAN_MS);

/** Where `/replay` opens without a `day=`: a day and instant, or nothing recorded yet. */
export type NewestDay = { day: string; at: number } | { day: null };

/**
 * Finds the newest day that holds something (today while it is recorded; a day just begun may still be empty) and
 * the start of its latest minute, from `GET /api/recordings` and `GET /api/recordings/:day`.
 */
export async function findNewestDay(get: <T>(path: string) => Promise<Reply<T>>): Promise<Reply<NewestDay>> {
  const list = await get<RecordingEntry[]>('/api/recordings');
  if (!list.ok) return list;
  if (!Array.isArray(list.data)) return { ok: false, error: 'malformed list of recordings' };
  for (const day of daysNewestFirst(list.data)) {
    const s = await get<RecordingSummary>(`/api/recordings/${encodeURIComponent(day)}`);
    if (!s.ok) return s;
    if (typeof s.data.firstTs === 'number' && typeof s.data.lastTs === 'number') return { ok: true, data: { day, at: latestMinute(s.data.firstTs, s.data.lastTs) } };
  }
  return { ok: true, data: { day: null } };
}

/** `findNewestDay` against this server with the page's token. */
export const findNewestDayFor = (token: string): Promise<Reply<NewestDay>> => findNewestDay(<T>(path: string) => getJson<T>(path, token));
