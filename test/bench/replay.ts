import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Telemetry } from '../../server/protocol';
import { listRecordings } from '../../server/recorder/dayFile';
import { exportMcap } from '../../server/recorder/mcapExport';
import { RecordingReader } from '../../server/recorder/reader';
import { twinAt } from '../../server/recorder/restore';
import { SqliteRecorder } from '../../server/recorder/sqliteRecorder';
import { runRecorded } from '../../server/replay/recordedRun';
import { ReplaySession, type ReplayOutput } from '../../server/replay/session';
import { loadScenario, scenarioSite } from '../../server/sim/scenario';
import { buildSite } from '../support/builders';
import type { BenchResult } from './types';
import { mulberry32 } from '../../server/protocol/random';

const DAY = '2026-06-15';
const SEEKS = 60;
const INGEST_MESSAGES = 400_000;

/**
 * Recording and replay (design §9): a simulated 24 h fruit-peak day (local midnight to midnight, one day file)
 * recorded through the real recorder, then random seeks in it through a replay session (keyframe + blocks +
 * one engine run, as a viewer's seek does), then the recorder's durable append rate on that day's messages.
 */
export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gatetwin-bench-replay-'));
  try {
    const scenario = loadScenario('fruit-peak');
    const site = scenarioSite(buildSite(scenario.configuration), scenario);
    const rec = new SqliteRecorder(dir, { meta: { configuration: scenario.configuration, policy: 'default', scenario: scenario.id } });
    const day = runRecorded(site, scenario, { start: Date.parse(`${DAY}T00:00:00+07:00`), hours: 24, recorder: rec });
    await rec.close();
    const bytes = listRecordings(dir).reduce((n, r) => n + r.bytes, 0);
    const seekMs = seeks(dir, site);
    const ingest = await durableIngest(dir, site);
    const mcap = await exportSize(dir);
    return [
      { name: 'replay.seek_p95_ms', value: round(percentile(seekMs, 0.95)), unit: 'ms', baseline: 150, ratio: round(percentile(seekMs, 0.95) / 150, 2) },
      { name: 'recorder.bytes_per_sample', value: round(bytes / day.messages, 2), unit: 'bytes/message', baseline: 8, ratio: round(bytes / day.messages / 8, 2) },
      { name: 'recorder.ingest_durable_msgs_per_s', value: Math.round(ingest), unit: 'messages/s' },
      { name: 'export.bytes_per_message', value: round(mcap.bytes / mcap.messages, 2), unit: 'bytes/message', baseline: 40, ratio: round(mcap.bytes / mcap.messages / 40, 2) },
      { name: 'export.msgs_per_s', value: Math.round(mcap.messages / mcap.seconds), unit: 'messages/s' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Wall ms of each of SEEKS seeks to random instants of the day, as a replay viewer's `seek` runs them. */
function seeks(dir: string, site: ReturnType<typeof buildSite>): number[] {
  const none = () => undefined;
  const out: ReplayOutput = { hello: none, frame: none, kpi: none, plan: none, alert: none, changed: none };
  const session = new ReplaySession(new RecordingReader(dir, DAY), out, { role: 'viewer', site });
  session.open();
  const rnd = mulberry32(20260615);
  const times: number[] = [];
  for (let i = 0; i < SEEKS; i++) {
    const to = Math.round(session.firstTs + rnd() * (session.lastTs - session.firstTs));
    const t0 = performance.now();
    session.control({ action: 'seek', to });
    times.push(performance.now() - t0);
  }
  session.close();
  return times;
}

/** Bytes of the day's MCAP export (zstd chunks, indexes and summary included) and the messages in it. */
async function exportSize(dir: string): Promise<{ bytes: number; messages: number; seconds: number }> {
  const reader = new RecordingReader(dir, DAY);
  let bytes = 0n;
  const t0 = performance.now();
  try {
    const counts = await exportMcap(reader, {
      position: () => bytes,
      write: (b: Uint8Array) => {
        bytes += BigInt(b.byteLength);
        return Promise.resolve();
      },
    });
    return { bytes: Number(bytes), messages: Object.values(counts).reduce((a, b) => a + b, 0), seconds: (performance.now() - t0) / 1000 };
  } finally {
    reader.close();
  }
}

/** Messages per second appended and committed (acks resolved) by a fresh recorder, 32 batches of 500 in flight. */
async function durableIngest(dir: string, site: ReturnType<typeof buildSite>): Promise<number> {
  const reader = new RecordingReader(dir, DAY);
  const batches: { rt: number; msgs: Telemetry[] }[] = [];
  let n = 0;
  reader.cursor(0).take(Infinity, (m, rt) => {
    if (n++ >= INGEST_MESSAGES) return;
    const last = batches[batches.length - 1];
    if (last && last.msgs.length < 500) last.msgs.push(m);
    else batches.push({ rt, msgs: [m] });
  });
  // Keyframes are taken of a realistic twin: the day's state at noon.
  const { twin } = twinAt(reader, site, Date.parse(`${DAY}T12:00:00+07:00`));
  reader.close();
  const out = mkdtempSync(join(tmpdir(), 'gatetwin-bench-ingest-'));
  try {
    const rec = new SqliteRecorder(out);
    let rt = 0;
    rec.attach({ twin, now: () => rt });
    const inFlight = new Set<Promise<void>>();
    const t0 = performance.now();
    for (const b of batches) {
      rt = b.rt;
      const p = rec.append(b.msgs).then(() => {
        inFlight.delete(p);
      });
      inFlight.add(p);
      if (inFlight.size >= 32) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    const s = (performance.now() - t0) / 1000;
    await rec.close();
    return batches.reduce((k, b) => k + b.msgs.length, 0) / s;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? 0;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
