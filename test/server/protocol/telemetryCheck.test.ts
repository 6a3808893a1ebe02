import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgvMessageSchema, SensorMessageSchema, TelemetrySchema, TruckMessageSchema } from '../../../server/protocol';
import { agvKey, isTelemetry, sensorKey, TELEMETRY_KEYS, truckKey } from '../../../server/protocol/telemetryCheck';

// The hand-tuned validator must accept exactly what the zod schemas accept, and an accepted message must be what
// zod would have returned. Inputs straddle every bound: mostly-valid messages with one field bent out of shape.

const edgeNumber = fc.oneof(
  fc.double({ noNaN: false }),
  fc.constantFrom(-0, 0, 1, -1, 90, 90.0000001, -90, -90.0000001, 180, -180, 180.5, 360, 360.0001, 40, 40.01, 0.5, Infinity, -Infinity, NaN, 2 ** 53, 2 ** 53 - 1),
  fc.integer({ min: -200, max: 400 }),
);
/** Mostly valid values, now and then one that is not: each message is valid about half the time. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) => fc.oneof({ arbitrary: valid, weight: 14 }, { arbitrary: invalid, weight: 1 });
const idLike = mostly(
  fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/), fc.constantFrom('x'.repeat(64), 'A/B:C.D_E-F', '0')),
  fc.oneof(fc.constantFrom('', '__proto__', 'constructor', 'prototype', '-lead', 'a b', 'x'.repeat(65), 'ü'), fc.string({ maxLength: 70 })),
);
const ts = mostly(fc.integer({ min: 946_684_800_000, max: 7_258_118_400_000 }), fc.constantFrom(946_684_799_999, 7_258_118_400_001, 1.5e12 + 0.5, '1700000000000'));
const seq = mostly(fc.oneof(fc.nat(), fc.constantFrom(0, 2 ** 53 - 1)), fc.constantFrom(-1, 0.5, 2 ** 53, Infinity, '3'));
const inRange = (min: number, max: number) => mostly(fc.oneof(fc.double({ min, max, noNaN: true }), fc.constantFrom(min, max)), edgeNumber);
const enumOf = (valid: string[], invalid: unknown) => mostly(fc.constantFrom(...valid), fc.constant(invalid));

const agv = fc.record(
  {
    kind: fc.constant('agv'), id: idLike, seq, ts, lat: inRange(-90, 90), lon: inRange(-180, 180), heading: inRange(0, 360), speed: inRange(0, 40),
    battery: inRange(0, 1), state: enumOf(['idle', 'to-pickup', 'loaded', 'unloading', 'charging', 'fault'], 'parked'), container: fc.option(idLike, { nil: undefined }),
  },
  { requiredKeys: ['kind', 'id', 'seq', 'ts', 'lat', 'lon', 'heading', 'speed', 'battery', 'state'] },
);
const truck = fc.record(
  {
    kind: fc.constant('truck'), id: idLike, seq, ts,
    event: enumOf(['arrived', 'position', 'called', 'entered-lane', 'inspected', 'crossed', 'departed'], 'teleported'),
    crossing: idLike, direction: enumOf(['export', 'import'], 'sideways'), cargo: enumOf(['fruit', 'agri', 'fishery', 'electronics', 'machinery', 'cars', 'chemicals', 'fabric', 'general'], 'gold'),
    perishable: mostly(fc.boolean(), fc.constant(0)), lat: inRange(-90, 90), lon: inRange(-180, 180), heading: inRange(0, 360), speed: inRange(0, 40),
    lane: idLike, yard: idLike, channel: enumOf(['green', 'yellow', 'red'], 'blue'),
    mode: enumOf(['cross-load', 'tractor-swap', 'drive-through', 'agv-transfer'], 'teleport'), thirdCountry: mostly(fc.boolean(), fc.constant('yes')),
  },
  { requiredKeys: ['kind', 'id', 'seq', 'ts', 'event', 'crossing', 'direction', 'cargo', 'perishable'] },
);
const sensor = fc.record(
  {
    kind: fc.constant('sensor'), id: idLike, seq, ts, type: enumOf(['loop', 'queue', 'barrier', 'weather', 'camera'], 'radar'),
    lane: idLike, zone: idLike, value: mostly(fc.double({ noNaN: true, noDefaultInfinity: true }), edgeNumber), unit: mostly(fc.string({ maxLength: 16 }), fc.oneof(fc.string({ minLength: 17, maxLength: 20 }), fc.constant(7))),
  },
  { requiredKeys: ['kind', 'id', 'seq', 'ts', 'type', 'value'] },
);

/** A message with one field replaced by anything, removed, or an extra key added. */
const bent = fc.tuple(fc.oneof(agv, truck, sensor), fc.nat(20), fc.anything(), fc.constantFrom('replace', 'delete', 'extra', 'undefined', 'none')).map(([m, k, v, how]) => {
  const o: Record<string, unknown> = { ...m };
  const keys = Object.keys(o);
  const key = keys[k % keys.length]!;
  if (how === 'replace') o[key] = v;
  else if (how === 'delete') delete o[key];
  else if (how === 'extra') o[`x${k}`] = v;
  else if (how === 'undefined') o[key] = undefined;
  return o;
});

