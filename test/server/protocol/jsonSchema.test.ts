import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { TelemetryReplySchema, TelemetrySchema } from '../../../server/protocol';
import { protocolJsonSchema } from '../../../server/protocol/jsonSchema';
import { isTelemetry } from '../../../server/protocol/telemetryCheck';
import { T0 } from '../../support/builders';
import { telemetryCases } from '../../support/telemetryCases';

// The published schema as a third party uses it: JSON over the wire, compiled by an independent validator.
const published = JSON.parse(JSON.stringify(protocolJsonSchema())) as { telemetry: object; ack: object };
const ajv = new Ajv2020({ strict: false, allErrors: true });
const telemetryValid = ajv.compile(published.telemetry);
const replyValid = ajv.compile(published.ack);

describe('the published JSON Schema and the server agree on every ingest message', () => {
  const cases = telemetryCases(T0);
  it('covers a broad table', () => {
    expect(cases.length).toBeGreaterThan(250);
    expect(cases.filter((c) => c.valid).length).toBeGreaterThan(80);
  });
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(telemetryValid(c.message), JSON.stringify(telemetryValid.errors)).toBe(c.valid);
    expect(TelemetrySchema.safeParse(c.message).success).toBe(c.valid);
    expect(isTelemetry(c.message)).toBe(c.valid);
  });
});

describe('the published reply schema holds every reply shape, acks and refusals', () => {
  it.each<[string, unknown, boolean]>([
    ['an ack', { accepted: 2, duplicates: 1, rejected: [{ index: 1, error: 'cargo: Invalid option' }] }, true],
    ['an empty ack', { accepted: 0, duplicates: 0, rejected: [] }, true],
    ['a refusal', { error: 'a batch holds 1–500 messages, this one 0' }, true],
    ['a busy refusal over HTTP', { error: 'rate limited', retryAfterMs: 1000 }, true],
    ['a refusal without a reason', { error: '' }, false],
    ['an ack with an extra field', { accepted: 0, duplicates: 0, rejected: [], extra: 1 }, false],
    ['an ack without rejected', { accepted: 1, duplicates: 0 }, false],
    ['a rejection without an index', { accepted: 0, duplicates: 0, rejected: [{ error: 'x' }] }, false],
    ['an ack mixed with a refusal', { accepted: 0, duplicates: 0, rejected: [], error: 'x' }, false],
    ['a negative count', { accepted: -1, duplicates: 0, rejected: [] }, false],
  ])('%s', (_name, reply, valid) => {
    expect(replyValid(reply)).toBe(valid);
    expect(TelemetryReplySchema.safeParse(reply).success).toBe(valid);
  });
});
