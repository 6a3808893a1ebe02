import type { Socket } from 'socket.io-client';
import type { Reply } from '../../server/protocol/commands';
import type { VehicleDetail } from '../../server/protocol/events';
import type { ReplayClientEvents, ReplayControl, ReplayServerEvents, ReplayStatus } from '../../server/protocol/replay';
import type { LiveStore } from '../state/liveStore';
import type { Forecast } from '../../server/protocol/forecast';
import type { KpiHistory } from '../../server/protocol/history';
import { showPastForecast } from '../state/forecastStore';
import { resetSeries, seedHistory } from '../state/seriesStore';
import { useUi } from '../state/uiStore';
import { getJson } from './http';
import { openStream } from './streamClient';
import type { SourceCapabilities, TwinSnapshot, TwinSource } from './twinSource';

type ReplaySocket = Socket<ReplayServerEvents, ReplayClientEvents>;

/** A recorded day played through `/replay`: the same stream as live, plus the controls. */
export interface ReplayConnection extends TwinSource {
  open(day: string, at?: number): Promise<Reply<ReplayStatus>>;
  control(c: ReplayControl): Promise<Reply<ReplayStatus>>;
}

const REQUEST_TIMEOUT_MS = 10_000;
/** A recorded day can be sought and played at any speed; nothing in it can be steered. */
const REPLAY_CAPABILITIES: SourceCapabilities = { seek: true, speed: true, steer: false };
const JUMPS: ReadonlySet<ReplayStatus['cause']> = new Set(['open', 'seek', 'next-alert', 'prev-alert']);

/** Applies a replay status to the stores: where the replay is, its clock (frozen while paused), the alerts after a jump. */
export function applyReplayStatus(s: ReplayStatus, localNow: number): void {
  useUi.setState({
    replay: s,
    clock: { twin: s.position, local: localNow, rate: s.playing ? s.speed : 0 },
    ...(s.alerts ? { alerts: [...s.alerts].sort((a, b) => b.raisedAt - a.raisedAt) } : {}),
  });
}

/** Connects to `/replay`; after a reconnect (server restart) it reopens the same day where it was. */
export function connectReplay({ url, token, live }: { url?: string; token: string; live: LiveStore }): ReplayConnection {
  const { socket, close } = openStream<ReplaySocket>({
    nsp: `${url ?? ''}/replay`,
    token,
    live,
    // A paused replay sends no frames: silence is only stale while playing.
    expectFrames: () => useUi.getState().replay?.playing === true,
  });
  const ask = <T>(p: Promise<Reply<T>>): Promise<Reply<T>> => p.catch((e: unknown) => ({ ok: false as const, error: e instanceof Error ? e.message : String(e) }));
  socket.on('replay:changed', (s) => {
    if (s.cause === 'open') {
      resetSeries();
      // The whole recorded day on the charts: what happened after the instant stands beside what was forecast then.
      void getJson<KpiHistory>(`${url ?? ''}/api/kpi/history?day=${s.day}`, token).then((r) => {
        if (r.ok) seedHistory(r.data, useUi.getState().site);
      });
    }
    // After a jump, the forecast as it was said at that instant (kept while the replay plays on from there).
    if (JUMPS.has(s.cause)) {
      void getJson<Forecast>(`${url ?? ''}/api/forecast?day=${s.day}&at=${Math.round(s.position)}`, token).then((r) => showPastForecast(r.ok ? r.data : null));
    }
    applyReplayStatus(s, Date.now());
  });
  let connectedOnce = false;
  socket.on('connect', () => {
    const was = useUi.getState().replay;
    if (connectedOnce && was) {
      // The server forgot this viewer's session: open the same day at the same instant, and play on if it was.
      void conn.open(was.day, was.position).then((r) => {
        if (r.ok && was.playing) void conn.control({ action: 'play', speed: was.speed });
      });
    }
    connectedOnce = true;
  });
  const snapshot = () => ask(socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('replay:snapshot', {})) as Promise<Reply<unknown>>;
  const conn: ReplayConnection = {
    capabilities: REPLAY_CAPABILITIES,
    open: (day, at) => ask(socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('replay:open', at === undefined ? { day } : { day, at }) as Promise<Reply<ReplayStatus>>),
    control: (c) =>
      ask(socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('replay:control', c) as Promise<Reply<ReplayStatus>>).then((r) => {
        // The reply and `replay:changed` carry the same status; apply the reply too, in case the event was lost.
        if (r.ok && !JUMPS.has(r.data.cause)) applyReplayStatus(r.data, Date.now());
        return r;
      }),
    snapshot: async () => {
      const r = await snapshot();
      return r.ok ? { ok: true, data: r.data as TwinSnapshot } : r;
    },
    getVehicle: (handle) => ask(socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('vehicle:get', { handle }) as Promise<Reply<VehicleDetail>>),
    close,
  };
  return conn;
}
