import { io as ioClient, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { ManualClock, SystemClock } from '../../server/clock';
import { runEngine } from '../../server/engine';
import type { Alert, Command, Kpi, Telemetry, TelemetryAck } from '../../server/protocol';
import { NullRecorder, type Recorder } from '../../server/recorder/recorder';
import { loadScenario, scenarioSite } from '../../server/sim/scenario';
import { TokenStore } from '../../server/tokens';
import { buildAgvMessage, buildSensorMessage, buildSite } from '../support/builders';
import { connect, frameView, opened, openSocket, startServer, TOKENS, waitFor, type Harness } from './harness';
import { readHeader } from '../../server/protocol';

// Rule 5 (faults) with real servers and clients: stale devices leave the plan, a failing engine tick does not stop
// the next, a recorder that cannot write stops acks and raises an alert, a reconnecting viewer resyncs.
const site = scenarioSite(buildSite(), loadScenario('normal'));
const open: Harness[] = [];
afterAll(async () => {
  for (const h of open) await h.close();
});
const start = async (over: Parameters<typeof startServer>[0] = {}) => {
  const h = await startServer({ site, ...over });
  open.push(h);
  return h;
};
const state = async (h: Harness) => (await (await fetch(`${h.url}/api/state`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } })).json()) as { agvs: { id: string; stale: boolean }[] };

describe('stale devices', () => {
  it('an AGV that falls silent is marked stale within two periods and never gets a mission; a live one does', async () => {
    // Twin time is a manual clock: devices report every 100 ms of it, and the server's own frame and engine loops
    // read it, so staleness is judged in twin time whatever the machine's load. Waits are on the server's events.
    const clock = new ManualClock(Date.now());
    const h = await start({ engineMs: 100, frameMs: 50, clock });
    const device = await connect(h.url, '/ingest', TOKENS.device);
    const viewer = await connect(h.url, '/twin', TOKENS.viewer);
    const commands: Command[] = [];
    device.on('command', (cmd: Command, reply: (r: unknown) => void) => {
      commands.push(cmd);
      reply({ ok: true, data: undefined });
    });
    const next = (event: 'frame' | 'kpi') => new Promise<void>((r) => viewer.once(event, () => r()));
    // Both idle at the Youyiguan end of the Hữu Nghị corridor, reporting every 100 ms.
    const at = { lat: 21.994235, lon: 106.731407, state: 'idle' as const, battery: 0.95, speed: 0 };
    let seq = 0;
    const report = (ids: string[], extra: Telemetry[] = []) => device.timeout(5_000).emitWithAck('telemetry', [...ids.map((id) => buildAgvMessage({ id, seq: ++seq, ts: clock.now(), ...at })), ...extra]);
    let silentAt = 0;
    for (let i = 0; i < 10; i++) {
      await report(['AGV-LIVE', 'AGV-SILENT']);
      silentAt = clock.now();
      clock.advance(100);
    }
    const staleAlert = waitFor<Alert>(viewer, 'alert', (a) => a.kind === 'sensor-stale' && a.subject === 'AGV-SILENT' && a.clearedAt === undefined, 10_000);
    const queue = () => buildSensorMessage({ id: 'TERM-Q', seq: ++seq, ts: clock.now(), type: 'queue', lane: undefined, zone: 'youyiguan-terminal', value: 4, unit: 'containers' });
    const silent = () => h.app.live.twin.agvs.get('AGV-SILENT')!;
    const period = silent().periodMs;
    // Only the live one keeps reporting; after each step the next frame tick has judged staleness at that instant.
    let staleAfter: number | undefined;
    while (staleAfter === undefined && clock.now() - silentAt < 5_000) {
      await report(['AGV-LIVE']);
      await next('frame');
      if (silent().stale) staleAfter = clock.now() - silentAt;
      else clock.advance(100);
    }
    console.log(`stale: AGV period ${period.toFixed(0)} ms, marked stale ${staleAfter} ms after its last message (twin time)`);
    expect(staleAfter).toBeDefined();
    expect(staleAfter!).toBeGreaterThan(period);
    expect(staleAfter!).toBeLessThanOrEqual(2 * period + 100); // two periods, and the 100 ms step that crossed them
    // Once the silent one is stale, containers wait at the terminal: the engine sends the live one, never the silent.
    for (let i = 0; i < 30 && !commands.some((c) => c.type === 'agv:mission'); i++) {
      await report(['AGV-LIVE'], [queue()]);
      clock.advance(100);
      await next('kpi');
    }
    expect((await state(h)).agvs.find((a) => a.id === 'AGV-SILENT')?.stale).toBe(true);
    await staleAlert;
    const missions = commands.filter((c): c is Extract<Command, { type: 'agv:mission' }> => c.type === 'agv:mission');
    expect(missions.some((m) => m.agv === 'AGV-LIVE')).toBe(true);
    expect(missions.some((m) => m.agv === 'AGV-SILENT')).toBe(false);
    expect(h.app.live.plan!.missions.some((m) => m.agv === 'AGV-SILENT')).toBe(false);
    device.close();
    viewer.close();
  }, 20_000);
});

