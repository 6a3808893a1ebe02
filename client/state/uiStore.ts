import { create } from 'zustand';
import type { Hello, VehicleDetail } from '../../server/protocol/events';
import type { ReplayStatus } from '../../server/protocol/replay';
import type { Site } from '../../server/protocol/site';
import type { Alert, Kpi, Plan } from '../../server/protocol/viewer';
import type { ClockAnchor } from './twinClock';

/** Connection as the header shows it. */
export type ConnState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** What the vehicle card shows: the clicked handle and the server's answer. */
export type Selection =
  | { handle: number; status: 'loading' }
  | { handle: number; status: 'ok'; detail: VehicleDetail }
  | { handle: number; status: 'error'; error: string };

/** A clicked lane or heat zone (its details come from the KPIs and the plan already in the store). */
export type Pick = { kind: 'lane'; id: string } | { kind: 'zone'; id: string };

/** Low-rate, reactive state: everything React renders from (never per-frame data). */
export interface UiState {
  conn: ConnState;
  /** Why we are offline (e.g. a refused token), as a message key or server text. */
  connError: string | null;
  hello: Omit<Hello, 'site' | 'clock'> | null;
  /** The site with the server's configuration applied. */
  site: Site | null;
  clock: ClockAnchor | null;
  kpi: Kpi | null;
  /** Active and recent alerts, newest first, bounded. */
  alerts: Alert[];
  plan: Plan | null;
  selection: Selection | null;
  pick: Pick | null;
  /** True while connected but no frame arrived for a while. */
  stale: boolean;
  /** The camera preset (or exact pose) asked for; the nonce lets the same preset be asked for again. */
  camera: { preset: string; nonce: number; pose?: [number, number, number, number, number, number] };
  /** Where the replay stands (replay screen only). */
  replay: ReplayStatus | null;
  /** Share of the scene's height a banner covers from the top (the wall's critical alert; 0 when none): cameras frame below it. */
  coverTop: number;
  /** The critical alert the wall's banner shouts now and its crossing, if any: the wall's camera goes there. */
  shout: { alert: string; crossing: string | null } | null;
}

/** Most alerts kept in memory; the wall runs for days. */
export const MAX_ALERTS = 100;

/** The app's reactive store. */
export const useUi = create<UiState>(() => ({
  conn: 'connecting',
  connError: null,
  hello: null,
  site: null,
  clock: null,
  kpi: null,
  alerts: [],
  plan: null,
  selection: null,
  pick: null,
  stale: false,
  camera: { preset: 'overview', nonce: 0 },
  replay: null,
  coverTop: 0,
  shout: null,
}));

/** Asks the camera to fly to a preset (the overview or a crossing id). */
export const flyTo = (preset: string): void => useUi.setState((s) => ({ camera: { preset, nonce: s.camera.nonce + 1 } }));

/** Shows a lane's or zone's details (and closes the vehicle card). */
export const pickThing = (pick: Pick | null): void => useUi.setState({ pick, ...(pick ? { selection: null } : {}) });

/**
 * Adds or replaces an alert (same id = an update, e.g. cleared or acknowledged), newest first. Past the bound the
 * oldest cleared alerts go first, so an active alert is never pushed out by a flurry of cleared ones.
 */
export function upsertAlert(list: readonly Alert[], alert: Alert): Alert[] {
  const next = [alert, ...list.filter((a) => a.id !== alert.id)];
  if (next.length <= MAX_ALERTS) return next;
  let drop = next.length - MAX_ALERTS;
  const kept: Alert[] = [];
  for (let i = next.length - 1; i >= 0; i--) {
    const a = next[i]!;
    if (drop > 0 && a.clearedAt !== undefined) drop--;
    else kept.push(a);
  }
  kept.reverse();
  return kept.length > MAX_ALERTS ? kept.slice(0, MAX_ALERTS) : kept;
}
