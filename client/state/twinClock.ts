import type { ClockInfo } from '../../server/protocol/viewer';

/** Twin time as a line through one observed point: `twin` at local epoch ms `local`, running `rate`× real time. */
export interface ClockAnchor {
  twin: number;
  local: number;
  rate: number;
}

/**
 * Anchors the twin clock on `hello`. The server's wallTime is taken as "now" on arrival rather than compared
 * with our own clock, so a browser whose clock is wrong still shows the right twin time.
 */
export const anchorFromHello = (clock: ClockInfo, localNow: number): ClockAnchor => ({ twin: clock.twinTime, local: localNow, rate: clock.rate });

/** Twin time (epoch ms) at local epoch ms `localNow`. */
export const twinNow = (a: ClockAnchor, localNow: number): number => a.twin + (localNow - a.local) * a.rate;

/**
 * Re-anchors on a frame's twin time when the prediction has drifted by more than `toleranceMs` of twin time
 * (a speed change, a replay seek); otherwise returns the anchor unchanged, so the header does not jitter.
 */
export function reanchor(a: ClockAnchor, frameTwin: number, localNow: number, toleranceMs = 2000): ClockAnchor {
  const drift = Math.abs(twinNow(a, localNow) - frameTwin);
  return drift > Math.max(toleranceMs, toleranceMs * a.rate) ? { twin: frameTwin, local: localNow, rate: a.rate } : a;
}
