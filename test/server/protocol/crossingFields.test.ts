import { describe, expect, it } from 'vitest';
import type { PROTOCOL_REVISIONS} from '../../../server/protocol';
import { formatZodError, PROTOCOL_REVISION, PROTOCOL_VERSION, TelemetrySchema, type TruckMessage } from '../../../server/protocol';
import { protocolJsonSchema } from '../../../server/protocol/jsonSchema';
import { isTelemetry } from '../../../server/protocol/telemetryCheck';
import { ChainContext, decodeBlock, encodeBlock } from '../../../server/recorder/blockCodec';
import { StringTable } from '../../../server/recorder/strings';

const TS = Date.parse('2026-06-01T10:00:00+07:00');
/** A truck message exactly as a revision-1 device sends it (no crossing fields). */
const OLD: TruckMessage = { kind: 'truck', id: 'T1', seq: 1, ts: TS, event: 'arrived', crossing: 'tan-thanh-freight', direction: 'export', cargo: 'fruit', perishable: true, yard: 'bao-nguyen', channel: 'green' };

describe('protocol revision 2: optional crossing mode and third-country flag on truck messages', () => {
  it('a revision-1 device message stays valid, on the fast path and in zod, and the version is unchanged', () => {
    expect(PROTOCOL_VERSION).toBe(1);
    expect(PROTOCOL_REVISION).toBe(2);
    expect(TelemetrySchema.safeParse(OLD).success).toBe(true);
    expect(isTelemetry(OLD)).toBe(true);
  });

  it.each([
    [{ mode: 'cross-load' }], [{ mode: 'tractor-swap' }], [{ mode: 'drive-through', thirdCountry: true }], [{ mode: 'agv-transfer', thirdCountry: false }], [{ thirdCountry: true }],
  ])('accepts %o', (extra) => {
    const m = { ...OLD, ...extra };
    expect(TelemetrySchema.safeParse(m).success).toBe(true);
    expect(isTelemetry(m)).toBe(true);
  });

  it.each([
    [{ mode: 'teleport' }, 'mode'], [{ mode: 3 }, 'mode'], [{ thirdCountry: 'yes' }, 'thirdCountry'], [{ thirdCountry: 1 }, 'thirdCountry'],
  ])('rejects %o with a reason naming the field', (extra, field) => {
    const m = { ...OLD, ...extra };
    expect(isTelemetry(m)).toBe(false);
    const r = TelemetrySchema.safeParse(m);
    expect(r.success).toBe(false);
    if (!r.success) expect(formatZodError(r.error)).toMatch(new RegExp(`^${field}:`));
  });

  it('an AGV or sensor message may not carry them', () => {
    const agv = { kind: 'agv', id: 'A1', seq: 1, ts: TS, lat: 22, lon: 106.7, heading: 0, speed: 0, battery: 1, state: 'idle', mode: 'agv-transfer' };
    expect(TelemetrySchema.safeParse(agv).success).toBe(false);
    expect(isTelemetry(agv)).toBe(false);
  });

  it('the published JSON Schema lists the fields as optional, says which revision added them and the rule', () => {
    const doc = protocolJsonSchema() as { protocolRevision: number; revisions: typeof PROTOCOL_REVISIONS; description: string; telemetry: { oneOf?: unknown[]; anyOf?: unknown[] } };
    expect(doc.protocolRevision).toBe(2);
    expect(doc.revisions.find((r) => r.revision === 2)?.added).toEqual(['truck.mode', 'truck.thirdCountry']);
    expect(doc.description).toMatch(/older revision stays valid/);
    const truck = (doc.telemetry.oneOf ?? doc.telemetry.anyOf ?? []).find((s) => JSON.stringify(s).includes('"truck"')) as { properties: { mode: { enum: string[]; description: string } }; required: string[] };
    expect(truck.properties.mode.enum).toEqual(['cross-load', 'tractor-swap', 'drive-through', 'agv-transfer']);
    expect(truck.properties.mode.description).toMatch(/revision 2/);
    expect(truck.required).not.toContain('mode');
    expect(truck.required).not.toContain('thirdCountry');
  });

  it('the recorder keeps the fields (and their absence) through its block codec', () => {
    const msgs: TruckMessage[] = [OLD, { ...OLD, seq: 2, mode: 'drive-through', thirdCountry: true }, { ...OLD, seq: 3, thirdCountry: false }, { ...OLD, seq: 4, mode: 'agv-transfer' }];
    const strings = new StringTable();
    const buf = encodeBlock({ msgs, rts: msgs.map((m) => m.ts), events: [] }, strings, new ChainContext());
    expect(decodeBlock(buf, strings, new ChainContext()).msgs).toEqual(msgs);
  });
});
