import type { Reply } from '../../../server/protocol/commands';
import type { Forecast } from '../../../server/protocol/forecast';
import type { LaneSet, LaneStatus } from '../../../server/protocol/viewer';
import { currentSource } from '../../net/connection';
import { getJson } from '../../net/http';
import { pageToken } from '../../net/token';
import { receiveForecast } from '../../state/forecastStore';

/**
 * Applies a lane advice as an operator: the ordinary `lane:set` (authorised and audited by the server, like a
 * change made anywhere else), then asks for a fresh forecast so the screens show what the change does.
 */
export async function applyLaneAdvice(set: LaneSet): Promise<Reply<LaneStatus>> {
  const source = currentSource();
  if (!source?.setLane) return { ok: false, error: 'offline' };
  const r = await source.setLane(set);
  if (r.ok) {
    const token = pageToken();
    if (token) {
      void getJson<Forecast>('/api/forecast?fresh=1', token).then((f) => {
        if (f.ok) receiveForecast(f.data);
      });
    }
  }
  return r;
}
