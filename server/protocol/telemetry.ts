import { z } from 'zod';
import { CargoSchema, ChannelSchema, DirectionSchema, EpochMsSchema, IdSchema, LatSchema, LonSchema } from './common';
import { CrossingModeSchema } from './crossing';

/** Fields every ingest message carries; (id, seq) is the dedupe key. */
const base = {
  id: IdSchema,
  seq: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  ts: EpochMsSchema,
};

export const AgvStateSchema = z.enum(['idle', 'to-pickup', 'loaded', 'unloading', 'charging', 'fault']);
export type AgvState = z.infer<typeof AgvStateSchema>;

export const AgvMessageSchema = z.strictObject({
  kind: z.literal('agv'),
  ...base,
  lat: LatSchema,
  lon: LonSchema,
  heading: z.number().min(0).max(360),
  speed: z.number().min(0).max(40),
  battery: z.number().min(0).max(1),
  state: AgvStateSchema,
  container: IdSchema.optional(),
});
export type AgvMessage = z.infer<typeof AgvMessageSchema>;

export const TruckEventSchema = z.enum(['arrived', 'position', 'called', 'entered-lane', 'inspected', 'crossed', 'departed']);
export type TruckEvent = z.infer<typeof TruckEventSchema>;

export const TruckMessageSchema = z.strictObject({
  kind: z.literal('truck'),
  ...base,
  event: TruckEventSchema,
  crossing: IdSchema,
  direction: DirectionSchema,
  cargo: CargoSchema,
  perishable: z.boolean(),
  lat: LatSchema.optional(),
  lon: LonSchema.optional(),
  heading: z.number().min(0).max(360).optional(),
  speed: z.number().min(0).max(40).optional(),
  lane: IdSchema.optional(),
  yard: IdSchema.optional(),
  channel: ChannelSchema.optional(),
  /** Revision 2: how the truck's cargo crosses. Optional: devices of revision 1 never send it. */
  mode: CrossingModeSchema.optional().describe('revision 2: cross-load | tractor-swap | drive-through | agv-transfer'),
  /** Revision 2: a vehicle registered in neither Vietnam nor China. Optional: absent means not known to be one. */
  thirdCountry: z.boolean().optional().describe('revision 2: vehicle registered in a third country'),
});
export type TruckMessage = z.infer<typeof TruckMessageSchema>;

export const SensorTypeSchema = z.enum(['loop', 'queue', 'barrier', 'weather', 'camera']);
export type SensorType = z.infer<typeof SensorTypeSchema>;

export const SensorMessageSchema = z
  .strictObject({
    kind: z.literal('sensor'),
    ...base,
    type: SensorTypeSchema,
    lane: IdSchema.optional(),
    zone: IdSchema.optional(),
    value: z.number(),
    unit: z.string().max(16).optional(),
  })
  .refine((m) => m.lane !== undefined || m.zone !== undefined, { message: 'a sensor message needs lane or zone', path: ['lane'] });
export type SensorMessage = z.infer<typeof SensorMessageSchema>;

/** One ingest message; `kind` selects the shape. */
export const TelemetrySchema = z.discriminatedUnion('kind', [AgvMessageSchema, TruckMessageSchema, SensorMessageSchema]);
export type Telemetry = z.infer<typeof TelemetrySchema>;
export type TelemetryKind = Telemetry['kind'];

export const MAX_BATCH = 500;

/** A `telemetry` batch as the socket and `POST /api/ingest` receive it (messages validated one by one). */
export const TelemetryBatchSchema = z.array(z.unknown()).min(1).max(MAX_BATCH);

export const TelemetryAckSchema = z.strictObject({
  accepted: z.int().min(0),
  duplicates: z.int().min(0),
  rejected: z.array(z.strictObject({ index: z.int().min(0), error: z.string() })),
});
/** Reply to a batch: sent only once the accepted messages are durable. */
export type TelemetryAck = z.infer<typeof TelemetryAckSchema>;

/**
 * Reply to a batch refused whole (not an array of 1–500, rate limited, too large, not durable): nothing was
 * accepted, resend it later. Over HTTP it comes with a 4xx/5xx status, and `retryAfterMs` when the server is busy.
 */
export const TelemetryRefusalSchema = z.strictObject({ error: z.string().min(1), retryAfterMs: z.int().min(0).optional() });
export type TelemetryRefusal = z.infer<typeof TelemetryRefusalSchema>;

/** Every reply a `telemetry` batch can get: an ack or a refusal (also the JSON body of `POST /api/ingest`). */
export const TelemetryReplySchema = z.union([TelemetryAckSchema, TelemetryRefusalSchema]);
export type TelemetryReply = z.infer<typeof TelemetryReplySchema>;
