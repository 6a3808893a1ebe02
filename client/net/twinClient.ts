import type { Socket } from 'socket.io-client';
import type { Reply } from '../../server/protocol/commands';
import type { TwinClientEvents, TwinServerEvents, VehicleDetail } from '../../server/protocol/events';
import type { Alert, LaneStatus } from '../../server/protocol/viewer';
import type { LiveStore } from '../state/liveStore';
import type { KpiHistory } from '../../server/protocol/history';
import { seedHistory } from '../state/seriesStore';
import { useUi } from '../state/uiStore';
import { getJson } from './http';
import { openStream } from './streamClient';
import type { SourceCapabilities, TwinSnapshot, TwinSource } from './twinSource';

type TwinSocket = Socket<TwinServerEvents, TwinClientEvents>;

export { STALE_AFTER_MS } from './streamClient';

/** Options: server URL (same origin when omitted), the viewer token, and where to write. */
export interface ConnectOptions {
  url?: string;
  token: string;
  live: LiveStore;
}

/** The running live connection. */
export type TwinConnection = TwinSource;

const REQUEST_TIMEOUT_MS = 5000;
/** Live runs at the wall clock and cannot be sought; operators steer it (lanes, alert acknowledgements). */
const LIVE_CAPABILITIES: SourceCapabilities = { seek: false, speed: false, steer: true };

/** Connects to `/twin` and keeps the stores up to date; reconnects by itself. Never renders. */
export function connectTwin({ url, token, live }: ConnectOptions): TwinConnection {
  const { socket, close } = openStream<TwinSocket>({ nsp: `${url ?? ''}/twin`, token, live });
  // Every (re)connect: the day so far from the server, so the charts do not start empty.
  socket.on('hello', () => {
    void getJson<KpiHistory>(`${url ?? ''}/api/kpi/history`, token).then((r) => {
      if (r.ok) seedHistory(r.data, useUi.getState().site);
    });
  });
  const fail = (e: unknown) => ({ ok: false as const, error: e instanceof Error ? e.message : String(e) });
  return {
    capabilities: LIVE_CAPABILITIES,
    getVehicle: (handle) =>
      socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('vehicle:get', { handle }).catch((e: unknown): Reply<VehicleDetail> => fail(e)),
    ackAlert: (id) => socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('alert:ack', { id }).catch((e: unknown): Reply<Alert> => fail(e)),
    setLane: (cmd) => socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('lane:set', cmd).catch((e: unknown): Reply<LaneStatus> => fail(e)),
    snapshot: () => getJson<TwinSnapshot>(`${url ?? ''}/api/state`, token),
    close,
  };
}
