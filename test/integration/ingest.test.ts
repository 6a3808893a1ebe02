import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame, EntityKind, Field, toX, toY, type TelemetryAck } from '../../server/protocol';
import { buildAgvMessage, buildTruckMessage } from '../support/builders';
import { recordedMessages } from '../support/recordings';
import { connect, frameView, opened, openSocket, startServer, TOKENS, waitFor, type Harness } from './harness';

let h: Harness;
let device: Socket;
beforeAll(async () => {
  h = await startServer();
  device = await connect(h.url, '/ingest', TOKENS.device);
});
afterAll(async () => {
  device.close();
  await h.close();
});

const send = (batch: unknown): Promise<TelemetryAck | { error: string }> => device.timeout(5_000).emitWithAck('telemetry', batch);
const now = () => Date.now();

describe('ingest over Socket.IO', () => {
  it('acks only the valid messages of a batch, each rejection with its index and reason', async () => {
    const t = now();
    const ack = await send([
      buildTruckMessage({ id: 'T-A', seq: 1, ts: t }),
      { ...buildTruckMessage({ id: 'T-B', seq: 1, ts: t }), cargo: 'gold' },
      buildAgvMessage({ id: 'AGV-A', seq: 1, ts: t }),
      { kind: 'agv', id: 'AGV-B' },
      buildTruckMessage({ id: 'T-C', seq: 1, ts: t }),
    ]);
    expect(ack).toMatchObject({ accepted: 3, duplicates: 0 });
    const rejected = (ack as TelemetryAck).rejected;
    expect(rejected.map((r) => r.index)).toEqual([1, 3]);
    expect(rejected[0]!.error).toMatch(/^cargo:/);
    expect(rejected[1]!.error).toMatch(/seq/);
  });

  it('counts a resent batch as duplicates and accepts nothing twice', async () => {
    const batch = [buildTruckMessage({ id: 'T-D', seq: 7, ts: now() }), buildTruckMessage({ id: 'T-D', seq: 8, ts: now(), event: 'position' })];
    expect(await send(batch)).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await send(batch)).toMatchObject({ accepted: 0, duplicates: 2 });
  });

  it('refuses a batch that is not an array of 1–500 messages, with a reason', async () => {
    expect(await send({ kind: 'agv' })).toEqual({ error: expect.stringMatching(/array/) });
    expect(await send([])).toEqual({ error: expect.stringMatching(/1–500/) });
    expect(await send(Array.from({ length: 501 }, (_, i) => buildAgvMessage({ seq: i })))).toEqual({ error: expect.stringMatching(/501/) });
  });

  it('acks only once the messages are in the recording on disk', async () => {
    const t = now();
    const batch = Array.from({ length: 50 }, (_, i) => buildAgvMessage({ id: 'AGV-DURABLE', seq: i, ts: t + i }));
    expect(await send(batch)).toMatchObject({ accepted: 50 });
    const seqs = recordedMessages(join(h.dataDir, 'recordings'))
      .filter((r) => r.msg.id === 'AGV-DURABLE')
      .map((r) => r.msg.seq);
    expect(seqs.sort((a, b) => a - b)).toEqual(batch.map((m) => m.seq));
  });

  it('shows an AGV a device sent in /api/state and in the next frame a viewer sees', async () => {
    const viewer = openSocket(h.url, '/twin', TOKENS.viewer);
    const helloP = waitFor<{ site: { origin: { lat: number; lon: number } } }>(viewer, 'hello');
    await opened(viewer);
    try {
      const hello = await helloP;
      expect(hello.site.origin.lat).toBeCloseTo(21.987, 3);
      const [lat, lon] = [21.9705, 106.7213];
      // A vehicle new to the stream comes with every field (frame layout v2).
      const frame = waitFor<Uint8Array>(viewer, 'frame', (buf) =>
        decodeFrame(frameView(buf)).records.some((r) => r.mask & Field.attrs && r.kind === EntityKind.agv && Math.abs(r.batteryQ / 255 - 0.42) < 0.01),
      );
      await send([buildAgvMessage({ id: 'AGV-SEEN', seq: 1, ts: now(), lat, lon, battery: 0.42 })]);
      const buf = await frame;
      expect(buf.byteLength).toBeGreaterThan(20);
      const state = (await (await fetch(`${h.url}/api/state`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } })).json()) as {
        agvs: { id: string; x: number; y: number; battery: number }[];
      };
      const agv = state.agvs.find((a) => a.id === 'AGV-SEEN')!;
      expect(agv.battery).toBe(0.42);
      const f = h.app.live.twin.frame;
      expect(agv.x).toBeCloseTo(toX(f, lon), 3);
      expect(agv.y).toBeCloseTo(toY(f, lat), 3);
    } finally {
      viewer.close();
    }
  });
});

describe('POST /api/ingest', () => {
  const post = (body: unknown, token: string | null = TOKENS.device) =>
    fetch(`${h.url}/api/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('acks like the socket: valid accepted, invalid rejected by index, resend counted as duplicates', async () => {
    const batch = [buildTruckMessage({ id: 'T-HTTP', seq: 1, ts: now() }), { ...buildTruckMessage({ id: 'T-HTTP2' }), perishable: 'yes' }];
    const first = await post(batch);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [{ index: 1, error: expect.stringMatching(/^perishable:/) }] });
    expect(await (await post(batch)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(h.app.live.twin.trucks.has('T-HTTP')).toBe(true);
  });

  it.each<[string, unknown, string | null, number, RegExp]>([
    ['no token', [buildAgvMessage()], null, 401, /token/],
    ['a viewer token', [buildAgvMessage()], TOKENS.viewer, 403, /viewer/],
    ['a body that is not JSON', '{not json', TOKENS.device, 400, /JSON/],
    ['a body that is not an array', { kind: 'agv' }, TOKENS.device, 400, /array/],
  ])('refuses %s with a clear error', async (_name, body, token, status, pattern) => {
    const res = await post(body, token);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toMatch(pattern);
  });
});
