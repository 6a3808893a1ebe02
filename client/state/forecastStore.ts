import { create } from 'zustand';
import type { Forecast } from '../../server/protocol/forecast';

/**
 * In replay, where the forecast said at the instant jumped to stands (`GET /api/forecast?day=&at=`): being fetched,
 * shown, nothing forecast by then, failed and tried again at `retryAt`, or failed for good (a refusal that retrying
 * cannot change). `at` is the instant asked about.
 */
export type PastForecast =
  | { status: 'loading' | 'shown' | 'none'; day: string; at: number }
  | { status: 'retrying'; day: string; at: number; error: string; attempt: number; retryAt: number }
  | { status: 'failed'; day: string; at: number; error: string };

/** The latest forecast the server sent (`forecast` event or `GET /api/forecast`); null before the first. */
export interface ForecastState {
  forecast: Forecast | null;
  /** Replay only: the state of the past forecast's fetch; null live. */
  past: PastForecast | null;
}

/** The app's forecast store. */
export const useForecast = create<ForecastState>(() => ({ forecast: null, past: null }));

/**
 * Keeps a forecast unless the store already holds a later one: an answer to a slow `GET` must not replace the
 * event that overtook it. A forecast with a malformed shape is dropped, never rendered.
 */
export function receiveForecast(f: unknown): void {
  if (!isForecast(f)) return;
  const cur = useForecast.getState().forecast;
  if (cur && cur.from > f.from) return;
  useForecast.setState({ forecast: f });
}

/**
 * Shows what the forecast said at a replayed instant (`GET /api/forecast?day=&at=`): it replaces whatever the store
 * held, earlier or later, and null clears it (nothing was said by then).
 */
export function showPastForecast(f: unknown): void {
  useForecast.setState({ forecast: isForecast(f) ? f : null });
}

/** Records where the past forecast's fetch stands (see PastForecast). */
export const setPastForecast = (past: PastForecast | null): void => useForecast.setState({ past });

/** Forgets the forecast (the site changed). */
export const clearForecast = (): void => useForecast.setState({ forecast: null });

/** True for a value with a forecast's shape (the server's answer is checked before it is drawn). */
export function isForecast(f: unknown): f is Forecast {
  if (!f || typeof f !== 'object') return false;
  const o = f as Partial<Forecast>;
  return typeof o.from === 'number' && Array.isArray(o.series) && Array.isArray(o.closing) && Array.isArray(o.advice);
}
