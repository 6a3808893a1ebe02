import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchError, IngestPipeline } from '../../../server/ingest/pipeline';
import { SystemClock } from '../../../server/clock';
import {
  AgvMessageSchema,
  AlertAckSchema,
  LaneSetSchema,
  MAX_BATCH,
  SensorMessageSchema,
  TelemetrySchema,
  TruckMessageSchema,
  VehicleGetSchema,
} from '../../../server/protocol';
import { NullRecorder } from '../../../server/recorder/recorder';
import { Twin } from '../../../server/twin/twin';
import { buildSite } from '../../support/builders';
import { anyInput, evil, FUZZ_RUNS, FUZZ_SEED, FUZZ_TIMEOUT, mutate, prototypeKeys, validAgv, validAlertAck, validLaneSet, validSensor, validTruck } from './arbitraries';

// Property-based tests of every inbound schema: 10,000 cases each in CI (FUZZ_RUNS=… for more). Whatever comes in,
// parsing never throws, never pollutes a prototype, and what it lets through is exactly the documented shape.
const params = { numRuns: FUZZ_RUNS, seed: FUZZ_SEED };
const ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/;
const protoBefore = prototypeKeys();

const finiteIn = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
const optional = (v: unknown, check: (x: unknown) => boolean) => v === undefined || check(v);
const isId = (v: unknown) => typeof v === 'string' && ID.test(v) && v !== '__proto__' && v !== 'constructor' && v !== 'prototype';

/** What an accepted message must be, checked independently of the schema that accepted it. */
function wellFormed(m: unknown): boolean {
  if (typeof m !== 'object' || m === null || Object.getPrototypeOf(m) !== Object.prototype) return false;
  const o = m as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(o, '__proto__')) return false;
  if (!isId(o.id) || !Number.isSafeInteger(o.seq) || (o.seq as number) < 0 || !Number.isSafeInteger(o.ts)) return false;
  if (!finiteIn(o.ts, 946_684_800_000, 7_258_118_400_000)) return false;
  const keys = (allowed: readonly string[]) => Object.keys(o).every((k) => allowed.includes(k));
  switch (o.kind) {
    case 'agv':
      return keys(Object.keys(AgvMessageSchema.shape)) && finiteIn(o.lat, -90, 90) && finiteIn(o.lon, -180, 180) && finiteIn(o.heading, 0, 360) &&
        finiteIn(o.speed, 0, 40) && finiteIn(o.battery, 0, 1) && optional(o.container, isId);
    case 'truck':
      return keys(Object.keys(TruckMessageSchema.shape)) && isId(o.crossing) && typeof o.perishable === 'boolean' && optional(o.lat, (v) => finiteIn(v, -90, 90)) &&
        optional(o.lon, (v) => finiteIn(v, -180, 180)) && optional(o.heading, (v) => finiteIn(v, 0, 360)) && optional(o.speed, (v) => finiteIn(v, 0, 40)) &&
        optional(o.lane, isId) && optional(o.yard, isId);
    case 'sensor':
      return keys(['kind', 'id', 'seq', 'ts', 'type', 'lane', 'zone', 'value', 'unit']) && finiteIn(o.value, -Number.MAX_VALUE, Number.MAX_VALUE) &&
        optional(o.lane, isId) && optional(o.zone, isId) && (o.lane !== undefined || o.zone !== undefined) && optional(o.unit, (u) => typeof u === 'string' && u.length <= 16);
    default:
      return false;
  }
}

