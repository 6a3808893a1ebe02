import type { Socket } from 'socket.io-client';
import type { Reply } from '../../server/protocol/commands';
import type { VehicleDetail } from '../../server/protocol/events';
import type { ReplayClientEvents, ReplayControl, ReplayServerEvents, ReplayStatus } from '../../server/protocol/replay';
import type { LiveStore } from '../state/liveStore';
import type { Forecast } from '../../server/protocol/forecast';
import { resetSeries } from '../state/seriesStore';
import { useUi } from '../state/uiStore';
import { getJson } from './http';
import { pastForecastLoader } from './pastForecast';
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
  const past = pastForecastLoader({ get: (day, at) => getJson<Forecast>(`${url ?? ''}/api/forecast?day=${encodeURIComponent(day)}&at=${at}`, token) });
  socket.on('replay:changed', (s) => {
    // An open empties the charts (another day, or a reconnect's reopen); the replay bar seeds them with the
    // recorded day again (hud/replay/ReplayBar.tsx), the one place that does.
    if (s.cause === 'open') resetSeries();
    // After a jump, the forecast as it was said at that instant (kept while the replay plays on from there).
    if (JUMPS.has(s.cause)) past.load(s.day, Math.round(s.position));
    applyReplayStatus(s, Date.now());
  });
  // The day and instant last asked for: a reconnect before the first answer opens them again.
  let asked: { day: string; at?: number } | null = null;
  let connectedOnce = false;
  socket.on('connect', () => {
    const was = useUi.getState().replay;
    if (connectedOnce && (was || asked)) {
      // The server forgot this viewer's session: open the same day at the same instant, and play on if it was (a day
      // asked for and not yet answered goes first).
      const again = was && (!asked || asked.day === was.day) ? { day: was.day, at: was.position } : asked!;
      void conn.open(again.day, again.at).then((r) => {
        if (r.ok && was?.playing) void conn.control({ action: 'play', speed: was.speed });
      });
    }
    connectedOnce = true;
  });
  const snapshot = () => ask(socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('replay:snapshot', {})) as Promise<Reply<unknown>>;
  const conn: ReplayConnection = {
    capabilities: REPLAY_CAPABILITIES,
    open: (day, at) => {
      asked = at === undefined ? { day } : { day, at };
      return ask(socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('replay:open', at === undefined ? { day } : { day, at }) as Promise<Reply<ReplayStatus>>);
    },
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
    close: () => {
      past.stop();
      close();
    },
  };
  return conn;
}
