import { z } from 'zod';
import { DirectionSchema, EpochMsSchema, IdSchema } from './common';
import { AlertSchema, StatusLevelSchema } from './viewer';

/** Length of one bucket of the day's history: five minutes. */
export const HISTORY_BUCKET_MS = 300_000;

/** One crossing and direction over one 5-minute bucket: the last sample's figures, the worst status seen. */
export const KpiBucketSchema = z.strictObject({
  /** Start of the bucket (epoch ms; a multiple of 5 minutes from the site-local midnight). */
  t: EpochMsSchema,
  crossing: IdSchema,
  direction: DirectionSchema,
  /** Trucks waiting at the bucket's end. */
  queue: z.int(),
  /** Trucks cleared today by the bucket's end, and within the bucket. */
  clearedToday: z.int(),
  cleared: z.int(),
  /** Waits of the trucks waiting at the bucket's end (the same definition as the KPI's waitNow*). */
  waitNowMeanMin: z.number(),
  waitNowP95Min: z.number(),
  laneUtilisation: z.number(),
  status: StatusLevelSchema,
});
export type KpiBucket = z.infer<typeof KpiBucketSchema>;

/** `GET /api/kpi/history?day=`: the day's buckets (oldest first) and the alerts raised and cleared that day. */
export const KpiHistorySchema = z.strictObject({
  day: z.string(),
  /** Site-local midnight of `day`. */
  dayStart: EpochMsSchema,
  bucketMs: z.int(),
  /** Whether the day is still running (live) or read back from its recording. */
  source: z.enum(['live', 'recording']),
  buckets: z.array(KpiBucketSchema),
  alerts: z.array(z.strictObject({ ts: EpochMsSchema, alert: AlertSchema })),
});
export type KpiHistory = z.infer<typeof KpiHistorySchema>;