describe.each([
  ['agv', AgvMessageSchema, validAgv],
  ['truck', TruckMessageSchema, validTruck],
  ['sensor', SensorMessageSchema, validSensor],
] as const)('telemetry kind %s under fuzzing', (_kind, schema, valid) => {
  it('accepts every valid message, as the union does', () => {
    fc.assert(fc.property(valid, (m) => schema.safeParse(m).success && TelemetrySchema.safeParse(m).success), params);
  });

  it('rejects any unknown field (also __proto__) and lets nothing malformed through', () => {
    fc.assert(
      fc.property(mutate(valid as fc.Arbitrary<object>), ({ value, how }) => {
        const r = TelemetrySchema.safeParse(value);
        if (how === 'extra-key') return !r.success && !schema.safeParse(value).success;
        return !r.success || wellFormed(r.data);
      }),
      params,
    );
    expect(prototypeKeys()).toEqual(protoBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, FUZZ_TIMEOUT);
});

describe('the telemetry union under fuzzing', () => {
  it('never throws on anything, and what it accepts is well formed', () => {
    const input = fc.oneof(anyInput(validAgv), anyInput(validTruck), anyInput(validSensor));
    fc.assert(
      fc.property(input, (v) => {
        const r = TelemetrySchema.safeParse(v);
        return !r.success || wellFormed(r.data);
      }),
      params,
    );
    expect(prototypeKeys()).toEqual(protoBefore);
  }, FUZZ_TIMEOUT);
});

describe.each([
  ['LaneSet', LaneSetSchema, validLaneSet, (d: Record<string, unknown>) => isId(d.lane) && Object.keys(d).every((k) => ['lane', 'open', 'direction'].includes(k))],
  ['AlertAck', AlertAckSchema, validAlertAck, (d: Record<string, unknown>) => typeof d.id === 'string' && d.id.length >= 1 && d.id.length <= 128 && Object.keys(d).length === 1],
  ['VehicleGet', VehicleGetSchema, fc.record({ handle: fc.integer({ min: 0, max: 0xffff }) }), (d: Record<string, unknown>) => Number.isInteger(d.handle) && Object.keys(d).length === 1],
] as const)('viewer command %s under fuzzing', (_name, schema, valid, shape) => {
  it('accepts valid commands, rejects unknown fields, lets nothing malformed through', () => {
    fc.assert(fc.property(valid, (v) => schema.safeParse(v).success), { ...params, numRuns: Math.ceil(FUZZ_RUNS / 10) });
    fc.assert(
      fc.property(fc.oneof(mutate(valid as fc.Arbitrary<object>), evil.map((value) => ({ value, how: 'replaced' as const }))), ({ value, how }) => {
        const r = schema.safeParse(value);
        if (how === 'extra-key') return !r.success;
        return !r.success || shape(r.data as Record<string, unknown>);
      }),
      params,
    );
    expect(prototypeKeys()).toEqual(protoBefore);
  }, FUZZ_TIMEOUT);
});

describe('a telemetry batch through the ingest pipeline under fuzzing', () => {
  const site = buildSite();
  const message = fc.oneof(
    { weight: 3, arbitrary: fc.oneof(validAgv, validTruck, validSensor) },
    { weight: 2, arbitrary: fc.oneof(anyInput(validAgv), anyInput(validTruck), anyInput(validSensor)) },
  );
  // Ids from a small pool, so batches also carry duplicates and late messages.
  const pooled = fc.tuple(message, fc.constantFrom('A-1', 'A-2', 'T-1', 'S-1'), fc.boolean()).map(([m, id, swap]) => {
    if (swap && typeof m === 'object' && m !== null && !Array.isArray(m) && 'id' in m) return { ...m, id } as unknown;
    return m;
  });

  it('refuses non-batches whole and accounts for every message of a batch: accepted, duplicate or rejected by index', async () => {
    const pipeline = new IngestPipeline(new Twin(site), new NullRecorder(), new SystemClock());
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 8, arbitrary: fc.array(pooled, { minLength: 1, maxLength: 10 }) }, { weight: 1, arbitrary: evil }, { weight: 1, arbitrary: fc.array(fc.constant(1), { minLength: MAX_BATCH + 1, maxLength: MAX_BATCH + 3 }) }), async (batch) => {
        const valid = Array.isArray(batch) && batch.length >= 1 && batch.length <= MAX_BATCH;
        try {
          const ack = await pipeline.ingest(batch, 'fuzz');
          if (!valid) return false;
          const rejected = new Set(ack.rejected.map((r) => r.index));
          for (let i = 0; i < batch.length; i++) {
            // Schema-invalid messages are exactly the rejected ones (plus seqs too far behind to deduplicate).
            if (!TelemetrySchema.safeParse(batch[i]).success && !rejected.has(i)) return false;
          }
          return ack.accepted + ack.duplicates + ack.rejected.length === batch.length && ack.rejected.every((r) => typeof r.error === 'string' && r.error.length > 0);
        } catch (e) {
          return !valid && e instanceof BatchError;
        }
      }),
      { ...params, numRuns: FUZZ_RUNS },
    );
    const c = pipeline.counters;
    expect(c.accepted + c.duplicates + c.rejected).toBeGreaterThan(FUZZ_RUNS);
    expect(prototypeKeys()).toEqual(protoBefore);
  }, FUZZ_TIMEOUT);

  it('keeps ids safe as map keys: no reserved id ever reaches the twin', async () => {
    const twin = new Twin(site);
    const pipeline = new IngestPipeline(twin, new NullRecorder(), new SystemClock());
    const reserved = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty');
    await fc.assert(
      fc.asyncProperty(validAgv, reserved, async (m, id) => {
        await pipeline.ingest([{ ...m, id }], 'fuzz');
        return true;
      }),
      { ...params, numRuns: 500 },
    );
    expect(twin.agvs.has('__proto__') || twin.agvs.has('constructor') || twin.agvs.has('prototype')).toBe(false);
    expect(prototypeKeys()).toEqual(protoBefore);
  });
});