/** Plain objects (all JSON gives) are decided by the fast path alone; anything else it defers to zod. */
function agrees(v: unknown): void {
  const z = TelemetrySchema.safeParse(v);
  const plain = typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
  expect(isTelemetry(v)).toBe(plain && z.success);
  if (plain && z.success) expect(v).toStrictEqual(z.data);
}

describe('isTelemetry ≡ TelemetrySchema', () => {
  it('the key lists are the strict schemas’ shapes', () => {
    expect(TELEMETRY_KEYS.agv).toEqual(Object.keys(AgvMessageSchema.shape));
    expect(TELEMETRY_KEYS.truck).toEqual(Object.keys(TruckMessageSchema.shape));
    expect(TELEMETRY_KEYS.sensor).toEqual(Object.keys(SensorMessageSchema.shape));
    const every = new Set(Object.values(TELEMETRY_KEYS).flat());
    for (const [keys, allowed] of [[TELEMETRY_KEYS.agv, agvKey], [TELEMETRY_KEYS.truck, truckKey], [TELEMETRY_KEYS.sensor, sensorKey]] as const) {
      for (const k of [...every, '__proto__', 'constructor', 'Kind', '']) expect(allowed(k)).toBe((keys as readonly string[]).includes(k));
    }
  });

  it('agrees on generated messages of every kind, valid or not (property)', () => {
    let valid = 0;
    fc.assert(
      fc.property(fc.oneof(agv, truck, sensor), (m) => {
        agrees(m);
        if (TelemetrySchema.safeParse(m).success) valid++;
      }),
      { numRuns: 3_000 },
    );
    // Both sides of the boundary are well covered.
    expect(valid).toBeGreaterThan(300);
    expect(valid).toBeLessThan(2_700);
  });

  it('agrees on messages with a field replaced, removed, undefined or added (property)', () => {
    fc.assert(fc.property(bent, agrees), { numRuns: 3_000 });
  });

  it('agrees on arbitrary values (property)', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), agrees), { numRuns: 1_000 });
  });

  it('agrees after a JSON round trip, `__proto__` keys included', () => {
    const valid = { kind: 'sensor', id: 'loop-1', seq: 1, ts: 1.7e12, type: 'loop', lane: 'HN-1', value: 3 };
    for (const text of [
      JSON.stringify(valid),
      '{"kind":"sensor","id":"loop-1","seq":1,"ts":1700000000000,"type":"loop","lane":"HN-1","value":3,"__proto__":{"x":1}}',
      '{"__proto__":null,"kind":"agv"}',
      '{"kind":"sensor","id":"loop-1","seq":1,"ts":1700000000000,"type":"loop","value":3}',
      '[1,2]',
      'null',
    ]) agrees(JSON.parse(text));
  });

  it('defers objects with another prototype to zod', () => {
    const o = Object.assign(Object.create(null) as object, { kind: 'sensor', id: 'z-1', seq: 1, ts: 1.7e12, type: 'loop', zone: 'z', value: 1 });
    expect(isTelemetry(o)).toBe(false);
    expect(TelemetrySchema.safeParse(o).success).toBe(true);
  });
});
