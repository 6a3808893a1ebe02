import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BATCH, type TelemetryAck } from '../../server/protocol';
import { buildSensorMessage } from '../support/builders';
import { telemetryCases } from '../support/telemetryCases';
import { connect, startServer, TOKENS, type Harness } from './harness';

let h: Harness;
let device: Socket;
let schema: { telemetry: object; ack: object };
beforeAll(async () => {
  h = await startServer();
  device = await connect(h.url, '/ingest', TOKENS.device);
  schema = (await (await fetch(`${h.url}/api/protocol`, { headers: { authorization: `Bearer ${TOKENS.device}` } })).json()) as typeof schema;
});
afterAll(async () => {
  device.close();
  await h.close();
});

const send = (batch: unknown): Promise<unknown> => device.timeout(10_000).emitWithAck('telemetry', batch);

describe('a third party validating with GET /api/protocol and the running server agree', () => {
  it('on every message of a broad table, and every reply fits the published reply schema', async () => {
    const ajv = new Ajv2020({ strict: false });
    const telemetryValid = ajv.compile(schema.telemetry);
    const replyValid = ajv.compile(schema.ack);
    const cases = telemetryCases(Date.now());
    const disagreements: string[] = [];
    for (let start = 0; start < cases.length; start += MAX_BATCH) {
      const chunk = cases.slice(start, start + MAX_BATCH);
      const reply = await send(chunk.map((c) => c.message));
      expect(replyValid(reply), JSON.stringify(reply)).toBe(true);
      const refused = new Set((reply as TelemetryAck).rejected.map((r) => r.index));
      chunk.forEach((c, i) => {
        const byServer = !refused.has(i);
        if (byServer !== telemetryValid(c.message) || byServer !== c.valid) disagreements.push(`${c.name}: server ${byServer}, schema ${telemetryValid(c.message)}`);
      });
      expect((reply as TelemetryAck).accepted).toBe(chunk.filter((c) => c.valid).length);
    }
    expect(disagreements).toEqual([]);
  });

  it('refusals of a whole batch fit the published reply schema, over the socket and HTTP', async () => {
    const replyValid = new Ajv2020({ strict: false }).compile(schema.ack);
    for (const batch of [[], { kind: 'agv' }, Array.from({ length: MAX_BATCH + 1 }, () => buildSensorMessage())]) {
      const reply = await send(batch);
      expect(reply).toEqual({ error: expect.any(String) });
      expect(replyValid(reply)).toBe(true);
    }
    const res = await fetch(`${h.url}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.device}`, 'content-type': 'application/json' }, body: '{"kind":"agv"}' });
    expect(res.status).toBe(400);
    expect(replyValid(await res.json())).toBe(true);
  });

  it('deduplicates a message up to 4,095 seqs behind the newest of its id and refuses one 4,096 behind, as documented', async () => {
    const msg = (seq: number) => buildSensorMessage({ id: 'loop-window', seq, ts: Date.now() });
    expect(await send([msg(10_000)])).toMatchObject({ accepted: 1 });
    expect(await send([msg(10_000 - 4_096)])).toMatchObject({ accepted: 0, rejected: [{ index: 0, error: expect.stringMatching(/^seq: .*too far behind/) }] });
    expect(await send([msg(10_000 - 4_095)])).toMatchObject({ accepted: 1, duplicates: 0, rejected: [] });
    expect(await send([msg(10_000 - 4_095)])).toMatchObject({ accepted: 0, duplicates: 1 });
  });
});
