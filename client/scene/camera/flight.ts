import { Vector3 } from 'three';
import type { CameraPreset } from './cameraPresets';

/** A camera move in progress: from the current view to a preset over `durationMs`. */
export interface Flight {
  fromPos: Vector3;
  fromTarget: Vector3;
  toPos: Vector3;
  toTarget: Vector3;
  start: number;
  durationMs: number;
  active: boolean;
}

/** A resting flight object, reused for every move. */
export const createFlight = (): Flight => ({
  fromPos: new Vector3(),
  fromTarget: new Vector3(),
  toPos: new Vector3(),
  toTarget: new Vector3(),
  start: 0,
  durationMs: 1,
  active: false,
});

/** Starts a move from (pos, target) to a preset. */
export function startFlight(f: Flight, pos: Vector3, target: Vector3, to: CameraPreset, now: number, durationMs: number): void {
  f.fromPos.copy(pos);
  f.fromTarget.copy(target);
  f.toPos.set(...to.position);
  f.toTarget.set(...to.target);
  f.start = now;
  f.durationMs = durationMs;
  f.active = true;
}

/** Ease in-out (cubic) of t in [0, 1]. */
export const easeInOut = (t: number): number => (t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2);

/** Advances a flight to time `now`, writing the camera position and target; returns false once it has landed. */
export function stepFlight(f: Flight, now: number, pos: Vector3, target: Vector3): boolean {
  if (!f.active) return false;
  const t = Math.min(1, (now - f.start) / f.durationMs);
  const e = easeInOut(t);
  pos.lerpVectors(f.fromPos, f.toPos, e);
  target.lerpVectors(f.fromTarget, f.toTarget, e);
  if (t >= 1) f.active = false;
  return true;
}

/** Abandons a move (the user took the controls). */
export function stopFlight(f: Flight): void {
  f.active = false;
}
