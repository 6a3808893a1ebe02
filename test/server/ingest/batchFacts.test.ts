import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../../server/clock';
import { IngestPipeline } from '../../../server/ingest/pipeline';
import { batchTextOf, rememberWireText, wireText } from '../../../server/ingest/batchFacts';
import type { Telemetry } from '../../../server/protocol';
import type { Recorder } from '../../../server/recorder/recorder';
import { MemoryAuditLog } from '../../../server/audit/auditLog';
import { SecurityEdge } from '../../../server/security/edge';
import { securitySettings } from '../../../server/security/settings';
import { TokenStore, type Principal } from '../../../server/tokens';
import { Twin } from '../../../server/twin/twin';
import { buildSensorMessage, buildSite, buildTruckMessage } from '../../support/builders';

describe('batchTextOf', () => {
  it.each([
    { packet: '2/ingest,7["telemetry",[{"a":1}]]', text: '[{"a":1}]' },
    { packet: '2["telemetry",[1,2]]', text: '[1,2]' },
    { packet: '2/ingest,["telemetry",[]]', text: '[]' },
    // Blanks inside the payload are JSON's own: the text still parses to the batch.
    { packet: '2/ingest,7["telemetry", [1]]', text: ' [1]' },
  ])('cuts the batch out of $packet', ({ packet, text }) => {
    expect(batchTextOf(packet)).toBe(text);
  });

  it.each([
    { why: 'a blank after the id', packet: '2/ingest,7 ["telemetry",[1]]' },
    { why: 'a blank inside the event name', packet: '2/ingest,7[ "telemetry",[1]]' },
    { why: 'trailing blanks', packet: '2/ingest,7["telemetry",[1]] ' },
    { why: 'a binary event', packet: '51-/ingest,7["telemetry",{"_placeholder":true,"num":0}]' },
    { why: 'another event', packet: '2/ingest,7["lane:set",[1]]' },
    { why: 'a namespace without its comma', packet: '2/ingest' },
  ])('leaves it unknown with $why (the messages are serialised again)', ({ packet }) => {
    expect(batchTextOf(packet)).toBeUndefined();
  });
});

describe('rememberWireText on a real Socket.IO server', () => {
  const http = createServer();
  const io = new Server(http);
  let url = '';
  const seen: { batch: unknown; text: string | undefined }[] = [];
  beforeAll(async () => {
    rememberWireText(io);
    io.of('/ingest').on('connection', (s) => s.on('telemetry', (batch: unknown, ack: (n: number) => void) => {
      seen.push({ batch, text: wireText(batch) });
      ack(seen.length);
    }));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/ingest`;
  });
  afterAll(async () => {
    await io.close();
  });

  it('knows the exact text each batch arrived in, batch by batch, with unicode and escapes', async () => {
    const client = connect(url, { transports: ['websocket'] });
    const batches = [
      [buildTruckMessage({ id: 'T-1', seq: 1 }), buildSensorMessage({ id: 'S-1', seq: 1 })],
      [buildTruckMessage({ id: 'T-Lạng Sơn "2"', seq: 9 })],
    ];
    for (const b of batches) await client.timeout(5_000).emitWithAck('telemetry', b);
    client.close();
    expect(seen).toHaveLength(2);
    for (const [i, s] of seen.entries()) {
      expect(s.text).toBe(JSON.stringify(batches[i]));
      expect(JSON.parse(s.text!)).toEqual(s.batch);
    }
  });
});

describe('IngestPipeline hands the recorder the wire text only when it is exactly what was accepted', () => {
  class Capture implements Recorder {
    json: (string | undefined)[] = [];
    async append(_msgs: readonly Telemetry[], json?: string): Promise<void> {
      this.json.push(json);
    }
    event(): void {}
    async close(): Promise<void> {}
  }
  // The batch decoded by the wrapped parser, as a device connection's decoder would (no server needs to listen).
  const arrived = async (pipeline: IngestPipeline, batch: Telemetry[]) => {
    const io = new Server();
    rememberWireText(io);
    const decoder = new io._parser.Decoder();
    let decoded: unknown;
    decoder.on('decoded', (p) => (decoded = (p.data as unknown[])[1]));
    decoder.add(`2/ingest,1${JSON.stringify(['telemetry', batch])}`);
    return pipeline.ingest(decoded, 'test');
  };

  it('passes the text on for a batch accepted whole, and not for one with a duplicate or a refusal', async () => {
    const rec = new Capture();
    const pipeline = new IngestPipeline(new Twin(buildSite()), rec, new SystemClock());
    const first = [buildTruckMessage({ id: 'T-1', seq: 1, ts: Date.now() }), buildTruckMessage({ id: 'T-2', seq: 1, ts: Date.now() })];
    expect((await arrived(pipeline, first)).accepted).toBe(2);
    expect((await arrived(pipeline, [first[0]!, buildTruckMessage({ id: 'T-3', seq: 1, ts: Date.now() })])).duplicates).toBe(1);
    expect((await arrived(pipeline, [{ ...buildTruckMessage({ id: 'T-4', seq: 1, ts: Date.now() }), speed: -5 }, buildTruckMessage({ id: 'T-5', seq: 1, ts: Date.now() })])).rejected).toHaveLength(1);
    expect(rec.json).toEqual([JSON.stringify(first), undefined, undefined]);
  });
});

describe('SecurityEdge.admitTelemetry tells the pipeline when every message already passed the schema check', () => {
  const edge = new SecurityEdge(securitySettings({}), new TokenStore({ tokens: [] }), new MemoryAuditLog(), pino({ level: 'silent' }));
  const who: Principal = { key: 'device-1', name: 'device-1', role: 'device' };

  it.each([
    { name: 'a batch of valid messages', batch: [buildTruckMessage({ id: 'T-1' }), buildSensorMessage({ id: 'S-1' })], valid: true },
    { name: 'a batch with one invalid message', batch: [buildTruckMessage({ id: 'T-1' }), { ...buildTruckMessage({ id: 'T-2' }), speed: -5 }], valid: false },
    { name: 'something that is not a batch', batch: { kind: 'truck' }, valid: false },
  ])('$name: valid is $valid', ({ batch, valid }) => {
    expect(edge.admitTelemetry(who, batch)).toEqual({ ok: true, valid });
  });
});
