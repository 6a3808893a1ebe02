import { z } from 'zod';
import { CommandSchema } from './commands';
import { TelemetryAckSchema, TelemetrySchema } from './telemetry';
import { PROTOCOL_REVISION, PROTOCOL_REVISIONS, PROTOCOL_VERSION } from './version';
import { AlertSchema, KpiSchema, LaneSetSchema, PlanSchema } from './viewer';

/** The published protocol as JSON Schema (served at GET /api/protocol), generated from the zod schemas. */
export function protocolJsonSchema(): Record<string, unknown> {
  const schema = (s: z.ZodType) => z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' });
  return {
    protocolVersion: PROTOCOL_VERSION,
    protocolRevision: PROTOCOL_REVISION,
    revisions: PROTOCOL_REVISIONS,
    description:
      'GateTwin ingest protocol. Socket.IO namespace /ingest (auth: { token }), event "telemetry" with an array of 1–500 messages ' +
      'and an ack callback; or POST /api/ingest with Authorization: Bearer <token> and the same JSON array. Unknown fields are rejected, not stripped. ' +
      'A revision only adds optional fields: a message valid under an older revision stays valid.',
    telemetry: schema(TelemetrySchema),
    ack: schema(TelemetryAckSchema),
    command: schema(CommandSchema),
    viewer: { kpi: schema(KpiSchema), alert: schema(AlertSchema), plan: schema(PlanSchema), laneSet: schema(LaneSetSchema) },
  };
}
