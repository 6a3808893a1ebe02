import { AgvStateSchema, CargoSchema, ChannelSchema, DirectionSchema, SensorTypeSchema, TruckEventSchema } from '../../server/protocol';
import { buildAgvMessage, buildSensorMessage, buildTruckMessage } from './builders';

/** One ingest message to judge, and whether the protocol's rules accept it (what both validators must answer). */
export interface TelemetryCase {
  name: string;
  message: unknown;
  valid: boolean;
}

const TS_MIN = 946_684_800_000;
const TS_MAX = 7_258_118_400_000;

/**
 * A broad table of ingest messages: every kind, every enum member, each field missing, out of bounds and at its
 * bounds, extra fields, reserved ids and things that are not messages at all. Every case has its own id, so sent
 * in one batch they never deduplicate against each other.
 */
export function telemetryCases(ts: number): TelemetryCase[] {
  const cases: TelemetryCase[] = [];
  let n = 0;
  const uid = (kind: string) => `${kind}-case-${++n}`;
  const bases = {
    agv: () => buildAgvMessage({ id: uid('agv'), ts }) as Record<string, unknown>,
    truck: () => buildTruckMessage({ id: uid('truck'), ts, lane: 'HN-1', yard: 'xuan-cuong', channel: 'green', heading: 10, speed: 3 }) as Record<string, unknown>,
    sensor: () => buildSensorMessage({ id: uid('sensor'), ts, unit: 'vehicles' }) as Record<string, unknown>,
  };
  const add = (name: string, valid: boolean, message: unknown) => cases.push({ name, message, valid });
  const without = (m: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(m).filter(([k]) => k !== key));
  const required = { agv: ['kind', 'id', 'seq', 'ts', 'lat', 'lon', 'heading', 'speed', 'battery', 'state'], truck: ['kind', 'id', 'seq', 'ts', 'event', 'crossing', 'direction', 'cargo', 'perishable'], sensor: ['kind', 'id', 'seq', 'ts', 'type', 'value'] };
  const optional = { agv: ['container'], truck: ['lat', 'lon', 'heading', 'speed', 'lane', 'yard', 'channel'], sensor: ['unit'] };
  const idFields = { agv: ['id', 'container'], truck: ['id', 'crossing', 'lane', 'yard'], sensor: ['id', 'lane', 'zone'] };
  // [field, min, max, integer]
  const numbers: { [K in keyof typeof bases]: [string, number, number, boolean][] } = {
    agv: [['seq', 0, Number.MAX_SAFE_INTEGER, true], ['ts', TS_MIN, TS_MAX, true], ['lat', -90, 90, false], ['lon', -180, 180, false], ['heading', 0, 360, false], ['speed', 0, 40, false], ['battery', 0, 1, false]],
    truck: [['seq', 0, Number.MAX_SAFE_INTEGER, true], ['ts', TS_MIN, TS_MAX, true], ['lat', -90, 90, false], ['lon', -180, 180, false], ['heading', 0, 360, false], ['speed', 0, 40, false]],
    sensor: [['seq', 0, Number.MAX_SAFE_INTEGER, true], ['ts', TS_MIN, TS_MAX, true]],
  };
  for (const kind of ['agv', 'truck', 'sensor'] as const) {
    const base = bases[kind];
    add(`${kind}: valid`, true, base());
    for (const k of required[kind]) add(`${kind}: without ${k}`, false, without(base(), k));
    for (const k of optional[kind]) add(`${kind}: without optional ${k}`, true, without(base(), k));
    add(`${kind}: an extra field`, false, { ...base(), extra: 1 });
    add(`${kind}: an own __proto__ field`, false, JSON.parse(JSON.stringify(base()).replace('{', '{"__proto__":{"x":1},')));
    add(`${kind}: a constructor field`, false, { ...base(), constructor: 'x' });
    add(`${kind}: kind in capitals`, false, { ...base(), kind: kind.toUpperCase() });
    for (const [k, min, max, integer] of numbers[kind]) {
      add(`${kind}: ${k} at its minimum`, true, { ...base(), [k]: min });
      add(`${kind}: ${k} at its maximum`, true, { ...base(), [k]: max });
      add(`${kind}: ${k} below its minimum`, false, { ...base(), [k]: integer ? min - 1 : min - 0.001 });
      add(`${kind}: ${k} above its maximum`, false, { ...base(), [k]: integer ? max + 2 : max + 0.001 });
      add(`${kind}: ${k} as a string`, false, { ...base(), [k]: String(min) });
      add(`${kind}: ${k} null`, false, { ...base(), [k]: null });
      if (integer) add(`${kind}: ${k} not an integer`, false, { ...base(), [k]: min + 1.5 });
    }
    for (const k of idFields[kind]) {
      add(`${kind}: ${k} of 64 characters`, true, { ...base(), [k]: `${k}${n}`.padEnd(64, 'x') });
      add(`${kind}: ${k} of 65 characters`, false, { ...base(), [k]: 'y'.repeat(65) });
      add(`${kind}: ${k} empty`, false, { ...base(), [k]: '' });
      add(`${kind}: ${k} with every allowed character`, true, { ...base(), [k]: `Az09._:/-${n}` });
      add(`${kind}: ${k} starting with a dash`, false, { ...base(), [k]: '-x' });
      add(`${kind}: ${k} with a space`, false, { ...base(), [k]: 'a b' });
      add(`${kind}: ${k} with a non-ASCII letter`, false, { ...base(), [k]: 'Lạng' });
      add(`${kind}: ${k} a number`, false, { ...base(), [k]: 7 });
      for (const reserved of ['__proto__', 'constructor', 'prototype']) add(`${kind}: ${k} ${reserved}`, false, { ...base(), [k]: reserved });
      add(`${kind}: ${k} toString (not reserved)`, true, { ...base(), [k]: k === 'id' ? `toString${n}` : 'toString' });
    }
  }
  for (const state of AgvStateSchema.options) add(`agv: state ${state}`, true, { ...bases.agv(), state });
  add('agv: an unknown state', false, { ...bases.agv(), state: 'dancing' });
  for (const event of TruckEventSchema.options) add(`truck: event ${event}`, true, { ...bases.truck(), event });
  for (const direction of DirectionSchema.options) add(`truck: direction ${direction}`, true, { ...bases.truck(), direction });
  for (const cargo of CargoSchema.options) add(`truck: cargo ${cargo}`, true, { ...bases.truck(), cargo });
  for (const channel of ChannelSchema.options) add(`truck: channel ${channel}`, true, { ...bases.truck(), channel });
  add('truck: an unknown event', false, { ...bases.truck(), event: 'vanished' });
  add('truck: direction reversible (a lane direction, not a truck one)', false, { ...bases.truck(), direction: 'reversible' });
  add('truck: cargo gold', false, { ...bases.truck(), cargo: 'gold' });
  add('truck: channel blue', false, { ...bases.truck(), channel: 'blue' });
  add('truck: perishable as a string', false, { ...bases.truck(), perishable: 'true' });
  add('truck: perishable false', true, { ...bases.truck(), perishable: false });
  for (const type of SensorTypeSchema.options) add(`sensor: type ${type}`, true, { ...bases.sensor(), type });
  add('sensor: an unknown type', false, { ...bases.sensor(), type: 'radar' });
  add('sensor: lane only', true, bases.sensor());
  add('sensor: zone only', true, { ...without(bases.sensor(), 'lane'), zone: 'hn-vn-near' });
  add('sensor: lane and zone', true, { ...bases.sensor(), zone: 'hn-vn-near' });
  add('sensor: neither lane nor zone', false, without(bases.sensor(), 'lane'));
  add('sensor: neither lane nor zone, without unit', false, without(without(bases.sensor(), 'lane'), 'unit'));
  add('sensor: a negative value', true, { ...bases.sensor(), value: -3.5 });
  add('sensor: value a string', false, { ...bases.sensor(), value: '3' });
  add('sensor: unit of 16 characters', true, { ...bases.sensor(), unit: 'u'.repeat(16) });
  add('sensor: unit of 17 characters', false, { ...bases.sensor(), unit: 'u'.repeat(17) });
  add('sensor: an empty unit', true, { ...bases.sensor(), unit: '' });
  add('sensor: unit a number', false, { ...bases.sensor(), unit: 5 });
  add('an unknown kind', false, { ...bases.sensor(), kind: 'drone' });
  add('no kind', false, without(bases.agv(), 'kind'));
  add('agv fields under kind truck', false, { ...bases.agv(), kind: 'truck' });
  add('null', false, null);
  add('a number', false, 42);
  add('a string', false, 'agv');
  add('an array', false, [bases.agv()]);
  add('an empty object', false, {});
  return cases;
}
