import fc from 'fast-check';
import type { AgvMessage, AlertAck, LaneSet, SensorMessage, TruckMessage } from '../../../server/protocol';

/** Cases per property: 10,000 in CI, more in `npm run fuzz:nightly` (FUZZ_RUNS). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
/** Per-test timeout that grows with the number of cases. */
export const FUZZ_TIMEOUT = 120_000 * Math.max(1, FUZZ_RUNS / 10_000);
/** Fixed seed unless FUZZ_SEED says otherwise, so a CI failure replays exactly. */
export const FUZZ_SEED = process.env.FUZZ_SEED === undefined ? 20_260_601 : Number(process.env.FUZZ_SEED);

export const idArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/).filter((s) => s !== 'constructor' && s !== 'prototype');
const ts = fc.integer({ min: 946_684_800_000, max: 7_258_118_400_000 });
const seq = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const num = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

export const validAgv: fc.Arbitrary<AgvMessage> = fc.record(
  {
    kind: fc.constant('agv' as const), id: idArb, seq, ts, lat: num(-90, 90), lon: num(-180, 180), heading: num(0, 360), speed: num(0, 40),
    battery: num(0, 1), state: fc.constantFrom('idle', 'to-pickup', 'loaded', 'unloading', 'charging', 'fault'), container: idArb,
  },
  { requiredKeys: ['kind', 'id', 'seq', 'ts', 'lat', 'lon', 'heading', 'speed', 'battery', 'state'] },
);

export const validTruck: fc.Arbitrary<TruckMessage> = fc.record(
  {
    kind: fc.constant('truck' as const), id: idArb, seq, ts,
    event: fc.constantFrom('arrived', 'position', 'called', 'entered-lane', 'inspected', 'crossed', 'departed'),
    crossing: idArb, direction: fc.constantFrom('export', 'import'),
    cargo: fc.constantFrom('fruit', 'agri', 'fishery', 'electronics', 'machinery', 'cars', 'chemicals', 'fabric', 'general'),
    perishable: fc.boolean(), lat: num(-90, 90), lon: num(-180, 180), heading: num(0, 360), speed: num(0, 40), lane: idArb, yard: idArb,
    channel: fc.constantFrom('green', 'yellow', 'red'),
  },
  { requiredKeys: ['kind', 'id', 'seq', 'ts', 'event', 'crossing', 'direction', 'cargo', 'perishable'] },
);

export const validSensor: fc.Arbitrary<SensorMessage> = fc
  .record(
    {
      kind: fc.constant('sensor' as const), id: idArb, seq, ts, type: fc.constantFrom('loop', 'queue', 'barrier', 'weather', 'camera'),
      lane: idArb, zone: idArb, value: fc.double({ noNaN: true, noDefaultInfinity: true }), unit: fc.string({ maxLength: 16 }),
    },
    { requiredKeys: ['kind', 'id', 'seq', 'ts', 'type', 'value'] },
  )
  .filter((m) => m.lane !== undefined || m.zone !== undefined);

export const validLaneSet: fc.Arbitrary<LaneSet> = fc.record(
  { lane: idArb, open: fc.boolean(), direction: fc.constantFrom('export', 'import', 'reversible') },
  { requiredKeys: ['lane'] },
);
export const validAlertAck: fc.Arbitrary<AlertAck> = fc.record({ id: fc.string({ minLength: 1, maxLength: 128 }) });

/** A value nested `depth` levels deep (built iteratively, so a deep one costs no recursion to make). */
export function nested(depth: number, asArray: boolean): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

/** Values no schema field accepts as they are: hostile numbers, huge and deep values, prototype bait. */
export const evil: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 64, 5e-324, null, true, '', '__proto__', 'constructor'),
  fc.integer({ min: 65, max: 100_000 }).map((n) => 'x'.repeat(n)),
  fc.tuple(fc.integer({ min: 10, max: 2_000 }), fc.boolean()).map(([d, a]) => nested(d, a)),
  fc.integer({ min: 100, max: 5_000 }).map((n) => new Array<number>(n).fill(7)),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}}') as unknown),
  fc.constant(JSON.parse('{"constructor": {"prototype": {"polluted": true}}}') as unknown),
  fc.anything({ maxDepth: 4, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }),
);

/** Keys no message may carry, including the ones prototype pollution uses. */
export const evilKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'token', 'extra', 'Kind', 'kind '), fc.string({ maxLength: 12 }));

/**
 * A valid object broken in one of the ways a hostile or buggy sender would: an unknown key (as JSON.parse would
 * make `__proto__`, an own property), a field removed, or a field replaced by an evil value.
 */
export function mutate<T extends object>(valid: fc.Arbitrary<T>): fc.Arbitrary<{ value: unknown; how: 'extra-key' | 'missing' | 'replaced' }> {
  return fc.oneof(
    fc.tuple(valid, evilKey, evil).map(([v, k, e]) => {
      const o = JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
      if (Object.prototype.hasOwnProperty.call(o, k)) return { value: o, how: 'missing' as const }; // same key: not an extra
      Object.defineProperty(o, k, { value: e, enumerable: true, writable: true, configurable: true });
      return { value: o, how: 'extra-key' as const };
    }),
    fc.tuple(valid, fc.nat()).map(([v, i]) => {
      const o = { ...v } as Record<string, unknown>;
      const keys = Object.keys(o);
      delete o[keys[i % keys.length]!];
      return { value: o, how: 'missing' as const };
    }),
    fc.tuple(valid, fc.nat(), evil).map(([v, i, e]) => {
      const o = { ...v } as Record<string, unknown>;
      const keys = Object.keys(o);
      o[keys[i % keys.length]!] = e;
      return { value: o, how: 'replaced' as const };
    }),
  );
}

/** Anything at all: a valid message, a mutated one, or garbage. */
export function anyInput<T extends object>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(valid, mutate(valid).map((m) => m.value), evil, fc.jsonValue());
}

/** Keys own on Object.prototype now; compared before and after to prove nothing was polluted. */
export const prototypeKeys = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();
