import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Telemetry } from '../../../server/protocol';
import { listRecordings } from '../../../server/recorder/dayFile';
import { RecordingReader } from '../../../server/recorder/reader';
import { twinAt } from '../../../server/recorder/restore';
import { SqliteRecorder, type SqliteRecorderOptions } from '../../../server/recorder/sqliteRecorder';
import { toKeyframe, type TwinKeyframe } from '../../../server/twin/keyframe';
import { Twin } from '../../../server/twin/twin';
import { buildAgvMessage, buildSensorMessage, buildSite, buildTruckMessage, T0 } from '../../support/builders';

const site = buildSite();
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatetwin-rec-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A recorder fed the way the ingest feeds it: each batch applied to the twin first, stamped with `now`. */
function live(opts: SqliteRecorderOptions = {}) {
  const twin = new Twin(site);
  const rec = new SqliteRecorder(dir, { commitMs: 1, ...opts });
  let now = T0;
  rec.attach({ twin, now: () => now });
  return {
    twin, rec,
    send(msgs: Telemetry[], at: number): Promise<void> {
      now = at;
      for (const m of msgs) twin.apply(m, at);
      return rec.append(msgs);
    },
  };
}

// Positions on the recording's 1e-7° grid, so what comes back is bit for bit what went in.
const agvs = (n: number, from = 0, t = T0) => Array.from({ length: n }, (_x, i) => buildAgvMessage({ id: `A${(from + i) % 7}`, seq: from + i, ts: t + i, lat: (219_900_000 + i * 100) / 1e7 }));
const readAll = (name: string) => {
  const r = new RecordingReader(dir, name);
  const out: { m: Telemetry; rt: number }[] = [];
  r.cursor(0).take(Infinity, (m, rt) => out.push({ m, rt }));
  r.close();
  return out;
};

