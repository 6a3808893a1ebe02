import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { Telemetry, TelemetryAck, TruckEvent } from '../../server/protocol';
import { listRecordings } from '../../server/recorder/dayFile';
import { RecordingReader } from '../../server/recorder/reader';
import { SqliteRecorder } from '../../server/recorder/sqliteRecorder';
import { loadScenario, scenarioSite } from '../../server/sim/scenario';
import { atLocal, World } from '../../server/sim/world';
import { buildSite, buildTruckMessage, T0 } from '../support/builders';
import { connect, startServer, TOKENS, type Harness } from './harness';

// Rule 4 (order and duplicates) with real servers: the same stream clean, duplicated and shuffled within 5 s ends
// in the same twin and the same recorded set; late messages are accepted, counted and recorded; dedupe survives
// a restart.
const scenario = loadScenario('normal');
const site = scenarioSite(buildSite(), scenario);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Five simulated minutes of the normal scenario, plus trucks living their whole life within seconds. */
function cleanStream(): Telemetry[] {
  const t0 = atLocal(T0, '07:00');
  const world = new World(site, scenario, t0);
  const out: Telemetry[] = [];
  for (let s = 0; s <= 5 * 60 * 10; s++) {
    world.step(t0 + s * 100);
    out.push(...world.drain());
  }
  const life: TruckEvent[] = ['arrived', 'position', 'called', 'position', 'entered-lane', 'inspected', 'crossed', 'position', 'departed'];
  for (let k = 0; k < 40; k++) {
    life.forEach((event, i) => {
      const ts = t0 + k * 7_000 + i * 700;
      const lane = event === 'arrived' || event === 'position' ? {} : { lane: 'HN-1' };
      // Trucks 0–19 leave the zone; 20–39 stop after crossing (they stay in the twin).
      if (k >= 20 && event === 'departed') return;
      out.push(buildTruckMessage({ id: `T-LIFE-${k}`, seq: i + 1, ts, event, ...lane, lat: 21.96 + i * 1e-4, lon: 106.715 }));
    });
  }
  return out.sort((a, b) => a.ts - b.ts);
}

/** Every message twice, each copy displaced by up to 5 s of device time (a seeded shuffle). */
function duplicatedShuffled(clean: readonly Telemetry[]): Telemetry[] {
  let x = 12_345;
  const rnd = () => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  return [...clean, ...clean].map((m) => ({ m, at: m.ts + rnd() * 5_000 })).sort((a, b) => a.at - b.at).map((e) => e.m);
}

async function sendAll(device: Socket, stream: readonly Telemetry[]): Promise<{ accepted: number; duplicates: number; rejected: number }> {
  const total = { accepted: 0, duplicates: 0, rejected: 0 };
  for (let i = 0; i < stream.length; i += 500) {
    const ack = (await device.timeout(10_000).emitWithAck('telemetry', stream.slice(i, i + 500))) as TelemetryAck;
    total.accepted += ack.accepted;
    total.duplicates += ack.duplicates;
    total.rejected += ack.rejected.length;
  }
  return total;
}

/** The twin's state without what depends on arrival time (handles, last seen, period estimates, staleness). */
async function stateHash(h: Harness): Promise<string> {
  const s = (await (await fetch(`${h.url}/api/state`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } })).json()) as Record<string, unknown[]>;
  const strip = (e: unknown) => {
    const { handle: _h, lastSeen: _l, periodMs: _p, intervals: _i, stale: _s, ...rest } = e as Record<string, unknown>;
    return rest;
  };
  const byId = (a: { id?: unknown }, b: { id?: unknown }) => String(a.id).localeCompare(String(b.id));
  const canonical = {
    trucks: (s.trucks ?? []).map(strip).sort(byId),
    agvs: (s.agvs ?? []).map(strip).sort(byId),
    sensors: (s.sensors ?? []).map(strip).sort(byId),
    lanes: s.lanes,
    queues: s.queues,
    yards: s.yards,
  };
  return createHash('sha256').update(stableJson(canonical)).digest('hex');
}

/** JSON with object keys sorted: fields set in another order are the same state. */
function stableJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
}

/** (id, seq) of every message in the recordings of a data directory, sorted. */
function recordedKeys(dir: string): string[] {
  const keys: string[] = [];
  for (const r of listRecordings(dir)) {
    const reader = new RecordingReader(dir, r.name);
    try {
      reader.cursor(0).take(Number.MAX_SAFE_INTEGER, (m) => keys.push(`${m.id}#${m.seq}`));
    } finally {
      reader.close();
    }
  }
  return keys.sort();
}

async function run(stream: readonly Telemetry[]) {
  const dir = mkdtempSync(join(tmpdir(), 'gatetwin-order-'));
  dirs.push(dir);
  const h = await startServer({ site, recorder: new SqliteRecorder(dir, { restore: false }) });
  const device = await connect(h.url, '/ingest', TOKENS.device);
  const totals = await sendAll(device, stream);
  const hash = await stateHash(h);
  const late = h.app.pipeline.counters.late;
  device.close();
  await h.close();
  return { totals, hash, late, recorded: recordedKeys(dir) };
}

describe('duplicates and reordering', () => {
  it('a duplicated, shuffled stream ends in the same state hash and the same recording as the clean one; late ones are counted', async () => {
    const clean = cleanStream();
    const a = await run(clean);
    const b = await run(duplicatedShuffled(clean));
    console.log(`order: ${clean.length} messages; clean ${a.hash.slice(0, 16)}, duplicated+shuffled ${b.hash.slice(0, 16)}; late ${b.late}, duplicates ${b.totals.duplicates}`);
    expect(a.totals).toEqual({ accepted: clean.length, duplicates: 0, rejected: 0 });
    expect(b.totals).toEqual({ accepted: clean.length, duplicates: clean.length, rejected: 0 });
    expect(b.late).toBeGreaterThan(100);
    expect(b.hash).toBe(a.hash);
    // Late messages are recorded like any other: the same set of (id, seq), each once.
    expect(b.recorded).toEqual(a.recorded);
    expect(new Set(b.recorded).size).toBe(clean.length);
  }, 60_000);
});

describe('dedupe across a restart', () => {
  it('a batch resent to a restarted server counts as duplicates, not new messages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatetwin-restart-'));
    dirs.push(dir);
    const now = Date.now();
    const batch = Array.from({ length: 50 }, (_, i) => buildTruckMessage({ id: `T-R-${i % 5}`, seq: 1 + Math.floor(i / 5), ts: now + i, event: i < 5 ? 'arrived' : 'position' }));
    const first = await startServer({ recorder: new SqliteRecorder(dir) });
    let dev = await connect(first.url, '/ingest', TOKENS.device);
    expect(await dev.timeout(5_000).emitWithAck('telemetry', batch)).toMatchObject({ accepted: 50, duplicates: 0 });
    dev.close();
    await first.close();
    const second = await startServer({ recorder: new SqliteRecorder(dir) });
    dev = await connect(second.url, '/ingest', TOKENS.device);
    expect(await dev.timeout(5_000).emitWithAck('telemetry', batch)).toMatchObject({ accepted: 0, duplicates: 50 });
    expect(await dev.timeout(5_000).emitWithAck('telemetry', [buildTruckMessage({ id: 'T-R-0', seq: 11, ts: now + 100, event: 'position' })])).toMatchObject({ accepted: 1 });
    dev.close();
    await second.close();
    expect(recordedKeys(dir)).toHaveLength(51);
  });
});
