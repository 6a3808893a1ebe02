import { type Camera, Vector3 } from 'three';
import type { Alert, Kpi, StatusLevel } from '../../../server/protocol/viewer';
import { OVERVIEW, type CameraPreset } from './cameraPresets';
import { createFlight, startFlight, stepFlight, type Flight } from './flight';

/** How long the wall stays on a stop (ms) by the crossing's status; the overview; the flight; the slow orbit. */
export const DWELL_MS = 20_000;
export const DWELL_BY_STATUS: { readonly [L in StatusLevel]: number } = { critical: 60_000, watch: 35_000, ok: 15_000 };
export const OVERVIEW_DWELL_MS = 12_000;
/** How long a stop asked for (an alert's or a list's fly-to) is held before the tour goes on (ms). */
export const ASKED_DWELL_MS = 120_000;
const FLIGHT_MS = 4000;
/** A stop re-framed while shown (a banner came or went, the canvas changed shape): a short glide to the new framing. */
export const REFRAME_MS = 1500;
/** While dwelling the camera sways ±SWAY_RAD about the target (never circling away from its framing). */
const SWAY_RAD = 0.1;
const SWAY_PERIOD_MS = 40_000;
const RANK: { readonly [L in StatusLevel]: number } = { ok: 0, watch: 1, critical: 2 };
const _off = new Vector3();

/** One stop of a round of the tour: a preset and how long to stay. */
export interface TourStop {
  id: string;
  dwellMs: number;
}

/** Where the tour is: its round, the stop shown, when it moves on, and the camera's look-at point. */
export interface Tour {
  plan: TourStop[];
  index: number;
  next: number;
  current: string;
  placed: boolean;
  target: Vector3;
  flight: Flight;
  /** True while flying between stops (tests wait for it to end before a screenshot). */
  flying: boolean;
  /** A stop someone asked for, shown on the next step. */
  asked: string | null;
  /** Until when (ms) an asked-for stop keeps the camera, even from a new critical alert. */
  askedUntil: number;
  /** Critical alerts already rushed to (ids): each cuts in once, then the round's order rules. */
  seen: Set<string>;
  /** When the camera arrived at the stop, and the sway angle applied so far. */
  arrived: number;
  sway: number;
  /** The placement of the stop the camera went to (presets are re-fitted when the canvas or its banner changes). */
  framed: CameraPreset | null;
}

/**
 * Holds the camera still between flights (no sway): tests and benchmarks that read screen positions and then take a
 * picture need the view not to move in between (set through the debug hook).
 */
export const cameraHold = { still: false };

/** A tour that has not started. */
export const createTour = (): Tour => ({
  plan: [], index: -1, next: 0, current: '', placed: false, target: new Vector3(), flight: createFlight(), flying: false, asked: null, askedUntil: 0, seen: new Set(), arrived: 0, sway: 0, framed: null,
});

/** The id of a crossing with an active critical alert, if any (the wall says "alert focus" while there). */
export function criticalCrossing(alerts: readonly Alert[]): string | null {
  // A plain loop: this runs every frame, and a callback would be a new closure each time.
  for (let i = 0; i < alerts.length; i++) {
    const a = alerts[i]!;
    if (a.severity === 'critical' && a.clearedAt === undefined && a.crossing !== undefined) return a.crossing;
  }
  return null;
}

/** The crossing of an active critical alert not rushed to yet (marked as rushed to now), or null. */
function freshCritical(alerts: readonly Alert[], seen: Set<string>): string | null {
  for (let i = 0; i < alerts.length; i++) {
    const a = alerts[i]!;
    if (a.severity !== 'critical' || a.clearedAt !== undefined || a.crossing === undefined || seen.has(a.id)) continue;
    seen.add(a.id);
    return a.crossing;
  }
  return null;
}

/**
 * One round of the tour, driven by trouble: the crossings in order of their worst status (critical, watch, ok),
 * then their queue, each held longer the worse it stands; crossings with nothing waiting, nothing cleared in the
 * last hour and an ok status are skipped; the overview closes the round. Without KPIs yet: every preset in turn.
 */
export function tourPlan(presets: readonly CameraPreset[], kpi: Kpi | null): TourStop[] {
  if (!kpi) return presets.map((p) => ({ id: p.id, dwellMs: DWELL_MS }));
  const scenes: { id: string; level: StatusLevel; queue: number }[] = [];
  for (const p of presets) {
    if (p.id === OVERVIEW) continue;
    let level: StatusLevel = 'ok';
    let queue = 0;
    let moved = 0;
    for (const r of kpi.crossings) {
      if (r.crossing !== p.id) continue;
      if (RANK[r.status] > RANK[level]) level = r.status;
      queue += r.queue;
      moved += r.clearedLastHour;
    }
    if (level === 'ok' && queue === 0 && moved === 0) continue;
    scenes.push({ id: p.id, level, queue });
  }
  scenes.sort((a, b) => RANK[b.level] - RANK[a.level] || b.queue - a.queue);
  const plan = scenes.map((s) => ({ id: s.id, dwellMs: DWELL_BY_STATUS[s.level] }));
  if (presets.some((p) => p.id === OVERVIEW)) plan.push({ id: OVERVIEW, dwellMs: OVERVIEW_DWELL_MS });
  return plan;
}

