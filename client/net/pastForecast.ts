import type { Forecast } from '../../server/protocol/forecast';
import { isForecast, setPastForecast, showPastForecast, useForecast } from '../state/forecastStore';
import type { HttpReply } from './http';

/** The first wait before asking again after a failed fetch; it doubles up to PAST_RETRY_MAX_MS. */
export const PAST_RETRY_FIRST_MS = 1_000;
export const PAST_RETRY_MAX_MS = 30_000;

/** Runs `run` in `ms` and returns how to cancel it (injected, so tests drive the retries by hand). */
export type Schedule = (run: () => void, ms: number) => () => void;

/** What the loader needs: the fetch, timers and the wall clock (for `retryAt`). */
export interface PastForecastDeps {
  get(day: string, at: number): Promise<HttpReply<Forecast>>;
  schedule?: Schedule;
  now?: () => number;
}

/** Fetches what the forecast said at each replayed instant into the forecast store. */
export interface PastForecastLoader {
  /** A jump (open, seek, alert) landed at `at` of `day`: fetch the forecast in force then. */
  load(day: string, at: number): void;
  /** The replay closed: no answer or retry lands after this. */
  stop(): void;
}

const browserSchedule: Schedule = (run, ms) => {
  const id = setTimeout(run, ms);
  return () => clearTimeout(id);
};

/**
 * Answers worth asking again: none at all (offline, connection reset), a timeout, a refusal to come back later
 * (429: a reader over its budget) and a server error (a busy or restarting reader). A 4xx other than those says
 * the question itself is refused; asking again would get the same answer.
 */
function retryable(status: number | undefined): boolean {
  return status === undefined || status === 408 || status === 429 || status >= 500;
}

/**
 * The replay's past forecast: each jump asks `GET /api/forecast?day=&at=` and the latest jump's answer wins (an
 * answer to an earlier jump that lands late is dropped). 404 means nothing was forecast by then; another failure
 * is tried again after 1 s, 2 s, 4 s… (at most 30 s apart) for as long as that jump is the current one, the
 * store saying so meanwhile. A reopen at the same instant (after a reconnect) keeps the band shown while it asks.
 */
export function pastForecastLoader({ get, schedule = browserSchedule, now = Date.now }: PastForecastDeps): PastForecastLoader {
  let generation = 0;
  let cancel: (() => void) | undefined;

  const attempt = (mine: number, day: string, at: number, n: number): void => {
    void get(day, at).then((r) => {
      if (mine !== generation) return;
      if (r.ok && isForecast(r.data)) {
        showPastForecast(r.data);
        setPastForecast({ status: 'shown', day, at });
        return;
      }
      if (!r.ok && r.status === 404) {
        showPastForecast(null);
        setPastForecast({ status: 'none', day, at });
        return;
      }
      const error = r.ok ? 'malformed forecast' : r.error;
      if (r.ok || !retryable(r.status)) {
        setPastForecast({ status: 'failed', day, at, error });
        return;
      }
      const wait = Math.min(PAST_RETRY_MAX_MS, PAST_RETRY_FIRST_MS * 2 ** (n - 1));
      setPastForecast({ status: 'retrying', day, at, error, attempt: n, retryAt: now() + wait });
      cancel = schedule(() => attempt(mine, day, at, n + 1), wait);
    });
  };

  return {
    load(day, at) {
      cancel?.();
      cancel = undefined;
      const mine = ++generation;
      const { past, forecast } = useForecast.getState();
      // The band of another instant would be wrong here; the same instant's (a reopen) stays while it is asked again.
      const same = past !== null && past.day === day && past.at === at && past.status === 'shown' && forecast !== null;
      if (!same) {
        showPastForecast(null);
        setPastForecast({ status: 'loading', day, at });
      }
      attempt(mine, day, at, 1);
    },
    stop() {
      generation++;
      cancel?.();
      cancel = undefined;
    },
  };
}
