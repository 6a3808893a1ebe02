import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Telemetry } from '../../../server/protocol';
import { RecordingReader } from '../../../server/recorder/reader';
import { twinAt } from '../../../server/recorder/restore';
import { WorkerRecorder } from '../../../server/recorder/workerRecorder';
import { NICE } from '../../../server/workers/spawn';
import { Twin } from '../../../server/twin/twin';
import { buildAgvMessage, buildSite, T0 } from '../../support/builders';

const site = buildSite();
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatetwin-wrec-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const agvs = (n: number, from = 0, t = T0) => Array.from({ length: n }, (_x, i) => buildAgvMessage({ id: `A${(from + i) % 7}`, seq: from + i, ts: t + i, lat: (219_900_000 + i * 100) / 1e7 }));

describe('WorkerRecorder (the recorder on its own thread)', () => {
  it('acks each batch once it is durable, records events and keyframes, and restores the twin from them', async () => {
    const twin = new Twin(site);
    const rec = new WorkerRecorder(dir, { commitMs: 1, keyframeMinMs: 0, keyframeMaxMessages: 150 });
    await rec.ready();
    let now = T0;
    rec.attach({ twin, now: () => now });
    const health: (string | undefined)[] = [];
    rec.onHealth((e) => health.push(e?.message));
    const a = agvs(400);
    const send = (msgs: Telemetry[], at: number) => {
      now = at;
      for (const m of msgs) twin.apply(m, at);
      return rec.append(msgs);
    };
    await send(a.slice(0, 100), T0);
    // Durable when acked: another reader sees the batch before the recorder is closed.
    const r1 = new RecordingReader(dir, '2026-06-01');
    const early: Telemetry[] = [];
    r1.cursor(0).take(Infinity, (m) => early.push(m));
    r1.close();
    expect(early).toEqual(a.slice(0, 100));
    rec.event(T0 + 500, 'audit', { action: 'test', result: 'ok' });
    await Promise.all([send(a.slice(100, 250), T0 + 1000), send(a.slice(250), T0 + 2000)]);
    expect(rec.openDays()).toEqual(['2026-06-01']);
    await rec.close();
    await expect(rec.append(a.slice(0, 1))).rejects.toThrow(/closed/);

    const reader = new RecordingReader(dir, '2026-06-01');
    try {
      const back: { m: Telemetry; rt: number }[] = [];
      reader.cursor(0).take(Infinity, (m, rt) => back.push({ m, rt }));
      expect(back.map((x) => x.m)).toEqual(a);
      expect(back.map((x) => x.rt)).toEqual(a.map((_m, i) => (i < 100 ? T0 : i < 250 ? T0 + 1000 : T0 + 2000)));
      expect(reader.keyframes().length).toBeGreaterThanOrEqual(2);
      expect(reader.events('audit', T0, T0 + 1000).map((e) => e.data)).toEqual([{ action: 'test', result: 'ok' }]);
      expect(reader.meta().site?.name).toEqual(site.name);
      const rebuilt = twinAt(reader, site, T0 + 2000).twin;
      expect([...rebuilt.agvs.keys()].sort()).toEqual([...twin.agvs.keys()].sort());
    } finally {
      reader.close();
    }
    const again = new WorkerRecorder(dir);
    const restored = again.restore(site);
    expect(restored?.seen).toHaveLength(400);
    await again.close();
    expect(health).toEqual([]);
    // Starting a thread loads the TypeScript modules afresh (seconds on a loaded machine).
  }, 60_000);

  it.runIf(process.platform === 'linux')('runs below the ingest thread and above the readers, so a batch it is woken for does not preempt ingest', async () => {
    // Each thread's nice value, from /proc (field 19 of stat, counted after the command name in parentheses).
    const niceOf = (tid: string) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
    const before = new Set(readdirSync('/proc/self/task'));
    const self = readlinkSync('/proc/thread-self').split('/').pop()!;
    const mine = niceOf(self);
    const rec = new WorkerRecorder(dir, { commitMs: 1 });
    try {
      await rec.ready();
      const started = readdirSync('/proc/self/task').filter((t) => !before.has(t));
      // The recorder's thread and every thread it started (its module loader's) run at the recorder's priority.
      expect(started.length).toBeGreaterThan(0);
      for (const t of started) expect(niceOf(t)).toBe(NICE.recorder);
      expect(NICE.recorder).toBeGreaterThan(mine);
      expect(NICE.recorder).toBeLessThan(NICE.background);
      // This thread (the ingest thread in the server) keeps its priority.
      expect(niceOf(self)).toBe(mine);
    } finally {
      await rec.close();
    }
  }, 60_000);
});