/** Whether two placements stand and look at the same points (to the centimetre). */
function samePlace(a: CameraPreset, b: CameraPreset): boolean {
  for (let k = 0; k < 3; k++) if (Math.abs(a.position[k]! - b.position[k]!) > 0.01 || Math.abs(a.target[k]! - b.target[k]!) > 0.01) return false;
  return true;
}

function presetById(presets: readonly CameraPreset[], id: string): CameraPreset | undefined {
  for (let i = 0; i < presets.length; i++) if (presets[i]!.id === id) return presets[i];
  return undefined;
}

/** A critical alert being shouted (the wall's banner) and its crossing: the tour rushes there once per alert. */
export interface TourFocus {
  alert: string;
  crossing: string | null;
}

/** The crossing of `focus` if the tour has not rushed to that alert yet (marked as rushed to now), or null. */
function freshFocus(focus: TourFocus | null, seen: Set<string>): string | null {
  if (!focus || focus.crossing === null || seen.has(focus.alert)) return null;
  seen.add(focus.alert);
  return focus.crossing;
}

/**
 * Advances the tour to time `now` (ms) and moves the camera: dwell and orbit, fly to the next stop, or rush to an
 * alert. `sway` false holds the camera on its framing while dwelling (the wall does while a banner covers the top of
 * the view: the stop is framed just below it, and a sway would carry the far end of the subject under it).
 * `focus`, where a banner shouts one critical alert at a time (the wall), is the alert the tour rushes to, so the
 * camera shows the crossing the banner names; without it, the newest critical alert not rushed to yet.
 */
export function stepTour(
  tour: Tour,
  presets: readonly CameraPreset[],
  alerts: readonly Alert[],
  kpi: Kpi | null,
  camera: Camera,
  now: number,
  sway = true,
  focus?: TourFocus | null,
): void {
  let goal: CameraPreset | undefined;
  let dwell = 0;
  if (tour.asked !== null) {
    goal = presetById(presets, tour.asked);
    dwell = ASKED_DWELL_MS;
    tour.asked = null;
    tour.askedUntil = now + dwell;
  } else if (now >= tour.askedUntil) {
    // A new critical alert cuts in once; otherwise the round goes on, re-planned from the KPIs at each round's start.
    const fresh = focus === undefined ? freshCritical(alerts, tour.seen) : freshFocus(focus, tour.seen);
    if (fresh !== null && fresh !== tour.current && presetById(presets, fresh)) {
      goal = presetById(presets, fresh);
      dwell = DWELL_BY_STATUS.critical;
    } else if (now >= tour.next) {
      tour.index++;
      if (tour.index >= tour.plan.length) {
        tour.plan = tourPlan(presets, kpi);
        tour.index = 0;
      }
      const stop = tour.plan[tour.index];
      goal = stop ? presetById(presets, stop.id) : undefined;
      dwell = stop?.dwellMs ?? DWELL_MS;
    }
  }
  if (goal) {
    tour.next = now + dwell;
    if (!tour.placed) {
      camera.position.set(...goal.position);
      tour.target.set(...goal.target);
      tour.placed = true;
      tour.arrived = now;
      tour.framed = goal;
    } else if (goal.id !== tour.current) {
      startFlight(tour.flight, camera.position, tour.target, goal, now, FLIGHT_MS);
      tour.framed = goal;
    }
    tour.current = goal.id;
  }
  // The stop shown, placed anew (presets are re-fitted when the canvas changes shape or a banner comes or goes):
  // glide to the new placement, or land there if still flying.
  const fitted = tour.placed ? presetById(presets, tour.current) : undefined;
  if (fitted && tour.framed && fitted !== tour.framed) {
    if (!samePlace(fitted, tour.framed)) {
      if (tour.flight.active) {
        tour.flight.toPos.set(...fitted.position);
        tour.flight.toTarget.set(...fitted.target);
      } else startFlight(tour.flight, camera.position, tour.target, fitted, now, REFRAME_MS);
    }
    tour.framed = fitted;
  }
  tour.flying = stepFlight(tour.flight, now, camera.position, tour.target);
  if (tour.flying) {
    tour.arrived = now;
    tour.sway = 0;
  } else if (!cameraHold.still) {
    // Between flights, sway slowly about the target so the wall never looks frozen and the framing holds; back on
    // the framing itself when told not to sway (and from there, when swaying again, the sway starts afresh).
    if (!sway) tour.arrived = now;
    const angle = sway ? SWAY_RAD * Math.sin(((now - tour.arrived) / SWAY_PERIOD_MS) * 2 * Math.PI) : 0;
    _off.subVectors(camera.position, tour.target).applyAxisAngle(camera.up, angle - tour.sway);
    camera.position.copy(tour.target).add(_off);
    tour.sway = angle;
  }
  camera.lookAt(tour.target);
}

/**
 * Makes preset `id` the tour's next stop, flown to on the next step and held for ASKED_DWELL_MS; the round then
 * starts again, worst first (unknown ids are ignored).
 */
export function askTour(tour: Tour, presets: readonly CameraPreset[], id: string): void {
  if (!presetById(presets, id)) return;
  tour.asked = id;
  tour.index = tour.plan.length;
}
