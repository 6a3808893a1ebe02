import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply, TelemetryAck } from '../../server/protocol';
import { listRecordings } from '../../server/recorder/dayFile';
import { RecordingReader } from '../../server/recorder/reader';
import type { SecurityCounters } from '../../server/security/counters';
import { buildAgvMessage, buildTruckMessage } from '../support/builders';
import { connect, TOKENS } from './harness';
import { startSecure, type SecureHarness } from './securityHarness';

// Rule 3 (input): every inbound payload goes through its schema, unknown fields are rejected, prototypes stay
// clean, device clocks far off server time are flagged (accepted, counted, recorded), bad input is counted.
let h: SecureHarness;
beforeAll(async () => {
  h = await startSecure({ security: { maxSkewMs: 10 * 60_000 } });
});
afterAll(async () => h.closeAll());

const counters = async () => ((await (await fetch(`${h.url}/api/health`, { headers: { authorization: `Bearer ${TOKENS.admin}` } })).json()) as { security: SecurityCounters; ingest: { rejected: number } });
const protoKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();

describe('every handler parses its payload', () => {
  it('/twin requests: wrong types, unknown fields and unknown events are refused and counted', async () => {
    const op = await connect(h.url, '/twin', TOKENS.operator);
    const before = (await counters()).security.badCommands;
    const ask = (event: string, payload: unknown) => op.timeout(5_000).emitWithAck(event, payload) as Promise<Reply<unknown>>;
    expect(await ask('vehicle:get', { handle: 'seven' })).toEqual({ ok: false, error: expect.stringMatching(/^handle:/) });
    expect(await ask('vehicle:get', { handle: 70_000 })).toEqual({ ok: false, error: expect.stringMatching(/^handle:/) });
    expect(await ask('vehicle:get', { handle: 1, extra: true })).toEqual({ ok: false, error: expect.stringMatching(/extra/) });
    expect(await ask('alerts:list', { sneaky: 1 })).toEqual({ ok: false, error: expect.stringMatching(/sneaky/) });
    expect(await ask('lane:set', { lane: 'HN-1', open: 'yes' })).toEqual({ ok: false, error: expect.stringMatching(/^open:/) });
    expect(await ask('lane:set', { lane: '__proto__' })).toEqual({ ok: false, error: expect.stringMatching(/^lane:/) });
    expect(await ask('alert:ack', { id: '' })).toEqual({ ok: false, error: expect.stringMatching(/^id:/) });
    expect(await ask('alert:ack', 'engine-error')).toMatchObject({ ok: false });
    op.emit('scenario:load', { id: 'x' }, () => {});
    op.emit('lane:set', { lane: 'HN-1', open: false }); // no reply callback: ignored, counted
    await expect.poll(async () => (await counters()).security.badCommands - before).toBe(10);
    expect(h.app.live.twin.lanes.byId.get('HN-1')!.open).toBe(true);
    op.close();
  });

  it('/ingest: a batch that is not an array or has no ack is refused and counted; a bad message only is rejected', async () => {
    const dev = await connect(h.url, '/ingest', TOKENS.device);
    const before = (await counters()).security.badBatches;
    expect(await dev.timeout(5_000).emitWithAck('telemetry', 'hello')).toEqual({ error: expect.stringMatching(/array/) });
    expect(await dev.timeout(5_000).emitWithAck('telemetry', [])).toEqual({ error: expect.stringMatching(/1–500/) });
    dev.emit('telemetry', [buildAgvMessage()]);
    const ack = (await dev.timeout(5_000).emitWithAck('telemetry', [buildAgvMessage({ id: 'AGV-IN', seq: 1, ts: Date.now() }), { ...buildAgvMessage(), typo: 1 }])) as TelemetryAck;
    expect(ack).toEqual({ accepted: 1, duplicates: 0, rejected: [{ index: 1, error: expect.stringMatching(/typo/) }] });
    await expect.poll(async () => (await counters()).security.badBatches - before).toBe(3);
    dev.close();
  });
});

describe('prototype pollution', () => {
  it('__proto__ and constructor.prototype payloads over every door leave every prototype clean', async () => {
    const before = protoKeys();
    const dev = await connect(h.url, '/ingest', TOKENS.device);
    const op = await connect(h.url, '/twin', TOKENS.operator);
    const bait = [
      JSON.parse(`{"kind":"agv","id":"AGV-P","seq":1,"ts":${Date.now()},"lat":21.99,"lon":106.72,"heading":1,"speed":1,"battery":1,"state":"idle","__proto__":{"polluted":"yes"}}`) as unknown,
      JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}') as unknown,
      { constructor: { prototype: { polluted: 'yes' } } },
    ];
    const ack = (await dev.timeout(5_000).emitWithAck('telemetry', bait)) as TelemetryAck;
    expect(ack.accepted).toBe(0);
    expect(ack.rejected.map((r) => r.index)).toEqual([0, 1, 2]);
    for (const payload of bait) {
      await op.timeout(5_000).emitWithAck('lane:set', payload);
      await op.timeout(5_000).emitWithAck('vehicle:get', payload);
    }
    const body = `[{"kind":"truck","id":"T-P","seq":1,"ts":${Date.now()},"event":"arrived","crossing":"huu-nghi-freight","direction":"export","cargo":"fruit","perishable":true,"__proto__":{"polluted":"yes"}}]`;
    const res = await fetch(`${h.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.device}` }, body });
    expect(((await res.json()) as TelemetryAck).rejected).toHaveLength(1);
    expect(protoKeys()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(h.app.live.twin.agvs.has('AGV-P')).toBe(false);
    dev.close();
    op.close();
  });
});

describe('device clock skew', () => {
  it('accepts a message stamped an hour off, counts it, and records a flag event in the recording', async () => {
    const dev = await connect(h.url, '/ingest', TOKENS.device);
    const before = (await counters()).security.skewed;
    const now = Date.now();
    const ack = (await dev.timeout(5_000).emitWithAck('telemetry', [
      buildTruckMessage({ id: 'T-SKEW', seq: 1, ts: now + 3_600_000 }),
      buildTruckMessage({ id: 'T-SKEW', seq: 2, ts: now - 3_600_000, event: 'position' }),
      buildTruckMessage({ id: 'T-OK', seq: 1, ts: now }),
    ])) as TelemetryAck;
    expect(ack).toMatchObject({ accepted: 3, rejected: [] });
    expect((await counters()).security.skewed - before).toBe(2);
    const dir = join(h.dataDir, 'recordings');
    const flags = listRecordings(dir).flatMap((r) => {
      const reader = new RecordingReader(dir, r.name);
      try {
        return reader.events('flag');
      } finally {
        reader.close();
      }
    });
    expect(flags.map((f) => f.data)).toEqual([expect.objectContaining({ flag: 'clock-skew', id: 'T-SKEW', seq: 1, skewMs: expect.any(Number), maxSkewMs: 600_000 })]);
    expect(h.app.live.twin.trucks.has('T-SKEW')).toBe(true);
    dev.close();
  });
});
