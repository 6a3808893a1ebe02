import { z } from 'zod';
import { EpochMsSchema, IdSchema } from './common';
import { idRecordSchema } from './idRecord';
import type { Reply } from './commands';
import type { TwinServerEvents, VehicleDetail } from './events';
import { PolicyNameSchema, type PolicyName } from './policy';
import { ModeMixSchema, type CrossingFigures, type LeverChange } from './crossing';
import { HoursSchema } from './site';
import type { Alert, Kpi } from './viewer';

/** A recording: a site-local day `YYYY-MM-DD`, or a what-if run on one, `YYYY-MM-DD~whatif-N`. */
export const RecordingNameSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(~whatif-\d{1,6})?$/, 'a recording is named YYYY-MM-DD or YYYY-MM-DD~whatif-N');

export const REPLAY_MIN_SPEED = 1;
export const REPLAY_MAX_SPEED = 3600;
const SpeedSchema = z.number().min(REPLAY_MIN_SPEED).max(REPLAY_MAX_SPEED);

/** Viewer → server on `/replay`: open a recording (paused, at `at` or its first instant). */
export const ReplayOpenSchema = z.strictObject({ day: RecordingNameSchema, at: EpochMsSchema.optional() });
export type ReplayOpen = z.infer<typeof ReplayOpenSchema>;

/** Viewer → server on `/replay`: drive the viewer's own replay. `until` pauses exactly at that instant. */
export const ReplayControlSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('play'), speed: SpeedSchema.optional(), until: EpochMsSchema.optional() }),
  z.strictObject({ action: z.literal('pause') }),
  z.strictObject({ action: z.literal('speed'), speed: SpeedSchema }),
  z.strictObject({ action: z.literal('seek'), to: EpochMsSchema }),
  z.strictObject({ action: z.literal('next-alert') }),
  z.strictObject({ action: z.literal('prev-alert') }),
]);
export type ReplayControl = z.infer<typeof ReplayControlSchema>;
export type ReplayAction = ReplayControl['action'];

/**
 * Why a `replay:changed` was sent: the control that caused it, the replay stopping by itself, or (`grew`) the
 * recording of a paused replay growing (today's, still being recorded): its `lastTs` is the new end.
 */
export type ReplayCause = 'open' | ReplayAction | 'end' | 'until' | 'grew';

/** Where a replay stands; the reply to every request and the payload of `replay:changed`. */
export interface ReplayStatus {
  day: string;
  /** Twin-time span of the recording (epoch ms). */
  firstTs: number;
  lastTs: number;
  /** Twin time the replay shows now. */
  position: number;
  playing: boolean;
  speed: number;
  until?: number;
  cause: ReplayCause;
  /**
   * Present after a jump (open, seek, next/prev alert): the alerts active at `position`. Replace the alert list
   * with it; a full keyframe `frame`, `kpi` and `plan` follow.
   */
  alerts?: Alert[];
  /** The alert jumped to by next-alert / prev-alert. */
  alert?: Alert;
}

/** Events the server emits on `/replay`: the live stream's events, plus `replay:changed`. */
export interface ReplayServerEvents extends Pick<TwinServerEvents, 'hello' | 'frame' | 'kpi' | 'alert' | 'plan'> {
  'replay:changed': (status: ReplayStatus) => void;
  /** The replay stopped because the recording could not be read further. */
  'error:replay': (message: string) => void;
}

/** Events a viewer may emit on `/replay` (any viewer token); replies are `{ ok, data } | { ok, error }`. */
export interface ReplayClientEvents {
  'replay:open': (req: ReplayOpen, reply: (r: Reply<ReplayStatus>) => void) => void;
  'replay:control': (req: ReplayControl, reply: (r: Reply<ReplayStatus>) => void) => void;
  /** The replayed twin as JSON, shaped like `GET /api/state`. */
  'replay:snapshot': (query: Record<string, never>, reply: (r: Reply<unknown>) => void) => void;
  /** The selection card at the replayed instant, as `/twin` answers it live. */
  'vehicle:get': (query: { handle: number }, reply: (r: Reply<VehicleDetail>) => void) => void;
}

/** One recording in `GET /api/recordings`. */
export interface RecordingEntry {
  day: string;
  kind: 'day' | 'whatif';
  bytes: number;
  kept: boolean;
}

