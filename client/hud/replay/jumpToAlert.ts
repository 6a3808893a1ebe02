import type { Alert } from '../../../server/protocol/viewer';
import { replayConnection } from '../../net/connection';
import { flyTo } from '../../state/uiStore';

/**
 * Takes a replay to an alert: seeks to the instant it was raised and frames its crossing. The alert list and the
 * timeline's alert marks both jump this way. Resolves to the server's refusal, or null.
 */
export async function jumpToAlert(ts: number, alert: Pick<Alert, 'crossing'>): Promise<string | null> {
  const conn = replayConnection();
  if (!conn) return 'no replay is open';
  const r = await conn.control({ action: 'seek', to: ts });
  if (r.ok && alert.crossing) flyTo(alert.crossing);
  return r.ok ? null : r.error;
}
