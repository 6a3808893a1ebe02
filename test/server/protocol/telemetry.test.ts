import { describe, expect, it } from 'vitest';
import { formatZodError, TelemetrySchema } from '../../../server/protocol';
import { buildAgvMessage, buildSensorMessage, buildTruckMessage } from '../../support/builders';

const errorOf = (msg: unknown): string => {
  const r = TelemetrySchema.safeParse(msg);
  if (r.success) throw new Error('expected a rejection');
  return formatZodError(r.error);
};

describe('telemetry schemas accept good messages', () => {
  it.each([
    ['agv', buildAgvMessage()],
    ['agv with container', buildAgvMessage({ container: 'MSKU1234567' })],
    ['truck', buildTruckMessage()],
    ['truck without position', (() => { const { lat: _a, lon: _b, ...m } = buildTruckMessage({ event: 'called', lane: 'HN-2' }); return m; })()],
    ['sensor on a lane', buildSensorMessage()],
    ['sensor on a zone', { ...buildSensorMessage({ type: 'queue', zone: 'hn-vn-near' }), lane: undefined }],
  ])('%s', (_name, msg) => {
    expect(TelemetrySchema.safeParse(msg).success).toBe(true);
  });
});

describe('telemetry schemas reject each broken field with a readable path', () => {
  it.each<[string, unknown, RegExp]>([
    ['unknown kind', { ...buildAgvMessage(), kind: 'drone' }, /kind/],
    ['missing kind', (() => { const { kind: _k, ...m } = buildAgvMessage(); return m; })(), /kind/],
    ['empty id', buildAgvMessage({ id: '' }), /^id:/],
    ['id with spaces', buildAgvMessage({ id: 'a b' }), /^id:.*A-Z/],
    ['__proto__ id', buildAgvMessage({ id: '__proto__' }), /^id:/],
    ['negative seq', buildAgvMessage({ seq: -1 }), /^seq:/],
    ['fractional seq', buildAgvMessage({ seq: 1.5 }), /^seq:/],
    ['ts in seconds, not ms', buildAgvMessage({ ts: 1_750_000_000 }), /^ts:/],
    ['latitude out of range', buildAgvMessage({ lat: 91 }), /^lat:/],
    ['longitude as text', { ...buildAgvMessage(), lon: '106.7' }, /^lon:/],
    ['heading over 360', buildAgvMessage({ heading: 361 }), /^heading:/],
    ['speed NaN', buildAgvMessage({ speed: Number.NaN }), /^speed:/],
    ['speed infinite', buildAgvMessage({ speed: Infinity }), /^speed:/],
    ['battery over 1', buildAgvMessage({ battery: 1.2 }), /^battery:/],
    ['unknown agv state', { ...buildAgvMessage(), state: 'flying' }, /^state:/],
    ['unknown field', { ...buildAgvMessage(), colour: 'red' }, /colour/],
    ['unknown truck event', { ...buildTruckMessage(), event: 'teleported' }, /^event:/],
    ['unknown direction', { ...buildTruckMessage(), direction: 'sideways' }, /^direction:/],
    ['unknown cargo', { ...buildTruckMessage(), cargo: 'gold' }, /^cargo:/],
    ['perishable as string', { ...buildTruckMessage(), perishable: 'yes' }, /^perishable:/],
    ['unknown channel', { ...buildTruckMessage(), channel: 'blue' }, /^channel:/],
    ['sensor without lane or zone', (() => { const { lane: _l, ...m } = buildSensorMessage(); return m; })(), /lane.*needs lane or zone/],
    ['unknown sensor type', { ...buildSensorMessage(), type: 'radar' }, /^type:/],
    ['sensor value missing', (() => { const { value: _v, ...m } = buildSensorMessage(); return m; })(), /^value:/],
  ])('%s', (_name, msg, pattern) => {
    expect(errorOf(msg)).toMatch(pattern);
  });

  it('rejects non-objects with a message, not a crash', () => {
    for (const bad of [null, 42, 'agv', [], true]) expect(errorOf(bad)).toMatch(/./);
  });
});
