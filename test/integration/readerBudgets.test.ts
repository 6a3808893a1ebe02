import { setTimeout as delay } from 'node:timers/promises';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelemetryAck } from '../../server/protocol';
import { WorkerRecorder } from '../../server/recorder/workerRecorder';
import { buildSensorMessage } from '../support/builders';
import { connect, opened, openSocket, startOnRecording, TOKENS, waitFor, type Harness } from './harness';

let h: Harness;
let day: string;
let done: (() => Promise<void>) | undefined;
beforeAll(async () => {
  // The production set-up: the recorder on its own thread, readers in the pool, small budgets to run into.
  ({ h, day, done } = await startOnRecording('gatetwin-budgets-', 5, (dir) => new WorkerRecorder(dir, { restore: false }), {
    readers: { threads: 2, sessionsPerToken: 2, sessionsTotal: 3, exports: 0, whatifQueue: 0 },
  }));
}, 60_000);
afterAll(() => done?.());

type OpenReply = { ok: true; data: { day: string } } | { ok: false; error: string; retryAfterMs?: number };

async function replayer(token: string): Promise<{ socket: Socket; reply: OpenReply }> {
  const socket = openSocket(h.url, '/replay', token);
  await opened(socket);
  const reply = (await socket.timeout(30_000).emitWithAck('replay:open', { day })) as OpenReply;
  return { socket, reply };
}

describe('reader budgets', () => {
  it('refuse replay sessions and exports over budget with a retry time, while every device batch is acked', async () => {
    const device = await connect(h.url, '/ingest', TOKENS.device);
    const sockets: Socket[] = [device];
    try {
      // The writer keeps sending all along, as a device does, at a pace under its token's rate limit (20,000
      // messages/s): at most one 50-message batch per 5 ms. Every batch must be acked as accepted, whatever the
      // readers do.
      let seq = 0;
      let sending = true;
      const acks: (TelemetryAck | { error: string })[] = [];
      const writer = (async () => {
        while (sending) {
          const batch = Array.from({ length: 50 }, () => buildSensorMessage({ id: 'BUDGET-S1', seq: seq++, ts: Date.now() }));
          acks.push((await device.timeout(10_000).emitWithAck('telemetry', batch)) as TelemetryAck | { error: string });
          await delay(5);
        }
      })();

      const first = await replayer(TOKENS.viewer);
      const second = await replayer(TOKENS.viewer);
      sockets.push(first.socket, second.socket);
      expect(first.reply).toMatchObject({ ok: true, data: { day } });
      expect(second.reply).toMatchObject({ ok: true, data: { day } });
      // A third session with the same token: refused politely, with when to retry.
      const third = await replayer(TOKENS.viewer);
      sockets.push(third.socket);
      expect(third.reply).toEqual({ ok: false, error: expect.stringMatching(/this token already has 2 sessions open.*retry in 30 s/), retryAfterMs: 30_000 });
      // Another token has its own budget, up to the server's total of 3.
      const other = await replayer(TOKENS.operator);
      sockets.push(other.socket);
      expect(other.reply.ok).toBe(true);
      const over = await replayer(TOKENS.admin);
      sockets.push(over.socket);
      expect(over.reply).toMatchObject({ ok: false, error: expect.stringMatching(/server has 3 sessions open/), retryAfterMs: 30_000 });
      // Closing a session gives its slot back.
      const changed = waitFor(other.socket, 'replay:changed', () => true, 20_000);
      expect(await other.socket.timeout(20_000).emitWithAck('replay:control', { action: 'play', speed: 3600 })).toMatchObject({ ok: true });
      await changed;
      other.socket.close();
      const retry = async () => {
        const r = await replayer(TOKENS.admin);
        sockets.push(r.socket);
        return r.reply.ok;
      };
      await expect.poll(retry, { timeout: 20_000, interval: 200 }).toBe(true);

      // Exports over budget: 429 with Retry-After (this server allows none at once).
      const res = await fetch(`${h.url}/api/recordings/${day}/export.mcap`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('30');
      expect(await res.json()).toMatchObject({ error: expect.stringMatching(/export.*at most 0/), retryAfterMs: 30_000 });

      sending = false;
      await writer;
      expect(acks.length).toBeGreaterThan(0);
      expect(acks.filter((a) => !('accepted' in a && a.accepted === 50 && a.rejected.length === 0))).toEqual([]);
    } finally {
      for (const s of sockets) s.close();
    }
    // Six replay opens, a replay played to its end and a retry poll, each allowed 20–30 s: on a loaded 2-core machine
    // (a clean-clone run at twice its usual length) they took more than the project's default of 30 s in all.
  }, 120_000);
});
