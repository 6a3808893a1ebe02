import { McapIndexedReader } from '@mcap/core';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/app';
import { SystemClock } from '../../server/clock';
import { defaultEngineConfig, initialMemory, runEngine } from '../../server/engine';
import type { Command, Kpi, ReplayStatus, Site, Telemetry, TelemetryAck } from '../../server/protocol';
import { restoreLatest } from '../../server/recorder/restore';
import { SqliteRecorder } from '../../server/recorder/sqliteRecorder';
import { engineInput, QueueHistory } from '../../server/twin/engineInput';
import { TokenStore } from '../../server/tokens';
import { buildAgvMessage, buildSensorMessage, buildSite, buildTruckMessage } from '../support/builders';
import { PROTO_IDS } from '../support/protoIds';
import { connect, openReplay, TOKENS, waitFor } from './harness';
import { mcapDecompressHandlers } from '../../server/recorder/mcapExport';

// Issue 12: ids named like Object.prototype members (`toString`, `valueOf`, …) once stopped every engine tick, and
// the stop survived a restart because the twin is restored from the recording. Every such name the id rule admits
// goes, as every id-like field, through a real server: ingest, engine ticks, restart-restore, replay, MCAP export.

// Open all day, so trucks are called whatever the hour the test runs at.
function allDay(s: Site): Site {
  return { ...s, crossings: s.crossings.map((c) => ({ ...c, hours: { open: '00:00', close: '00:00' }, lanes: c.lanes.map(({ hours: _own, ...l }) => l) })) };
}
const site = allDay(buildSite());
const dir = mkdtempSync(join(tmpdir(), 'gatetwin-protoids-'));
const recordings = join(dir, 'recordings');
const apps: App[] = [];
afterAll(async () => {
  for (const a of apps) await a.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function boot(): Promise<{ app: App; url: string }> {
  const app = createApp({
    site, configuration: 'today', clock: new SystemClock(),
    tokens: new TokenStore({ tokens: Object.entries(TOKENS).map(([role, token]) => ({ token, role: role as keyof typeof TOKENS, id: `${role}-test` })) }),
    recorder: new SqliteRecorder(recordings), frameMs: 50, engineMs: 200,
  });
  apps.push(app);
  const addr = await app.listen(0);
  return { app, url: `http://127.0.0.1:${addr.port}` };
}

// At the Youyiguan end of the Hữu Nghị AGV corridor, where the terminal's containers wait.
const TERMINAL = { lat: 21.994235, lon: 106.731407 };
// At its other end (3.8 km away), out of the way of departures from the terminal.
const AGV_YARD = { lat: 21.962582, lon: 106.716682 };
let seq = 0;

/** Every id-like field of every message kind set to `n` (plus the real crossing where a plan needs one). */
function poisoned(n: string): Telemetry[] {
  const ts = Date.now();
  const s = () => ++seq;
  return [
    buildAgvMessage({ id: n, seq: s(), ts, ...TERMINAL, state: 'idle', battery: 0.95, speed: 0 }),
    buildAgvMessage({ id: `L.${n}`, seq: s(), ts, ...AGV_YARD, state: 'unloading', battery: 0.9, speed: 0, container: n }),
    buildTruckMessage({ id: n, seq: s(), ts, event: 'arrived', yard: n, perishable: false }),
    buildTruckMessage({ id: `c.${n}`, seq: s(), ts, event: 'arrived', crossing: n }),
    buildTruckMessage({ id: `l.${n}`, seq: s(), ts, event: 'entered-lane', lane: n }),
    buildSensorMessage({ id: n, seq: s(), ts, type: 'queue', lane: undefined, zone: 'youyiguan-terminal', value: 6, unit: 'containers' }),
    buildSensorMessage({ id: `z.${n}`, seq: s(), ts, type: 'queue', lane: undefined, zone: n, value: 2 }),
    buildSensorMessage({ id: `s.${n}`, seq: s(), ts, type: 'loop', lane: n, value: 1 }),
  ];
}

const send = (device: Socket, batch: Telemetry[]): Promise<TelemetryAck> => device.timeout(10_000).emitWithAck('telemetry', batch) as Promise<TelemetryAck>;

/** Resolves on the first command to a device that `pred` accepts. */
function command(device: Socket, pred: (c: Command) => boolean, ms = 15_000): Promise<Command> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no such command in time')), ms);
    device.on('command', (c: Command, reply: (r: unknown) => void) => {
      reply({ ok: true, data: undefined });
      if (pred(c)) {
        clearTimeout(timer);
        resolve(c);
      }
    });
  });
}
const proto = new Set(PROTO_IDS);

async function kpiTicks(url: string, n: number): Promise<void> {
  const viewer = await connect(url, '/twin', TOKENS.viewer);
  for (let i = 0; i < n; i++) await waitFor<Kpi>(viewer, 'kpi', () => true, 10_000);
  viewer.close();
}