/** `GET /api/recordings/:day`: what a recording holds. */
export interface RecordingSummary {
  day: string;
  /** Telemetry messages recorded. */
  messages: number;
  keyframes: number;
  /** Alerts raised during the recording. */
  alerts: number;
  firstTs: number | null;
  lastTs: number | null;
  /** Size on disk (database and write-ahead log). */
  bytes: number;
  kept: boolean;
  /** Site configuration and scheduling policy it was recorded under, when known. */
  configuration?: string;
  policy?: string;
}

/** The day in figures: trucks cleared in the span and their waits from queue to lane. */
export interface DayFigures {
  cleared: number;
  byCrossing: { crossing: string; direction: 'export' | 'import'; cleared: number; waitMeanMin: number; waitP95Min: number }[];
  waitMeanMin: number;
  waitP95Min: number;
  perishableWaitP95Min: number;
  /** Waits of every truck that joined a queue in the span, crossed or still waiting at its end. */
  arrivals?: { count: number; waitMeanMin: number; waitP95Min: number; perishableWaitP95Min: number };
  waitingAt20?: number;
}

/** `GET /api/recordings/:day/kpi`: the engine's KPIs at the end of the recording and the day's figures. */
export interface RecordingKpi {
  day: string;
  ts: number;
  kpi: Kpi;
  figures: DayFigures;
}

/**
 * `GET /api/recordings/:day/timeline?buckets=N`: telemetry messages per bucket over the recording's span (from
 * its block index) and its alert events, for the replay timeline.
 */
export interface DayTimeline {
  day: string;
  firstTs: number;
  lastTs: number;
  bucketMs: number;
  counts: number[];
  alerts: { ts: number; alert: Alert }[];
}

/** Operator → server: `POST /api/whatif`, re-run a recorded day's arrivals under changed settings. */
export const WhatIfRequestSchema = z.strictObject({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'day must be YYYY-MM-DD'),
  /** Site configuration to start from ("today", "2027-target"); default: the one the day was recorded under. */
  configuration: IdSchema.optional(),
  /** Truck lanes per crossing (the crossing's lanes are repeated or cut to this count). */
  lanes: idRecordSchema(IdSchema, z.int().min(0).max(40)).optional(),
  /** Opening hours per crossing. */
  hours: idRecordSchema(IdSchema, HoursSchema).optional(),
  /** AGVs per corridor. */
  agvs: idRecordSchema(IdSchema, z.int().min(0).max(200)).optional(),
  policy: PolicyNameSchema.optional(),
  /** Run the overhead rail instead of the AGVs on the corridors it parallels. */
  rail: z.boolean().optional(),
  /** Also re-simulate the day unchanged, to separate the change's effect from the simulator's. */
  baseline: z.boolean().optional(),
  /** Third-country freight vehicles allowed to drive through, per crossing (else they cross-load). */
  thirdCountry: idRecordSchema(IdSchema, z.boolean()).optional(),
  /** The mix of crossing modes trucks choose from (over what each crossing allows). */
  modeMix: ModeMixSchema.optional(),
  /** The two-way pilot (VN and CN trucks drive through and return within 36 h) on or off. */
  twoWayPilot: z.boolean().optional(),
  /** A fruit and farm-produce quality inspection centre samples perishables off the lanes, with an on-site lab. */
  inspectionCentre: z.boolean().optional(),
});
export type WhatIfRequest = z.infer<typeof WhatIfRequestSchema>;

/** One run's outcome in a what-if comparison. */
export interface WhatIfRun {
  configuration: string;
  policy: PolicyName;
  kpi: Kpi;
  figures: DayFigures;
  /** How cargo crossed: time in zone, transload hours, cost (crossing modes and inspection). */
  crossing?: CrossingFigures;
}

/** Reply to `POST /api/whatif`: the recorded day and the what-if side by side, and where the run was recorded. */
export interface WhatIfResult {
  day: string;
  /** Recording of the what-if run, replayable on `/replay` like a day. */
  recording: string;
  arrivals: number;
  /** Simulated span (epoch ms). */
  start: number;
  end: number;
  actual: WhatIfRun;
  whatif: WhatIfRun;
  baseline?: WhatIfRun;
  /** The levers this run changed from the recorded day's settings (empty: it re-ran the day as it was). */
  levers: LeverChange[];
  wallMs: number;
}
