import { type Camera, Vector3 } from 'three';
import type { Alert } from '../../server/protocol/viewer';
import type { CameraPreset } from './cameraPresets';
import { createFlight, startFlight, stepFlight, type Flight } from './flight';

/** How long the wall stays on each stop of the tour (ms), the flight between stops, and the slow orbit. */
export const DWELL_MS = 20_000;
const FLIGHT_MS = 4000;
const ORBIT_RAD_PER_S = 0.012;
const _off = new Vector3();

/** Where the tour is: the stop index, when it moves on, the preset shown and the look-at point. */
export interface Tour {
  index: number;
  next: number;
  current: string;
  placed: boolean;
  target: Vector3;
  flight: Flight;
  /** True while flying between stops (tests wait for it to end before a screenshot). */
  flying: boolean;
  /** The next stop was asked for: hold it for ASKED_DWELL_MS. */
  hold: boolean;
  /** Until when (ms) an asked-for stop keeps the camera, even from a crossing with a critical alert. */
  askedUntil: number;
}

/** A tour that has not started. */
export const createTour = (): Tour => ({ index: -1, next: 0, current: '', placed: false, target: new Vector3(), flight: createFlight(), flying: false, hold: false, askedUntil: 0 });

/** The id of the crossing with an active critical alert, if any: the tour goes there and stays. */
export function criticalCrossing(alerts: readonly Alert[]): string | null {
  // A plain loop: this runs every frame, and a callback would be a new closure each time.
  for (let i = 0; i < alerts.length; i++) {
    const a = alerts[i]!;
    if (a.severity === 'critical' && a.clearedAt === undefined && a.crossing !== undefined) return a.crossing;
  }
  return null;
}

function presetById(presets: readonly CameraPreset[], id: string | null): CameraPreset | undefined {
  if (id === null) return undefined;
  for (let i = 0; i < presets.length; i++) if (presets[i]!.id === id) return presets[i];
  return undefined;
}

/** Advances the tour to time `now` (ms) and moves the camera: dwell and orbit, fly to the next stop, or rush to an alert. */
export function stepTour(tour: Tour, presets: readonly CameraPreset[], alerts: readonly Alert[], camera: Camera, now: number, dt: number): void {
  // A stop someone asked for (a fly-to, an alert they clicked) is shown before, and for a while instead of, the
  // crossing the critical alerts point at; then the tour goes back there.
  const urgent = tour.hold || now < tour.askedUntil ? null : criticalCrossing(alerts);
  const urgentPreset = presetById(presets, urgent);
  let goal: CameraPreset | undefined;
  if (urgentPreset && tour.current !== urgentPreset.id) goal = urgentPreset;
  else if (!urgentPreset && now >= tour.next) {
    tour.index = (tour.index + 1) % presets.length;
    goal = presets[tour.index];
  }
  if (goal) {
    tour.current = goal.id;
    tour.next = now + (tour.hold ? ASKED_DWELL_MS : DWELL_MS);
    if (tour.hold) tour.askedUntil = tour.next;
    tour.hold = false;
    if (!tour.placed) {
      camera.position.set(...goal.position);
      tour.target.set(...goal.target);
      tour.placed = true;
    } else startFlight(tour.flight, camera.position, tour.target, goal, now, FLIGHT_MS);
  }
  tour.flying = stepFlight(tour.flight, now, camera.position, tour.target);
  if (!tour.flying) {
    // Between flights, circle the target slowly so the wall never looks frozen.
    _off.subVectors(camera.position, tour.target).applyAxisAngle(camera.up, ORBIT_RAD_PER_S * Math.min(dt, 0.1));
    camera.position.copy(tour.target).add(_off);
  }
  camera.lookAt(tour.target);
}

/** How long a stop asked for (an alert's or a list's fly-to) is held before the tour goes on (ms). */
export const ASKED_DWELL_MS = 120_000;

/** Makes preset `id` the tour's next stop, flown to on the next step and held longer (unknown ids are ignored). */
export function askTour(tour: Tour, presets: readonly CameraPreset[], id: string): void {
  const i = presets.findIndex((p) => p.id === id);
  if (i < 0) return;
  tour.index = (i - 1 + presets.length) % presets.length;
  tour.next = 0;
  tour.hold = true;
}