describe('ids named like Object.prototype members, through a real server', () => {
  let day = '';

  it('the id rule admits some of them', () => {
    expect(PROTO_IDS.length).toBeGreaterThanOrEqual(6);
  });

  it('ingest accepts them in any order and batching; the engine keeps planning: AGVs get missions, trucks are called', async () => {
    const { app, url } = await boot();
    const device = await connect(url, '/ingest', TOKENS.device);
    const mission = command(device, (c) => c.type === 'agv:mission' && proto.has(c.agv));
    const call = command(device, (c) => c.type === 'truck:call' && proto.has(c.truck));
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(PROTO_IDS as string[], { minLength: PROTO_IDS.length }), fc.integer({ min: 1, max: 30 }), async (order, size) => {
        const msgs = order.flatMap(poisoned);
        for (let i = 0; i < msgs.length; i += size) {
          const ack = await send(device, msgs.slice(i, i + size));
          expect(ack.rejected).toEqual([]);
          expect(ack.accepted + ack.duplicates).toBe(msgs.slice(i, i + size).length);
        }
      }),
      { numRuns: 3, seed: 12 },
    );
    for (const n of PROTO_IDS) expect(app.live.twin.agvs.has(n), n).toBe(true);
    await Promise.all([mission, call]);
    await kpiTicks(url, 3);
    expect(app.live.counters.engineErrors).toBe(0);
    expect(app.live.isolation.quarantined()).toEqual([]);
    const list = (await (await fetch(`${url}/api/recordings`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } })).json()) as { day: string; kind: string }[];
    day = list.find((r) => r.kind === 'day')!.day;
    device.close();
    await app.close();
  }, 90_000);

  it('a recording poisoned with such ids restores and plans', async () => {
    // The recording alone: its twin holds the ids, and one engine tick on it plans missions for them.
    const restored = restoreLatest(recordings, site, 3_600_000)!;
    for (const n of PROTO_IDS) expect(restored.twin.agvs.has(n), n).toBe(true);
    const out = runEngine(engineInput(restored.twin, site, restored.ts, defaultEngineConfig(), new QueueHistory()), initialMemory());
    expect(out.plan.missions.some((m) => proto.has(m.agv))).toBe(true);
    expect(out.plan.assignments.some((a) => proto.has(a.truck))).toBe(true);

    // A new server restored from it ticks without error and plans for the same devices when they report again.
    const { app, url } = await boot();
    for (const n of PROTO_IDS) expect(app.live.twin.agvs.has(n), n).toBe(true);
    await kpiTicks(url, 3);
    expect(app.live.counters.engineErrors).toBe(0);
    const device = await connect(url, '/ingest', TOKENS.device);
    const mission = command(device, (c) => c.type === 'agv:mission' && proto.has(c.agv));
    const ack = await send(device, PROTO_IDS.flatMap(poisoned));
    expect(ack.rejected).toEqual([]);
    await mission;
    expect(app.live.counters.engineErrors).toBe(0);
    device.close();
  }, 90_000);

  it('the day replays over /replay (frames, KPIs, a twin with the ids) and exports as MCAP that parses back', async () => {
    const { url } = await boot();
    const { socket, status, request } = await openReplay(url, TOKENS.viewer, day);
    const frame = waitFor(socket, 'frame', () => true, 10_000);
    const kpi = waitFor<Kpi>(socket, 'kpi', () => true, 10_000);
    await request<ReplayStatus>('replay:control', { action: 'seek', to: status.lastTs });
    await Promise.all([frame, kpi]);
    const snap = await request<{ agvs: { id: string }[] }>('replay:snapshot', {});
    for (const n of PROTO_IDS) expect(snap.agvs.map((a) => a.id), n).toContain(n);
    socket.close();

    const res = await fetch(`${url}/api/recordings/${day}/export.mcap`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } });
    expect(res.status).toBe(200);
    const buf = new Uint8Array(await res.arrayBuffer());
    const mcap = await McapIndexedReader.Initialize({
      decompressHandlers: await mcapDecompressHandlers(),
      readable: { size: async () => BigInt(buf.byteLength), read: async (offset, size) => buf.subarray(Number(offset), Number(offset + size)) },
    });
    const seen = new Set<string>();
    for await (const m of mcap.readMessages()) {
      const msg = JSON.parse(new TextDecoder().decode(m.data)) as { id?: string; container?: string; zone?: string; lane?: string; yard?: string; crossing?: string };
      for (const v of [msg.id, msg.container, msg.zone, msg.lane, msg.yard, msg.crossing]) if (v !== undefined && proto.has(v)) seen.add(v);
    }
    expect([...seen].sort()).toEqual([...PROTO_IDS]);
  }, 90_000);
});
