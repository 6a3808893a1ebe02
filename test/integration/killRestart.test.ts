import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { AgvMessage, TelemetryAck } from '../../server/protocol';
import { buildAgvMessage } from '../support/builders';
import { recordedMessages } from '../support/recordings';
import { startChild, writeTokens, type ChildServer } from './childServer';
import { connect, TOKENS } from './harness';

const TOTAL = 20_000;
const IDS = 40;
const BATCH = 100;
const key = (m: { id: string; seq: number }) => `${m.id}#${m.seq}`;

const dir = mkdtempSync(join(tmpdir(), 'gatetwin-kill-'));
const dataDir = join(dir, 'data');
const tokens = writeTokens(dir);
let server: ChildServer | undefined;
afterAll(async () => {
  await server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** 20,000 AGV reports: 40 vehicles × 500 seqs, interleaved as a gateway would send them. */
function stream(t0: number): AgvMessage[] {
  const out: AgvMessage[] = [];
  for (let seq = 0; seq < TOTAL / IDS; seq++) {
    for (let v = 0; v < IDS; v++) out.push(buildAgvMessage({ id: `KILL-AGV-${v}`, seq, ts: t0 + seq * 200 + v, lat: 21.98 + v * 1e-4, lon: 106.72 + seq * 1e-6 }));
  }
  return out;
}

const send = (s: Socket, batch: unknown[]): Promise<TelemetryAck | { error: string }> => s.timeout(10_000).emitWithAck('telemetry', batch);

describe('kill -9 in the middle of a full-speed stream', () => {
  it('keeps every acked message exactly once, accepts the resend of the rest and refuses acked ones as duplicates', async () => {
    server = await startChild(dataDir, tokens);
    const msgs = stream(Date.now());
    const acked = new Set<string>();
    const device = await connect(server.url, '/ingest', TOKENS.device);
    // Full speed: up to 8 batches in flight; SIGKILL once half the stream is acked.
    await new Promise<void>((resolve) => {
      let next = 0;
      let inFlight = 0;
      let killed = false;
      const pump = () => {
        while (!killed && inFlight < 8 && next < msgs.length) {
          const batch = msgs.slice(next, (next += BATCH));
          inFlight++;
          send(device, batch)
            .then((ack) => {
              if ('accepted' in ack && ack.rejected.length === 0) for (const m of batch) acked.add(key(m));
            })
            .catch(() => undefined)
            .finally(() => {
              inFlight--;
              if (!killed && acked.size >= TOTAL / 2) {
                killed = true;
                void server!.kill().then(resolve);
              } else if (!killed) pump();
            });
        }
      };
      pump();
    });
    device.close();
    expect(acked.size).toBeGreaterThanOrEqual(TOTAL / 2);
    expect(acked.size).toBeLessThan(TOTAL);

    server = await startChild(dataDir, tokens);
    const recordings = join(dataDir, 'recordings');
    const counts = new Map<string, number>();
    for (const r of recordedMessages(recordings)) counts.set(key(r.msg), (counts.get(key(r.msg)) ?? 0) + 1);
    for (const k of acked) expect(counts.get(k), k).toBe(1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);

    // Committed but never acked (the ack was lost with the process) counts as a duplicate; the rest is new.
    const unacked = msgs.filter((m) => !acked.has(key(m)));
    const lost = unacked.filter((m) => !counts.has(key(m)));
    const committed = unacked.filter((m) => counts.has(key(m)));
    const again = await connect(server.url, '/ingest', TOKENS.device);
    try {
      const ackAll = async (batchOf: AgvMessage[]) => {
        const total = { accepted: 0, duplicates: 0, rejected: 0 };
        for (let i = 0; i < batchOf.length; i += 500) {
          const r = await send(again, batchOf.slice(i, i + 500));
          if ('error' in r) throw new Error(r.error);
          total.accepted += r.accepted;
          total.duplicates += r.duplicates;
          total.rejected += r.rejected.length;
        }
        return total;
      };
      expect(await ackAll(lost)).toEqual({ accepted: lost.length, duplicates: 0, rejected: 0 });
      expect(await ackAll(committed)).toEqual({ accepted: 0, duplicates: committed.length, rejected: 0 });
      const sample = msgs.filter((m) => acked.has(key(m))).filter((_m, i) => i % 10 === 0);
      expect(await ackAll(sample)).toEqual({ accepted: 0, duplicates: sample.length, rejected: 0 });
    } finally {
      again.close();
    }
    const after = new Map<string, number>();
    for (const r of recordedMessages(recordings)) after.set(key(r.msg), (after.get(key(r.msg)) ?? 0) + 1);
    expect(after.size).toBe(TOTAL);
    expect([...after.values()].every((n) => n === 1)).toBe(true);

    // The restarted twin took over the recording's state: every vehicle is there.
    const state = (await (await fetch(`${server.url}/api/state`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } })).json()) as { agvs: { id: string }[] };
    expect(state.agvs.filter((a) => a.id.startsWith('KILL-AGV-')).length).toBe(IDS);
  }, 60_000);
});
