import { McapIndexedReader } from '@mcap/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DayTimeline, RecordingEntry, RecordingKpi, RecordingSummary, ReplayStatus, VehicleDetail, WhatIfResult } from '../../server/protocol';
import { mcapDecompressHandlers } from '../../server/recorder/mcapExport';
import { RecordingReader } from '../../server/recorder/reader';
import { SqliteRecorder } from '../../server/recorder/sqliteRecorder';
import { openReplay, opened, openSocket, startOnRecording, TOKENS, waitFor, type Harness } from './harness';

let h: Harness;
let dir: string;
let day: string;
let done: (() => Promise<void>) | undefined;
beforeAll(async () => {
  ({ h, dir, day, done } = await startOnRecording('gatetwin-replay-it-', 10, (d) => new SqliteRecorder(d, { restore: false })));
}, 60_000);
afterAll(() => done?.());

const get = (path: string, token: string | null = TOKENS.viewer) => fetch(h.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const post = (path: string, body: unknown, token: string = TOKENS.operator) =>
  fetch(h.url + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A reviewer's own replay on `/replay`, opened on the test day. */
const reviewer = () => openReplay(h.url, TOKENS.viewer, day);

describe('replay over /replay', () => {
  it('seeking to a random instant gives the same twin as playing up to it, and the live wall stays live', async () => {
    const a = await reviewer();
    const b = await reviewer();
    try {
      const { firstTs, lastTs } = a.status;
      const to = Math.round(firstTs + (0.2 + 0.6 * Math.random()) * (lastTs - firstTs));
      const seek = await a.request<ReplayStatus>('replay:control', { action: 'seek', to });
      expect(seek.position).toBe(to);
      const stopped = waitFor<ReplayStatus>(b.socket, 'replay:changed', (s) => s.cause === 'until', 20_000);
      await b.request('replay:control', { action: 'play', speed: 3600, until: to });
      expect((await stopped).position).toBe(to);
      const strip = (snap: { trucks: { id: string; handle?: number }[]; agvs: { id: string; handle?: number }[] }) => ({
        ...snap,
        trucks: snap.trucks.map(({ handle: _h, ...t }) => t).sort((x, y) => x.id.localeCompare(y.id)),
        agvs: snap.agvs.map(({ handle: _h, ...v }) => v).sort((x, y) => x.id.localeCompare(y.id)),
      });
      const [sa, sb] = await Promise.all([a.request<Parameters<typeof strip>[0]>('replay:snapshot', {}), b.request<Parameters<typeof strip>[0]>('replay:snapshot', {})]);
      expect(strip(sb)).toEqual(strip(sa));
      expect(sa.trucks.length).toBeGreaterThan(100);
      // The live twin saw none of it.
      expect(h.app.live.twin.trucks.size).toBe(0);
    } finally {
      a.socket.close();
      b.socket.close();
    }
  });

  it('answers vehicle:get like live: the vehicle at the replayed instant and the plan’s decision about it', async () => {
    const r = await reviewer();
    try {
      const { firstTs, lastTs } = r.status;
      await r.request<ReplayStatus>('replay:control', { action: 'seek', to: Math.round((firstTs + lastTs) / 2) });
      type SnapTruck = { id: string; handle: number; phase: string; crossing: string };
      type SnapAgv = { id: string; handle: number; state: string; battery: number };
      const snap = await r.request<{ trucks: SnapTruck[]; agvs: SnapAgv[] }>('replay:snapshot', {});
      const truck = snap.trucks.find((t) => t.phase === 'queued')!;
      expect(await r.request<VehicleDetail>('vehicle:get', { handle: truck.handle })).toMatchObject({ id: truck.id, handle: truck.handle, kind: 'truck', state: 'queued', crossing: truck.crossing });
      const agv = snap.agvs[0]!;
      expect(await r.request<VehicleDetail>('vehicle:get', { handle: agv.handle })).toMatchObject({ id: agv.id, kind: 'agv', state: agv.state, battery: agv.battery });
      // The card explains a decision with its candidates, as live does (the broadcast plan is slim).
      const explained = await Promise.all(snap.trucks.filter((t) => t.phase === 'queued').slice(0, 40).map((t) => r.request<VehicleDetail>('vehicle:get', { handle: t.handle })));
      expect(explained.some((d) => (d.assignment?.reason.candidates.length ?? 0) > 0)).toBe(true);
      const used = new Set([...snap.trucks, ...snap.agvs].map((v) => v.handle));
      const free = [...Array(0x10000).keys()].find((hd) => !used.has(hd))!;
      await expect(r.request('vehicle:get', { handle: free })).rejects.toThrow(/no vehicle with that handle/);
      await expect(r.request('vehicle:get', { handle: -1 })).rejects.toThrow(/handle/);
    } finally {
      r.socket.close();
    }
  });

  it('refuses a viewer without a token, an unknown day and a speed out of range', async () => {
    await expect(opened(openSocket(h.url, '/replay'))).rejects.toThrow(/token/);
    const r = await reviewer();
    try {
      await expect(r.request('replay:open', { day: '2020-01-01' })).rejects.toThrow(/no recording/);
      await expect(r.request('replay:open', { day: '../etc/passwd' })).rejects.toThrow(/YYYY-MM-DD/);
      await expect(r.request('replay:control', { action: 'speed', speed: 7200 })).rejects.toThrow(/3600/);
    } finally {
      r.socket.close();
    }
  });
});

describe('recordings API', () => {
  it('lists days, summarises one and gives its KPIs, to viewers only', async () => {
    expect((await get('/api/recordings', null)).status).toBe(401);
    expect((await get('/api/recordings', TOKENS.device)).status).toBe(403);
    const list = (await (await get('/api/recordings')).json()) as RecordingEntry[];
    expect(list).toContainEqual(expect.objectContaining({ day, kind: 'day', kept: false }));
    const sum = (await (await get(`/api/recordings/${day}`)).json()) as RecordingSummary;
    const reader = new RecordingReader(dir, day);
    expect(sum).toEqual(reader.summary());
    reader.close();
    expect(sum.messages).toBeGreaterThan(5_000);
    const kpi = (await (await get(`/api/recordings/${day}/kpi`)).json()) as RecordingKpi;
    expect(kpi).toMatchObject({ day, ts: sum.lastTs, kpi: { day }, figures: { cleared: expect.any(Number) } });
    expect((await get('/api/recordings/not-a-day')).status).toBe(400);
    expect((await get('/api/recordings/2026-01-01')).status).toBe(404);
  });

  it('gives the day’s activity per bucket and its alerts for the replay timeline', async () => {
    const sum = (await (await get(`/api/recordings/${day}`)).json()) as RecordingSummary;
    const tl = (await (await get(`/api/recordings/${day}/timeline?buckets=96`)).json()) as DayTimeline;
    expect(tl.counts).toHaveLength(96);
    expect(tl.firstTs).toBe(sum.firstTs);
    expect(tl.lastTs).toBe(sum.lastTs);
    // Every recorded message falls in a bucket (spread evenly over its block's span, then rounded).
    expect(Math.abs(tl.counts.reduce((a, b) => a + b, 0) - sum.messages)).toBeLessThanOrEqual(96);
    expect(tl.counts.filter((c) => c > 0).length, 'activity over most of the span').toBeGreaterThan(48);
    const reader = new RecordingReader(dir, day);
    expect(tl.alerts).toEqual(reader.alerts());
    reader.close();
    expect(((await (await get(`/api/recordings/${day}/timeline`)).json()) as DayTimeline).counts).toHaveLength(288);
    expect((await get(`/api/recordings/${day}/timeline?buckets=0`)).status).toBe(400);
    expect((await get(`/api/recordings/${day}/timeline`, TOKENS.device)).status).toBe(403);
  });

  it('lets operators, not viewers, mark a day kept', async () => {
    expect((await post(`/api/recordings/${day}/keep`, {}, TOKENS.viewer)).status).toBe(403);
    expect(await (await post(`/api/recordings/${day}/keep`, {})).json()).toEqual({ day, kept: true });
    expect(((await (await get(`/api/recordings/${day}`)).json()) as RecordingSummary).kept).toBe(true);
  });

  it('exports the day as MCAP that the indexed reader reads back with the recorded count per channel', async () => {
    const res = await get(`/api/recordings/${day}/export.mcap`);
    expect(res.status).toBe(200);
    const buf = new Uint8Array(await res.arrayBuffer());
    // Chunks are zstd-compressed: the reader needs the decompressor, as Foxglove has.
    const mcap = await McapIndexedReader.Initialize({
      decompressHandlers: await mcapDecompressHandlers(),
      readable: { size: async () => BigInt(buf.byteLength), read: async (offset, size) => buf.subarray(Number(offset), Number(offset + size)) },
    });
    const counts: Record<string, number> = {};
    for await (const m of mcap.readMessages()) {
      const topic = mcap.channelsById.get(m.channelId)!.topic;
      counts[topic] = (counts[topic] ?? 0) + 1;
    }
    const reader = new RecordingReader(dir, day);
    const expected: Record<string, number> = { '/alerts': reader.alerts().length };
    reader.cursor(0).take(Infinity, (m) => {
      expected[`/telemetry/${m.kind}`] = (expected[`/telemetry/${m.kind}`] ?? 0) + 1;
    });
    reader.close();
    expect(counts).toEqual(expected);
    expect(mcap.chunkIndexes.length).toBeGreaterThan(0);
    expect(mcap.chunkIndexes.every((c) => c.compression === 'zstd' && c.compressedSize < c.uncompressedSize)).toBe(true);
    expect([...mcap.schemasById.values()].every((s) => s.encoding === 'jsonschema')).toBe(true);
    expect([...mcap.channelsById.values()].every((c) => c.messageEncoding === 'json')).toBe(true);
  });
});

describe('POST /api/whatif', () => {
  it('re-runs the day with more lanes in a worker, side by side with the recorded day, as a replayable recording', async () => {
    expect((await post('/api/whatif', { day, lanes: { 'huu-nghi-freight': 8 } }, TOKENS.viewer)).status).toBe(403);
    expect((await post('/api/whatif', { day, lanes: { 'no-such-gate': 8 } })).status).toBe(400);
    expect((await post('/api/whatif', { day, speed: 3 })).status).toBe(400);
    const res = await post('/api/whatif', { day, lanes: { 'huu-nghi-freight': 8 }, policy: 'fifo-static' });
    expect(res.status).toBe(200);
    const r = (await res.json()) as WhatIfResult;
    expect(r).toMatchObject({ day, recording: `${day}~whatif-1`, actual: { configuration: 'today', policy: 'default' }, whatif: { policy: 'fifo-static' } });
    expect(r.arrivals).toBeGreaterThan(250);
    expect(r.whatif.kpi.lanes.filter((l) => l.crossing === 'huu-nghi-freight').length).toBeGreaterThan(r.actual.kpi.lanes.filter((l) => l.crossing === 'huu-nghi-freight').length);
    const replay = await reviewer();
    try {
      const opened2 = await replay.request<ReplayStatus>('replay:open', { day: r.recording });
      expect(opened2).toMatchObject({ day: r.recording, firstTs: r.start });
    } finally {
      replay.socket.close();
    }
  }, 40_000);
});