describe('SqliteRecorder', () => {
  it('with commitMs 0 (the recorder thread) groups what arrived in one turn of the loop into one commit', async () => {
    const l = live({ commitMs: 0 });
    const seconds: number[] = [];
    l.rec.onCommit((s) => seconds.push(s));
    const a = agvs(300);
    // Three batches in one turn: one transaction; a fourth after it resolved: a second one.
    await Promise.all([l.send(a.slice(0, 100), T0), l.send(a.slice(100, 200), T0), l.send(a.slice(200, 250), T0)]);
    expect(seconds).toHaveLength(1);
    expect(readAll('2026-06-01')).toHaveLength(250);
    await l.send(a.slice(250), T0 + 1000);
    expect(seconds).toHaveLength(2);
    await l.rec.close();
    expect(readAll('2026-06-01').map((x) => x.m)).toEqual(a);
  });

  it('resolves an append once it is committed, and the day reads back in order with receive times', async () => {
    const l = live();
    const a = agvs(300);
    await l.send(a.slice(0, 100), T0);
    expect(readAll('2026-06-01')).toHaveLength(100);
    await Promise.all([l.send(a.slice(100, 200), T0 + 1000), l.send(a.slice(200), T0 + 2000)]);
    await l.rec.close();
    const back = readAll('2026-06-01');
    expect(back.map((x) => x.m)).toEqual(a);
    expect(back.map((x) => x.rt)).toEqual(a.map((_m, i) => T0 + Math.floor(i / 100) * 1000));
  });

  it.each<[string, number, string]>([
    ['16:59:59.999 UTC is still the local day', Date.UTC(2026, 5, 1, 16, 59, 59, 999), '2026-06-01'],
    ['17:00 UTC is local midnight', Date.UTC(2026, 5, 1, 17, 0, 0), '2026-06-02'],
  ])('splits days on the site-local date: %s', async (_name, at, day) => {
    const l = live();
    await l.send([buildSensorMessage({ ts: at })], at);
    await l.rec.close();
    expect(listRecordings(dir).map((r) => r.name)).toEqual([day]);
  });

  it('writes the open block at once when one commit brings a block\'s worth, and stages smaller commits until a block is due', async () => {
    const l = live({ blockMinItems: 100, blockMs: 60_000, keyframeMinMs: 3_600_000 });
    const rows = () => {
      const db = (l.rec as unknown as { days: Map<string, { db: Database.Database }> }).days.get('2026-06-01')!.db;
      const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      return { blocks: count('blocks'), staging: count('staging') };
    };
    const a = agvs(450);
    await l.send(a.slice(0, 120), T0); // the first append's keyframe cuts a block here anyway
    expect(rows()).toEqual({ blocks: 1, staging: 0 });
    await l.send(a.slice(120, 240), T0 + 10); // 120 ≥ 100 in one commit: a block, though it spans 10 ms
    expect(rows()).toEqual({ blocks: 2, staging: 0 });
    await l.send(a.slice(240, 290), T0 + 20); // 50: staged
    expect(rows()).toEqual({ blocks: 2, staging: 1 });
    await l.send(a.slice(290, 330), T0 + 30); // 40: staged too (90 in the open block, spanning 10 ms)
    expect(rows()).toEqual({ blocks: 2, staging: 2 });
    await l.send(a.slice(330), T0 + 40); // 120 in one commit: the open block becomes a block, staging is cleared
    expect(rows()).toEqual({ blocks: 3, staging: 0 });
    await l.rec.close();
    expect(readAll('2026-06-01').map((x) => x.m)).toEqual(a);
  });

  it('recovers what a killed process committed but had not merged, and continues the stream after it', async () => {
    const a = live({ blockMinItems: 10_000, blockMaxMs: 3_600_000 });
    const first = agvs(50);
    await a.send(first, T0);
    // The process dies: its connection goes away without a final merge.
    (a.rec as unknown as { days: Map<string, { db: Database.Database }> }).days.get('2026-06-01')!.db.close();
    const b = live();
    const more = agvs(50, 50, T0 + 60_000);
    await b.send(more, T0 + 60_000);
    await b.rec.close();
    const back = readAll('2026-06-01');
    expect(back.map((x) => x.m)).toEqual([...first, ...more]);
  });

  it('takes a keyframe at the first append, then as the budget allows; a seek from any of them rebuilds the twin exactly', async () => {
    const l = live({ keyframeMinMs: 1_000, keyframeBytesPerMessage: 1, keyframeMaxMessages: 400 });
    const states = new Map<number, TwinKeyframe>();
    for (let k = 0; k < 20; k++) {
      const t = T0 + k * 2_000;
      await l.send(agvs(100, k * 100, t), t);
      states.set(t, structuredClone(toKeyframe(l.twin, t)));
    }
    await l.rec.close();
    const r = new RecordingReader(dir, '2026-06-01');
    const frames = r.keyframes();
    expect(frames.length).toBeGreaterThanOrEqual(4);
    expect(frames[0]!.pos).toBe(100);
    for (const t of [T0, T0 + 9_000, T0 + 38_000]) {
      const at = Math.floor((t - T0) / 2_000) * 2_000 + T0;
      expect(toKeyframe(twinAt(r, site, t).twin, at)).toEqual(states.get(at));
    }
    r.close();
  });

  it('acks a batch before its keyframe is written; the keyframe follows within two turns, and without it the day still restores', async () => {
    const l = live({ keyframeMinMs: 0, keyframeMaxMessages: 100 });
    const count = () => {
      const r = new RecordingReader(dir, '2026-06-01');
      try {
        return r.keyframes().length;
      } finally {
        r.close();
      }
    };
    await l.send(agvs(100), T0);
    // Durable on ack, keyframe not yet: it is not part of the commit the ack waited for.
    expect(readAll('2026-06-01')).toHaveLength(100);
    expect(count()).toBe(0);
    // Written once the callbacks of the acks have run and what they queued for this turn: two turns later at most.
    for (let turn = 0; turn < 2; turn++) await new Promise((r) => setImmediate(r));
    expect(count()).toBe(1);
    await l.send(agvs(100, 100, T0 + 1_000), T0 + 1_000);
    const second = structuredClone(toKeyframe(l.twin, T0 + 1_000));
    // The process dies here, before the second keyframe is written: replay starts from the first one and the
    // blocks after it, and comes to the same twin.
    expect(count()).toBe(1);
    const r = new RecordingReader(dir, '2026-06-01');
    try {
      expect(toKeyframe(twinAt(r, site, T0 + 1_000).twin, T0 + 1_000)).toEqual(second);
    } finally {
      r.close();
    }
    await l.rec.close();
    expect(count()).toBe(2);
  });

  it('writes the keyframes at once when flushed synchronously (a day recorded in one go), so the policy sees their sizes', async () => {
    const l = live({ commitMs: 60_000, keyframeMinMs: 0, keyframeMaxMessages: 100 });
    void l.send(agvs(100), T0);
    l.rec.flush();
    const r = new RecordingReader(dir, '2026-06-01');
    try {
      expect(r.keyframes()).toHaveLength(1);
    } finally {
      r.close();
    }
    const day = (l.rec as unknown as { days: Map<string, { lastKeyframe?: { bytes: number } }> }).days.get('2026-06-01')!;
    expect(day.lastKeyframe!.bytes).not.toBe(16_384);
    await l.rec.close();
  });

  it('rejects the appends of a commit that failed, reports it, and works again once the file can be written', async () => {
    const l = live();
    const health: (string | undefined)[] = [];
    l.rec.onHealth((e) => health.push(e?.message));
    await l.send(agvs(10), T0);
    (l.rec as unknown as { days: Map<string, { db: Database.Database }> }).days.get('2026-06-01')!.db.close();
    await expect(l.send(agvs(10, 10), T0 + 1)).rejects.toThrow(/not open/);
    await l.send(agvs(10, 20), T0 + 2);
    await l.rec.close();
    expect(health).toEqual([expect.stringMatching(/not open/), undefined]);
    expect(readAll('2026-06-01').map((x) => x.m.seq)).toEqual([...Array(10).keys(), ...Array.from({ length: 10 }, (_x, i) => 20 + i)]);
  });

  it('keeps plan summaries in the blocks and alerts and operator actions in the events table', async () => {
    const l = live();
    l.rec.event(T0, 'plan', { assignments: 3 });
    l.rec.event(T0, 'alert', { id: 'a1', kind: 'queue-high', severity: 'warning', params: {}, raisedAt: T0 });
    l.rec.event(T0 + 5, 'audit', { who: 'op', action: 'lane:set', target: { lane: 'HN-1', open: false }, result: 'ok' });
    await l.send([buildTruckMessage()], T0 + 10);
    await l.rec.close();
    const r = new RecordingReader(dir, '2026-06-01');
    const plans: string[] = [];
    r.cursor(0).take(Infinity, () => undefined, (e) => plans.push(`${e.kind} ${e.data}`));
    expect(plans).toEqual(['plan {"assignments":3}']);
    expect(r.alerts().map((a) => a.alert.id)).toEqual(['a1']);
    expect(r.events('audit')).toHaveLength(1);
    expect(r.summary()).toMatchObject({ messages: 1, alerts: 1, keyframes: 1 });
    r.close();
  });
});
