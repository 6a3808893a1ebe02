import type { KpiHistory } from '../../../server/protocol/history';
import type { StatusLevel } from '../../../server/protocol/viewer';
import { getJson } from '../../net/http';

/** One crossing's track under the replay timeline: its queue per 5-minute bucket and its status bands. */
export interface CrossingTrack {
  crossing: string;
  /** Bucket starts (epoch ms) and the queue at each bucket's end, both directions added up, oldest first. */
  points: { t: number; queue: number }[];
  /** The largest queue of the day (the track's scale). */
  peak: number;
  /** Runs of buckets whose worse direction was not ok, merged while the status stays the same. */
  bands: { from: number; to: number; status: Exclude<StatusLevel, 'ok'> }[];
}

const RANK: { [L in StatusLevel]: number } = { ok: 0, watch: 1, critical: 2 };

/** The day's history as one track per crossing (in `crossings`' order), for the replay timeline. */
export function dayTracks(history: KpiHistory, crossings: readonly string[]): CrossingTrack[] {
  return crossings.map((crossing) => {
    const byT = new Map<number, { queue: number; status: StatusLevel }>();
    for (const b of history.buckets) {
      if (b.crossing !== crossing) continue;
      const cur = byT.get(b.t);
      byT.set(b.t, { queue: (cur?.queue ?? 0) + b.queue, status: cur && RANK[cur.status] > RANK[b.status] ? cur.status : b.status });
    }
    const ts = [...byT.keys()].sort((a, b) => a - b);
    const points = ts.map((t) => ({ t, queue: byT.get(t)!.queue }));
    const bands: CrossingTrack['bands'] = [];
    for (const t of ts) {
      const status = byT.get(t)!.status;
      if (status === 'ok') continue;
      const last = bands.at(-1);
      if (last && last.status === status && last.to === t) last.to = t + history.bucketMs;
      else bands.push({ from: t, to: t + history.bucketMs, status });
    }
    return { crossing, points, peak: points.reduce((m, p) => Math.max(m, p.queue), 0), bands };
  });
}

/** Fetches a recorded (or today's) day in 5-minute buckets (`GET /api/kpi/history?day=`); null when it cannot be had. */
export async function fetchDayHistory(day: string, token: string): Promise<KpiHistory | null> {
  const r = await getJson<KpiHistory>(`/api/kpi/history?day=${encodeURIComponent(day)}`, token);
  if (!r.ok || !Array.isArray(r.data.buckets) || typeof r.data.bucketMs !== 'number') return null;
  return r.data;
}
