import type { Direction } from './common';
import type { LaneSet } from './viewer';

/** A figure over the forecast's seeds: median and the p10–p90 band. */
export interface Band {
  p10: number;
  p50: number;
  p90: number;
}

/** One crossing and direction, from now to the forecast's horizon. */
export interface ForecastSeries {
  crossing: string;
  direction: Direction;
  /** Sample instants (epoch ms), every `stepMin` from now. */
  ts: number[];
  /** Trucks waiting (joined the queue, not yet in a lane) at each instant. */
  queue: Band[];
  /** Wait (minutes) of a truck joining the queue at each instant. */
  waitMin: Band[];
}

/** One crossing at its closing time today. */
export interface ForecastClosing {
  crossing: string;
  /** Closing instant (epoch ms) and its local HH:MM. */
  at: number;
  close: string;
  /** Trucks still waiting at closing, both directions. */
  waiting: Band;
  /** Trucks cleared today by closing (already cleared plus forecast). */
  cleared: Band;
  /** The crossing's daily aim (the 2027 target's lower figure), when the site gives one. */
  target?: number;
  /** Perishable loads that will have waited longer than the limit by closing. */
  perishablesAtRisk: Band;
  /** Perishable p95 wait, hours, of the trucks waiting now or joining before closing. */
  perishableP95H: Band;
  /** Expected wait (minutes) of a truck joining now, per direction. */
  waitNowMin: { export: Band; import: Band };
}

/** A candidate action as the advice search simulates it. */
export type AdviceAction =
  | { kind: 'lane'; set: LaneSet }
  | { kind: 'hours'; crossing: string; close: string }
  | { kind: 'divert'; from: string; to: string; share: number }
  | { kind: 'head-start'; perishableHeadStartMin: number }
  /** A province's lever (advice only, never one click): third-country vehicles through a crossing, the two-way pilot, an inspection centre. */
  | { kind: 'lever'; lever: 'thirdCountry' | 'twoWayPilot' | 'inspectionCentre'; crossing?: string; on: boolean };

/** One piece of advice: the action, its simulated effect, and why. */
export interface Advice {
  id: string;
  action: AdviceAction;
  /** Whether an operator can apply it here in one click (lane actions, through `lane:set`). */
  applicable: boolean;
  /** Fewer trucks waiting at closing, summed over the affected crossings (median over seeds). */
  fewerWaitingAtClose: number;
  /**
   * Truck-hours in the border zone saved from now to the horizon (median over seeds): the ranking score. Waiting,
   * plus for a lever the handling hours its ways of crossing save (`savedHandlingH`).
   */
  savedTruckHours: number;
  /** Of which handling hours (cross-loading, tractor swaps) a lever saves; absent for the other actions. */
  savedHandlingH?: number;
  /** Perishable p95 wait, hours, before and after. */
  perishableP95H: { before: number; after: number };
  /** The reason: what it changes and the figures it was chosen on. */
  reason: { rule: string; seeds: number; candidates: number };
  /**
   * Why it is listed beyond the best three by effect: `best-applicable`, the best action an operator can apply in
   * one click, added after the three when none of them can be. Absent on the three.
   */
  pick?: AdvicePick;
}

/** Why a piece of advice is listed beyond the best three (see `Advice.pick`). */
export type AdvicePick = 'best-applicable';

/** The forecast from one instant, as `GET /api/forecast` answers and the `forecast` event carries. */
export interface Forecast {
  /** The instant forecast from (epoch ms) and when it was computed (wall clock). */
  from: number;
  horizon: number;
  stepMin: number;
  seeds: number;
  series: ForecastSeries[];
  closing: ForecastClosing[];
  advice: Advice[];
  /** How it was made: arrivals per day fitted per crossing and direction, service factor, compute time. */
  model: { arrivalsPerDay: { crossing: string; direction: Direction; perDay: number }[]; serviceFactor: { crossing: string; factor: number }[]; computeMs: number };
}

/** A waiting truck's expected lane entry, from the latest forecast. */
export interface TruckForecast {
  truck: string;
  from: number;
  entryAt: Band;
}
