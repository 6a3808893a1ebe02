import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Telemetry } from '../../../server/protocol';
import { TELEMETRY_KEYS } from '../../../server/protocol/telemetryCheck';
import { MAX_STRINGS, TelemetryPacker, TelemetryUnpacker } from '../../../server/recorder/telemetryPack';
import { idArb, validAgv, validSensor, validTruck } from '../security/arbitraries';
import { buildTruckMessage, T0 } from '../../support/builders';

// Revision-2 truck fields too, each present or absent.
const truck = fc
  .tuple(validTruck, fc.option(fc.constantFrom('cross-load', 'tractor-swap', 'drive-through', 'agv-transfer'), { nil: undefined }), fc.option(fc.boolean(), { nil: undefined }))
  .map(([m, mode, thirdCountry]) => ({ ...m, ...(mode === undefined ? {} : { mode }), ...(thirdCountry === undefined ? {} : { thirdCountry }) }) as Telemetry);
// Plain objects, as JSON.parse makes them (fast-check's records have no prototype).
const message: fc.Arbitrary<Telemetry> = fc
  .oneof(validAgv, truck, validSensor, fc.constant({ kind: 'sensor', id: 'S-0', seq: 0, ts: T0, type: 'loop', lane: 'L', value: -0 } as Telemetry))
  .map((m) => ({ ...m }));

/** A message of each kind carrying every field its schema allows. */
const full: { [K in Telemetry['kind']]: Telemetry & { kind: K } } = {
  agv: { kind: 'agv', id: 'A-1', seq: 7, ts: T0, lat: 21.98, lon: 106.7, heading: 12.5, speed: 3.25, battery: 0.5, state: 'loaded', container: 'MSKU1234567' },
  truck: {
    kind: 'truck', id: 'T-1', seq: 9, ts: T0 + 1, event: 'entered-lane', crossing: 'huu-nghi-freight', direction: 'export', cargo: 'fruit', perishable: true,
    lat: 21.97, lon: 106.71, heading: 359.9, speed: 0.01, lane: 'HN-3', yard: 'xuan-cuong', channel: 'red', mode: 'agv-transfer', thirdCountry: false,
  },
  sensor: { kind: 'sensor', id: 'S-1', seq: 2 ** 52, ts: T0 + 2, type: 'weather', lane: 'HN-1', zone: 'hn-vn', value: 1e-300, unit: 'visibility-m' },
};

describe('telemetry packed for the recorder thread', () => {
  it('comes out equal, field for field and key for key, batch after batch through one table', () => {
    fc.assert(
      fc.property(fc.array(fc.array(message, { minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 6 }), (batches) => {
        const packer = new TelemetryPacker();
        const unpacker = new TelemetryUnpacker();
        for (const b of batches) expect(unpacker.unpack(packer.pack(b))).toStrictEqual(b);
        expect(unpacker.size).toBe(packer.size);
      }),
      { numRuns: 300 },
    );
  });

  it.each(Object.values(full))('carries every field of a $kind message (a new schema field must be packed too)', (m) => {
    expect(Object.keys(m).sort()).toEqual([...TELEMETRY_KEYS[m.kind]].sort());
    const back = new TelemetryUnpacker().unpack(new TelemetryPacker().pack([m]))[0]!;
    expect(back).toStrictEqual(m);
    expect(Object.keys(back).sort()).toEqual([...TELEMETRY_KEYS[m.kind]].sort());
  });

  it('keeps its string table bounded when every message names something new, and stays exact across the restart', () => {
    const packer = new TelemetryPacker();
    const unpacker = new TelemetryUnpacker();
    let resets = 0;
    let largest = 0;
    for (let b = 0; b < 150; b++) {
      const batch = Array.from({ length: 500 }, (_x, i) => buildTruckMessage({ id: `T-${b}-${i}`, seq: b, ts: T0 + b, lane: `lane-${b}-${i}`, yard: `yard-${b}-${i}` }));
      const packed = packer.pack(batch);
      if (packed.reset) resets++;
      expect(unpacker.unpack(packed)).toStrictEqual(batch);
      largest = Math.max(largest, unpacker.size);
    }
    expect(resets).toBeGreaterThanOrEqual(1);
    expect(largest).toBeLessThanOrEqual(MAX_STRINGS);
    expect(unpacker.size).toBe(packer.size);
  });

  it('refuses, with a reason, a batch that refers to strings it was never sent', () => {
    const packer = new TelemetryPacker();
    packer.pack([full.truck]);
    const second = packer.pack([{ ...full.truck, seq: 10 }]);
    expect(second.strings).toEqual([]);
    expect(() => new TelemetryUnpacker().unpack(second)).toThrow(/outside the table/);
  });

  it('packs ids it has seen as refs, not again as strings', () => {
    fc.assert(
      fc.property(idArb, (id) => {
        const packer = new TelemetryPacker();
        expect(packer.pack([{ ...full.agv, id }]).strings).toContain(id);
        expect(packer.pack([{ ...full.agv, id, seq: 8 }]).strings).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });
});
