import { describe, expect, it } from 'vitest';
import { kindOfBlockCode, TELEMETRY_KIND_NAMES, TELEMETRY_KINDS, TelemetrySchema, type Telemetry } from '../../../server/protocol';
import { ChainContext, decodeBlock, encodeBlock } from '../../../server/recorder/blockCodec';
import { StringTable } from '../../../server/recorder/strings';
import { buildSensorMessage, T0 } from '../../support/builders';

describe('the telemetry-kind registry', () => {
  it('lists exactly the kinds the schema knows, each with its own block code', () => {
    expect([...TELEMETRY_KIND_NAMES].sort()).toEqual(TelemetrySchema.options.map((o) => o.shape.kind.value).sort());
    const codes = TELEMETRY_KIND_NAMES.map((k) => TELEMETRY_KINDS[k].blockCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const k of TELEMETRY_KIND_NAMES) expect(kindOfBlockCode(TELEMETRY_KINDS[k].blockCode)).toBe(k);
    expect(kindOfBlockCode(codes.length + 5)).toBeUndefined();
  });

  it('keeps the block codes recordings on disk were written with', () => {
    expect(TELEMETRY_KIND_NAMES.map((k) => [k, TELEMETRY_KINDS[k].blockCode])).toEqual([['agv', 0], ['truck', 1], ['sensor', 2]]);
  });

  it('the block codec refuses a kind it does not know instead of recording it as a sensor', () => {
    const drone = { ...buildSensorMessage(), kind: 'drone' } as unknown as Telemetry;
    expect(() => encodeBlock({ msgs: [drone], rts: [T0], events: [] }, new StringTable(), new ChainContext())).toThrow();
    const strings = new StringTable();
    const buf = encodeBlock({ msgs: [buildSensorMessage()], rts: [T0], events: [] }, strings, new ChainContext());
    // format, count, length of the kind column, then the one kind byte.
    expect(buf[3]).toBe(TELEMETRY_KINDS.sensor.blockCode);
    buf[3] = 9;
    expect(() => decodeBlock(buf, strings, new ChainContext())).toThrow(/unknown telemetry kind/);
  });
});
