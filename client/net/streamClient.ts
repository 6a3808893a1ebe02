import { io, type Socket } from 'socket.io-client';
import type { TwinServerEvents } from '../../server/protocol/events';
import { applyConfiguration, type Site } from '../../server/protocol/site';
import { clearLive, receiveFrame, restartStream, type LiveStore } from '../state/liveStore';
import { recordKpi } from '../state/seriesStore';
import { anchorFromHello, reanchor } from '../state/twinClock';
import { upsertAlert, useUi } from '../state/uiStore';

/** How long without a frame (ms) before a connected, playing stream is called stale (the wall must say so within 2 s). */
export const STALE_AFTER_MS = 1500;
const STALE_CHECK_MS = 250;

/**
 * Reconnection: Socket.IO retries by itself with exponential backoff (0.5 s doubling to 5 s, ±50 % jitter so a
 * wall of screens does not stampede a restarted server). Every connect brings a `hello` and a full keyframe,
 * which is the resync.
 */
export const SOCKET_OPTIONS = {
  transports: ['websocket', 'polling'],
  reconnection: true,
  reconnectionDelay: 500,
  reconnectionDelayMax: 5000,
  randomizationFactor: 0.5,
} as const;

/** The events `/twin` and `/replay` share: a replayed day streams exactly like a live one. */
export type StreamServerEvents = Pick<TwinServerEvents, 'hello' | 'frame' | 'kpi' | 'alert' | 'plan'>;

/** Options: namespace URL, token, the store frames go to, and whether frames are expected now (a paused replay sends none). */
export interface StreamOptions {
  nsp: string;
  token: string;
  live: LiveStore;
  expectFrames?: () => boolean;
}

/** An open stream: its socket (typed by the caller) and how to close it. */
export interface Stream<S> {
  socket: S;
  close(): void;
}

let siteJson = '';

/** Opens a viewer stream and keeps the stores up to date: hello, frames, KPIs, alerts, plans. Never renders. */
export function openStream<S extends Socket>({ nsp, token, live, expectFrames = () => true }: StreamOptions): Stream<S> {
  const socket = io(nsp, { auth: { token }, ...SOCKET_OPTIONS, transports: [...SOCKET_OPTIONS.transports] });
  const s = socket as unknown as Socket<StreamServerEvents>;
  const set = useUi.setState;

  socket.on('connect', () => set({ conn: 'connected', connError: null }));
  socket.on('disconnect', (reason) => {
    set({ conn: 'reconnecting' });
    // The server hung up on purpose (restart, kick): Socket.IO does not retry by itself in that case.
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000);
  });
  socket.on('connect_error', (err) => {
    const refused = /token|auth|unauthori[sz]ed|forbidden/i.test(err.message);
    set({ conn: refused ? 'offline' : 'reconnecting', connError: refused ? err.message : null });
    // A refused token stays refused: stop hammering the server, keep the reason on screen.
    if (refused) socket.disconnect();
  });
  s.on('hello', (hello) => {
    const { site, clock, ...rest } = hello;
    const json = JSON.stringify(site);
    if (json !== siteJson) {
      siteJson = json;
      clearLive(live);
      set({ site: withConfiguration(site, hello.configuration) });
    } else restartStream(live);
    // The server sends every active alert after hello: start the list again so cleared ones do not linger.
    set({ hello: rest, clock: anchorFromHello(clock, Date.now()), alerts: [], stale: false });
  });
  s.on('frame', (payload: unknown) => {
    if (!(payload instanceof ArrayBuffer) && !ArrayBuffer.isView(payload)) return;
    receiveFrame(live, payload, performance.now());
    const { clock, stale } = useUi.getState();
    if (clock) {
      const next = reanchor(clock, live.getState().twinTime, Date.now());
      if (next !== clock) set({ clock: next });
    }
    if (stale) set({ stale: false });
  });
  s.on('kpi', (kpi) => {
    set({ kpi });
    recordKpi(kpi, useUi.getState().site);
  });
  s.on('alert', (alert) => set((st) => ({ alerts: upsertAlert(st.alerts, alert) })));
  s.on('plan', (plan) => set({ plan }));

  // Connected but silent: say so within two seconds.
  const staleTimer = setInterval(() => {
    const { conn, stale } = useUi.getState();
    const last = live.getState().receivedAt;
    const isStale = conn === 'connected' && expectFrames() && last > 0 && performance.now() - last > STALE_AFTER_MS;
    if (isStale !== stale) set({ stale: isStale });
  }, STALE_CHECK_MS);
  const goOffline = () => set({ conn: 'offline' });
  const goOnline = () => {
    if (!socket.connected) socket.connect();
  };
  window.addEventListener('offline', goOffline);
  window.addEventListener('online', goOnline);

  return {
    socket: socket as unknown as S,
    close: () => {
      clearInterval(staleTimer);
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
      socket.close();
    },
  };
}

function withConfiguration(site: Site, configuration: string): Site {
  try {
    return applyConfiguration(site, configuration);
  } catch {
    return site;
  }
}