describe('engine faults', () => {
  it('an engine that throws on some ticks raises engine-error; the next ticks run and clear it', async () => {
    let calls = 0;
    const flaky: typeof runEngine = (input, memory) => {
      calls++;
      if (calls >= 3 && calls <= 4) throw new Error('injected engine failure');
      return runEngine(input, memory);
    };
    const h = await start({ engine: flaky, engineMs: 150 });
    const viewer = openSocket(h.url, '/twin', TOKENS.viewer);
    const raised = waitFor<Alert>(viewer, 'alert', (a) => a.kind === 'engine-error' && a.clearedAt === undefined, 10_000);
    const cleared = waitFor<Alert>(viewer, 'alert', (a) => a.kind === 'engine-error' && a.clearedAt !== undefined, 10_000);
    await opened(viewer);
    expect((await raised).params.message).toBe('injected engine failure');
    await cleared;
    const kpiAfter = await waitFor<Kpi>(viewer, 'kpi', () => true, 5_000);
    expect(kpiAfter.ts).toBeGreaterThan(0);
    expect(h.app.live.counters.engineErrors).toBe(2);
    expect(h.app.live.counters.engineTicks).toBeGreaterThan(4);
    viewer.close();
  });
});

/** A recorder that can be made to fail, telling its health listeners like the SQLite one does. */
class FlakyRecorder implements Recorder {
  failing = false;
  stored = 0;
  private readonly listeners: ((e: Error | undefined) => void)[] = [];
  onHealth(l: (e: Error | undefined) => void): void {
    this.listeners.push(l);
  }
  async append(msgs: readonly Telemetry[]): Promise<void> {
    await new Promise((r) => setTimeout(r, 5));
    if (this.failing) {
      const e = new Error('disk I/O error (injected)');
      for (const l of this.listeners) l(e);
      throw e;
    }
    for (const l of this.listeners) l(undefined);
    this.stored += msgs.length;
  }
  event(): void {}
  async close(): Promise<void> {}
}

describe('recorder faults', () => {
  it('a recorder that cannot write gets no ack sent for its batches and raises recorder-error; on recovery the resend is accepted', async () => {
    const recorder = new FlakyRecorder();
    const h = await start({ recorder });
    const device = await connect(h.url, '/ingest', TOKENS.device);
    const viewer = await connect(h.url, '/twin', TOKENS.viewer);
    const batch = [buildAgvMessage({ id: 'AGV-REC', seq: 1, ts: Date.now() }), buildAgvMessage({ id: 'AGV-REC', seq: 2, ts: Date.now() })];
    const raised = waitFor<Alert>(viewer, 'alert', (a) => a.kind === 'recorder-error' && a.clearedAt === undefined);
    recorder.failing = true;
    expect(await device.timeout(5_000).emitWithAck('telemetry', batch)).toEqual({ error: expect.stringMatching(/disk I\/O error/) });
    expect((await raised).severity).toBe('critical');
    expect(recorder.stored).toBe(0);
    const cleared = waitFor<Alert>(viewer, 'alert', (a) => a.kind === 'recorder-error' && a.clearedAt !== undefined);
    recorder.failing = false;
    // Nothing was acked, so the device resends: accepted now, not taken for duplicates.
    expect(await device.timeout(5_000).emitWithAck('telemetry', batch)).toMatchObject({ accepted: 2, duplicates: 0 } satisfies Partial<TelemetryAck>);
    await cleared;
    expect(recorder.stored).toBe(2);
    device.close();
    viewer.close();
  });
});

describe('viewer reconnection', () => {
  it('a viewer that reconnects after a server restart gets hello and a full keyframe again', async () => {
    const first = await start();
    const port = Number(new URL(first.url).port);
    const viewer: Socket = ioClient(`${first.url}/twin`, { auth: { token: TOKENS.viewer }, transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 500 });
    let hellos = 0;
    const keyframes: number[] = [];
    viewer.on('hello', () => hellos++);
    viewer.on('frame', (buf: Uint8Array) => {
      if (readHeader(frameView(buf)).keyframe) keyframes.push(hellos);
    });
    await expect.poll(() => hellos, { timeout: 5_000 }).toBe(1);
    await first.close();
    open.splice(open.indexOf(first), 1);
    const second = createApp({
      site, configuration: 'today', clock: new SystemClock(), recorder: new NullRecorder(), frameMs: 50, engineMs: 200,
      tokens: new TokenStore({ tokens: [{ token: TOKENS.viewer, role: 'viewer', id: 'viewer-test' }] }),
    });
    await second.listen(port);
    try {
      await expect.poll(() => hellos, { timeout: 10_000 }).toBe(2);
      // The first frame after the second hello is a keyframe: the viewer replaces its table, no stale vehicles.
      await expect.poll(() => keyframes.includes(2), { timeout: 5_000 }).toBe(true);
    } finally {
      viewer.close();
      await second.close();
    }
  });
});
