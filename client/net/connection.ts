import type { Reply } from '../../server/protocol/commands';
import type { LaneSet, LaneStatus } from '../../server/protocol/viewer';
import { liveStore } from '../state/liveStore';
import { useUi } from '../state/uiStore';
import { connectReplay, type ReplayConnection } from './replayClient';
import { connectTwin } from './twinClient';
import type { TwinSource } from './twinSource';

let current: TwinSource | null = null;

/** Starts the app's one connection to the live twin (idempotent). */
export function startTwin(token: string): void {
  current ??= connectTwin({ token, live: liveStore });
}

let replay: ReplayConnection | null = null;

/** Starts the replay screen's connection to `/replay` (idempotent); it becomes the app's source. */
export function startReplay(token: string): ReplayConnection {
  if (!replay) {
    replay = connectReplay({ token, live: liveStore });
    setSource(replay);
  }
  return replay;
}

/** The replay connection, once started. */
export const replayConnection = (): ReplayConnection | null => replay;

/** Makes `source` the app's source (the replay screen plugs its recorded day in here). */
export function setSource(source: TwinSource): void {
  current?.close();
  current = source;
}

/** The app's current source, if connected. */
export const currentSource = (): TwinSource | null => current;

/** Selects a vehicle and fetches its card from the server; a later click wins over an earlier answer. */
export function selectVehicle(handle: number): void {
  useUi.setState({ selection: { handle, status: 'loading' }, pick: null });
  if (!current) {
    useUi.setState({ selection: { handle, status: 'error', error: 'offline' } });
    return;
  }
  void current.getVehicle(handle).then((r) => {
    if (useUi.getState().selection?.handle !== handle) return;
    useUi.setState({ selection: r.ok ? { handle, status: 'ok', detail: r.data } : { handle, status: 'error', error: r.error } });
  });
}

/** Closes the vehicle card. */
export const clearSelection = (): void => useUi.setState({ selection: null });

/** Acknowledges an alert (operators); resolves with the server's error text, or null on success. */
export async function ackAlert(id: string): Promise<string | null> {
  if (!current?.ackAlert) return 'offline';
  const r = await current.ackAlert(id);
  if (!r.ok) return r.error;
  useUi.setState((s) => ({ alerts: s.alerts.map((a) => (a.id === r.data.id ? r.data : a)) }));
  return null;
}

/**
 * Sends an operator's `lane:set`; on success the lane's new state goes into the KPI at once (the next `kpi` confirms
 * it), so the card and the scene show the change without waiting a second. Resolves with the server's reply.
 */
export async function setLane(cmd: LaneSet): Promise<Reply<LaneStatus>> {
  if (!current?.setLane) return { ok: false, error: 'offline' };
  const r = await current.setLane(cmd);
  if (r.ok) {
    useUi.setState((s) => (s.kpi ? { kpi: { ...s.kpi, lanes: s.kpi.lanes.map((l) => (l.lane === r.data.lane ? r.data : l)) } } : {}));
  }
  return r;
}
