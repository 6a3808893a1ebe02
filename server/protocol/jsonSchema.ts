import { z } from 'zod';
import { CommandSchema } from './commands';
import { IdSchema, RESERVED_IDS } from './common';
import { SensorMessageSchema, TelemetryReplySchema, TelemetrySchema } from './telemetry';
import { PROTOCOL_REVISION, PROTOCOL_REVISIONS, PROTOCOL_VERSION } from './version';
import { AlertSchema, KpiSchema, LaneSetSchema, PlanSchema } from './viewer';

/**
 * Refinements zod cannot turn into JSON Schema by itself, written out by hand so that the published schema accepts
 * exactly what the server accepts (test/integration/protocolSchema.test.ts holds an outside validator to that).
 */
function override(ctx: { zodSchema: unknown; jsonSchema: z.core.JSONSchema.BaseSchema }): void {
  if (ctx.zodSchema === IdSchema) ctx.jsonSchema.not = { enum: [...RESERVED_IDS] };
  if (ctx.zodSchema === SensorMessageSchema) ctx.jsonSchema.anyOf = [{ required: ['lane'] }, { required: ['zone'] }];
}

/** The published protocol as JSON Schema (served at GET /api/protocol), generated from the zod schemas. */
export function protocolJsonSchema(): Record<string, unknown> {
  const schema = (s: z.ZodType) => z.toJSONSchema(s, { unrepresentable: 'any', io: 'input', override });
  return {
    protocolVersion: PROTOCOL_VERSION,
    protocolRevision: PROTOCOL_REVISION,
    revisions: PROTOCOL_REVISIONS,
    description:
      'GateTwin ingest protocol. Socket.IO namespace /ingest (auth: { token }), event "telemetry" with an array of 1–500 messages ' +
      'and an ack callback; or POST /api/ingest with Authorization: Bearer <token> and the same JSON array. Unknown fields are rejected, not stripped. ' +
      'The reply is an ack ({ accepted, duplicates, rejected }) once the accepted messages are durable, or a refusal ({ error }) of the whole batch. ' +
      'A message 4,096 or more seqs behind the newest of its id is rejected (it can no longer be told from a duplicate). ' +
      'A revision only adds optional fields: a message valid under an older revision stays valid.',
    telemetry: schema(TelemetrySchema),
    ack: schema(TelemetryReplySchema),
    command: schema(CommandSchema),
    viewer: { kpi: schema(KpiSchema), alert: schema(AlertSchema), plan: schema(PlanSchema), laneSet: schema(LaneSetSchema) },
  };
}
