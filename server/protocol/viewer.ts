import { z } from 'zod';
import { PolicyNameSchema } from './policy';
import { DirectionSchema, EpochMsSchema, IdSchema, LaneDirectionSchema } from './common';
import { missionFields } from './commands';

export const RoleSchema = z.enum(['device', 'viewer', 'operator', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

export const AlertKindSchema = z.enum([
  'queue-high',
  'queue-growing',
  'perishable-wait',
  'lane-closed',
  'agv-fault',
  'agv-low-battery',
  'sensor-stale',
  'after-hours',
  'engine-error',
  'recorder-error',
  'entity-quarantined',
  'wait-mean',
  'wait-p95',
  'perishable-near',
  'yard-fill',
  'shortfall',
  'no-clearance',
  'agv-idle',
]);
export type AlertKind = z.infer<typeof AlertKindSchema>;

export const SeveritySchema = z.enum(['info', 'warning', 'critical']);
export type Severity = z.infer<typeof SeveritySchema>;

/** Something that needs a human; `params` fill the localized message template of `kind`. */
export const AlertSchema = z.strictObject({
  id: z.string(),
  kind: AlertKindSchema,
  severity: SeveritySchema,
  crossing: IdSchema.optional(),
  /** The lane, zone, vehicle or sensor the alert is about. */
  subject: IdSchema.optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  raisedAt: EpochMsSchema,
  clearedAt: EpochMsSchema.optional(),
  acknowledgedBy: z.string().optional(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const CandidateSchema = z.strictObject({ option: z.string(), cost: z.number(), note: z.string().optional() });

/** Why the engine decided something: the rule that decided and the options it weighed. */
export const ReasonSchema = z.strictObject({
  rule: z.string(),
  candidates: z.array(CandidateSchema),
});
export type Reason = z.infer<typeof ReasonSchema>;

export const AssignmentSchema = z.strictObject({
  truck: IdSchema,
  crossing: IdSchema,
  lane: IdSchema,
  /** Predicted time the truck enters the lane. */
  at: EpochMsSchema,
  reason: ReasonSchema,
});
export type Assignment = z.infer<typeof AssignmentSchema>;

export const MissionSchema = z.strictObject({ ...missionFields, reason: ReasonSchema });
export type Mission = z.infer<typeof MissionSchema>;

export const PlanSchema = z.strictObject({
  ts: EpochMsSchema,
  policy: PolicyNameSchema,
  assignments: z.array(AssignmentSchema),
  laneDirections: z.array(z.strictObject({ lane: IdSchema, direction: DirectionSchema, reason: ReasonSchema })),
  missions: z.array(MissionSchema),
  diversions: z.array(z.strictObject({ from: IdSchema, to: IdSchema, direction: DirectionSchema, trucks: z.int(), reason: ReasonSchema })),
});
/** The engine's current schedule, broadcast as `plan` and served at `GET /api/plan`. */
export type Plan = z.infer<typeof PlanSchema>;

/** How a crossing and direction stands against its service levels (README, "Service levels and statuses"). */
export const StatusLevelSchema = z.enum(['ok', 'watch', 'critical']);
export type StatusLevel = z.infer<typeof StatusLevelSchema>;

/** One threshold a figure passed: which figure, how far, against which threshold (the status's reason in words). */
export const StatusReasonSchema = z.strictObject({
  kind: z.enum(['wait-mean', 'wait-p95', 'perishable', 'yard-fill', 'no-clearance']),
  level: z.enum(['watch', 'critical']),
  value: z.number(),
  threshold: z.number(),
});
export type StatusReason = z.infer<typeof StatusReasonSchema>;

export const CrossingKpiSchema = z.strictObject({
  crossing: IdSchema,
  direction: DirectionSchema,
  clearedToday: z.int(),
  clearedLastHour: z.int(),
  queue: z.int(),
  waitMeanMin: z.number(),
  waitP95Min: z.number(),
  waitMaxMin: z.number(),
  perishableOver2h: z.int(),
  laneUtilisation: z.number(),
  /** Trucks waiting now (queued or called), queue join to now, minutes: what statuses, cards and the wall show. */
  waitNowMeanMin: z.number(),
  waitNowP95Min: z.number(),
  /** Trucks cleared today, queue join to lane entry, minutes. */
  waitClearedMeanMin: z.number(),
  waitClearedP95Min: z.number(),
  /** Trucks in this direction's yard (its queue) and the yard's capacity (0: no yard). */
  yardCount: z.int(),
  yardCapacity: z.int(),
  status: StatusLevelSchema,
  /** The thresholds passed, worst first; empty when ok. */
  reasons: z.array(StatusReasonSchema),
  /** Whether the crossing is inside its hours; when not, the next opening. */
  open: z.boolean(),
  opensAt: EpochMsSchema.optional(),
});
export type CrossingKpi = z.infer<typeof CrossingKpiSchema>;

export const LaneStatusSchema = z.strictObject({
  lane: IdSchema,
  crossing: IdSchema,
  open: z.boolean(),
  direction: LaneDirectionSchema,
  /** Direction a reversible lane runs now (equal to `direction` for fixed lanes). */
  effectiveDirection: DirectionSchema,
  queue: z.int(),
  busy: z.boolean(),
});
export type LaneStatus = z.infer<typeof LaneStatusSchema>;

/**
 * A weather station's latest readings (sensor type `weather`): unit `visibility-m` gives the visibility, unit
 * `rain-mm-h` the rain rate; either may be missing (stale or not fitted).
 */
export const WeatherReadingSchema = z.strictObject({
  zone: IdSchema,
  visibilityM: z.number().min(0).optional(),
  rainMmH: z.number().min(0).optional(),
});
export type WeatherReading = z.infer<typeof WeatherReadingSchema>;

export const KpiSchema = z.strictObject({
  ts: EpochMsSchema,
  /** Site-local date (UTC+7) the counters belong to, `YYYY-MM-DD`. */
  day: z.string(),
  crossings: z.array(CrossingKpiSchema),
  targets: z.array(
    z.strictObject({
      crossing: IdSchema,
      clearedToday: z.int(),
      /** Cleared today extrapolated to a full day, ÷ the 2027 target's lower bound. */
      capacityIndex: z.number(),
      target2027: z.tuple([z.int(), z.int()]),
      /** Trucks this crossing should clear today (its service levels' dailyTarget), when set. */
      dailyTarget: z.int().optional(),
      /** Cleared by closing, projected: the last hour's clearance rate over the hours left, capped by what is queued and still to arrive. */
      projected: z.int(),
      /** Today against target; `too-early` in the first two opening hours. */
      verdict: z.enum(['on-track', 'at-risk', 'off-track', 'too-early']),
    }),
  ),
  agv: z.strictObject({
    fleet: z.int(),
    active: z.int(),
    charging: z.int(),
    fault: z.int(),
    tripsToday: z.int(),
    utilisation: z.number(),
  }),
  lanes: z.array(LaneStatusSchema),
  /** Congestion per heatmap zone, in vehicles per 100 m of road. */
  zones: z.array(z.strictObject({ zone: IdSchema, density: z.number(), queue: z.int() })),
  /** What the weather stations report now, per station zone (a crossing): the scene's fog and rain follow it. */
  weather: z.array(WeatherReadingSchema).optional(),
});
/** Key figures, broadcast as `kpi` at 1 Hz. */
export type Kpi = z.infer<typeof KpiSchema>;

/** Operator → server: open/close a lane or set a reversible lane's direction. */
export const LaneSetSchema = z.strictObject({
  lane: IdSchema,
  open: z.boolean().optional(),
  direction: LaneDirectionSchema.optional(),
});
export type LaneSet = z.infer<typeof LaneSetSchema>;

export const AlertAckSchema = z.strictObject({ id: z.string().min(1).max(128) });
export type AlertAck = z.infer<typeof AlertAckSchema>;

/** Viewer → server: the selection card's data for the vehicle with a frame handle (u16). */
export const VehicleGetSchema = z.strictObject({ handle: z.int().min(0).max(0xffff) });
export type VehicleGet = z.infer<typeof VehicleGetSchema>;

/** Viewer → server: the active alerts; takes no parameters (an empty object, or nothing). */
export const AlertsListSchema = z.strictObject({}).optional();

export const ModeSchema = z.enum(['live', 'replay']);
export type Mode = z.infer<typeof ModeSchema>;

export const ClockInfoSchema = z.strictObject({
  /** Twin time at `wallTime`; twin time runs `rate` times faster than the wall clock (the simulator's speed). */
  twinTime: EpochMsSchema,
  wallTime: EpochMsSchema,
  rate: z.number().positive(),
});
export type ClockInfo = z.infer<typeof ClockInfoSchema>;
