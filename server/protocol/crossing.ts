import { z } from 'zod';
import { IdSchema } from './common';
import { idRecordSchema } from './idRecord';

/**
 * How a truck's cargo crosses (domain.md §2 "Ways cargo crosses"): cross-loaded onto the other country's truck at a
 * border yard, its trailer handed to the other country's tractor, driven through under the two-way pilot (since
 * Dec 2025; the truck returns within 36 h), or carried as a container by an AGV through the closed corridor.
 */
export const CrossingModeSchema = z.enum(['cross-load', 'tractor-swap', 'drive-through', 'agv-transfer']);
export type CrossingMode = z.infer<typeof CrossingModeSchema>;
export const CROSSING_MODES: readonly CrossingMode[] = CrossingModeSchema.options;

const Weight = z.number().min(0).max(1000);
/** Relative weights of the crossing modes (unnormalised; a mode left out weighs nothing). */
export const ModeMixSchema = z.strictObject({
  'cross-load': Weight.optional(),
  'tractor-swap': Weight.optional(),
  'drive-through': Weight.optional(),
  'agv-transfer': Weight.optional(),
});
export type ModeMix = z.infer<typeof ModeMixSchema>;

/** What one freight crossing allows, under one site configuration (assets/crossing-modes.json). */
export const CrossingRuleSchema = z.strictObject({
  modes: z.array(CrossingModeSchema).min(1),
  /** The border yard where cargo is cross-loaded, and how many trucks it can cross-load at once. */
  crossLoadYard: IdSchema,
  crossLoadBays: z.int().min(1),
  /** Whether third-country freight vehicles may drive through (not only cross-load). */
  thirdCountryAllowed: z.boolean(),
  /** Share of the crossing's trucks that are third-country vehicles. */
  thirdCountryShare: z.number().min(0).max(1),
  /** The usual mix of modes among the allowed ones. */
  mix: ModeMixSchema,
  approx: z.boolean().optional(),
});
export type CrossingRule = z.infer<typeof CrossingRuleSchema>;

/** The crossing-mode rules of every configuration: crossing id → rule, per configuration id. */
export const CrossingRulesSchema = z.strictObject({
  approxNote: z.string().optional(),
  /** The two-way pilot (drive-through for VN and CN trucks) is on by default. */
  twoWayPilot: z.boolean(),
  configurations: idRecordSchema(IdSchema, idRecordSchema(IdSchema, CrossingRuleSchema)),
});
export type CrossingRules = z.infer<typeof CrossingRulesSchema>;

/** How cargo crossed on a run: time in zone, transload hours and cost, per mode and overall. */
export interface CrossingFigures {
  /** Trucks that crossed in the span (the basis of every figure below). */
  trucks: number;
  timeInZoneMeanH: number;
  timeInZoneP95H: number;
  /** Hours of cargo handling between vehicles (cross-loading, lifts), summed and per truck. */
  transloadHours: number;
  transloadHoursPerTruck: number;
  costPerTruckCny: number;
  costTotalCny: number;
  /** Mean wait for a cross-loading bay at the named yards. */
  bayWaitMeanH: number;
  byMode: { mode: CrossingMode; trucks: number; timeInZoneMeanH: number; costPerTruckCny: number }[];
  thirdCountry: { trucks: number; droveThrough: number };
  inspection: { sampled: number; sampleWaitMeanMin: number; labChecks: number; labMeanH: number; centre: boolean };
  /** Longest stay of a drive-through truck in the other country's yard before it returned (≤ 36 h by the pilot's rule). */
  twoWayStayMaxH: number;
}

/** One lever a what-if changed, from the recorded day's setting to the run's. */
export interface LeverChange {
  lever: 'configuration' | 'lanes' | 'hours' | 'agvs' | 'policy' | 'rail' | 'thirdCountry' | 'modeMix' | 'twoWayPilot' | 'inspectionCentre';
  /** The crossing or corridor it applies to, when it applies to one. */
  target?: string;
  from: string;
  to: string;
}

/** What happens on a fault: an AGV stops in its lane (the others pass on the second lane); a rail carrier blocks its track. */
export interface FaultOutcome {
  at: number;
  minutes: number;
  /** Containers that arrived later than they would have without the fault, and the longest delay. */
  delayedContainers: number;
  maxDelayMin: number;
  /** Share of the corridor's capacity left while the fault lasts. */
  capacityLeft: number;
}

/** One model's run over the day's containers. */
export interface SmartGateRun {
  kind: 'agv' | 'rail';
  fleet: number;
  containers: number;
  delivered: number;
  /** Most containers delivered in one clock hour, and what the fleet could carry in an hour. */
  peakPerHour: number;
  capacityPerHour: number;
  yardToYardMeanMin: number;
  yardToYardP95Min: number;
  /** Fewest vehicles that keep p95 yard-to-yard within twice a trip's own time; null when no fleet up to 120 does. */
  vehiclesNeeded: number | null;
  energyKwhPerContainer: number;
  energyKwhDay: number;
  footprintM2: number;
  fault: FaultOutcome;
}

/** `GET /api/compare/smart-gate`: both smart-gate models on one corridor and the same day's containers. */
export interface SmartGateComparison {
  corridor: string;
  lengthM: number;
  demand: 'day' | 'design';
  demandPerDay: number;
  agv: SmartGateRun;
  rail: SmartGateRun;
}
