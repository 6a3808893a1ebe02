import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { createApp, type App, type AppDeps } from '../../server/app';
import { SystemClock, type ScaledClock } from '../../server/clock';
import { SqliteRecorder } from '../../server/recorder/sqliteRecorder';
import { TokenStore } from '../../server/tokens';
import type { Reply, ReplayStatus, Site } from '../../server/protocol';
import { LiveDriver } from '../../server/sim/liveDriver';
import type { Scenario } from '../../server/sim/scenario';
import { World } from '../../server/sim/world';
import type { Recorder } from '../../server/recorder/recorder';
import { buildSite } from '../support/builders';
import { buildSimRecording } from '../support/simRecording';

export const TOKENS = {
  device: 'device-token-0123456789',
  viewer: 'viewer-token-0123456789',
  operator: 'operator-token-0123456789',
  admin: 'admin-token-0123456789',
} as const;

export interface Harness {
  app: App;
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

/** A real server on a free port with a real SQLite recorder in a temp dir. */
export async function startServer(over: Partial<AppDeps> = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatetwin-it-'));
  const app = createApp({
    site: buildSite(),
    configuration: 'today',
    clock: new SystemClock(),
    tokens: new TokenStore({ tokens: Object.entries(TOKENS).map(([role, token]) => ({ token, role: role as keyof typeof TOKENS, id: `${role}-test` })) }),
    recorder: new SqliteRecorder(join(dataDir, 'recordings')),
    frameMs: 50,
    engineMs: 200,
    ...over,
  });
  const addr = await app.listen(0);
  return {
    app,
    url: `http://127.0.0.1:${addr.port}`,
    dataDir,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A socket.io client on a namespace, not connected yet: attach listeners first, then `opened(socket)`. */
export function openSocket(url: string, ns: '/ingest' | '/twin' | '/replay' | '/', token?: string): Socket {
  return io(url + ns, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true, autoConnect: false });
}

/** A socket.io client on a namespace; resolves once connected, rejects with the server's refusal. */
export function connect(url: string, ns: '/ingest' | '/twin' | '/replay' | '/', token?: string): Promise<Socket> {
  return opened(openSocket(url, ns, token));
}

/** Connects a socket made by `openSocket`; resolves once connected, rejects with the server's refusal. */
export function opened(socket: Socket): Promise<Socket> {
  socket.connect();
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  });
}

/** Resolves with the first event payload that satisfies `pred`, or rejects after `ms`. */
export function waitFor<T>(socket: Socket, event: string, pred: (v: T) => boolean = () => true, ms = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no matching ${event} within ${ms} ms`));
    }, ms);
    const handler = (v: T) => {
      if (!pred(v)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(v);
    };
    socket.on(event, handler);
  });
}

/** A DataView over a binary frame as socket.io delivers it (ArrayBuffer in browsers, a pooled Buffer in Node). */
export function frameView(payload: ArrayBuffer | Uint8Array): DataView {
  return payload instanceof ArrayBuffer ? new DataView(payload) : new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
}

/** A reviewer's own replay on `/replay`, opened on `day`: the socket, the opening status and a request helper. */
export async function openReplay(url: string, token: string, day: string): Promise<{ socket: Socket; status: ReplayStatus; request: <T>(event: string, q: unknown) => Promise<T> }> {
  const socket = openSocket(url, '/replay', token);
  // The session's hello comes from a reader thread, which may still be loading right after the server started.
  const hello = waitFor<{ mode: string }>(socket, 'hello', () => true, 20_000);
  await opened(socket);
  const request = async <T>(event: string, q: unknown): Promise<T> => {
    const r = (await socket.timeout(20_000).emitWithAck(event, q)) as Reply<T>;
    if (!r.ok) throw new Error(r.error);
    return r.data;
  };
  const status = await request<ReplayStatus>('replay:open', { day });
  const greeting = await hello;
  if (greeting.mode !== 'replay') throw new Error(`expected a replay hello, got mode ${greeting.mode}`);
  return { socket, status, request };
}

/**
 * A real server with the simulator driving it as a Socket.IO device: `scenario`'s world from twin time `clock.now()`
 * (the world may be adjusted, e.g. busier terminals), stepping every 50 ms of wall time. Stop both with `stop`.
 */
export async function startSimulated(site: Site, scenario: Scenario, clock: ScaledClock, over: Partial<AppDeps> = {}): Promise<{ h: Harness; driver: LiveDriver; listening: number; stop: () => Promise<void> }> {
  const h = await startServer({ site, clock, engineMs: 250, ...over });
  const listening = clock.now();
  const driver = new LiveDriver(new World(site, scenario, clock.now()), { url: h.url, token: TOKENS.device, clock, stepMs: 50 });
  driver.start();
  return {
    h, driver, listening,
    stop: async () => {
      driver.stop();
      await h.close();
    },
  };
}

/**
 * A server over a recorded simulator morning (`minutes` of the `normal` scenario, in a fresh temporary folder),
 * with the recorder `recorder` makes on that folder. `done` closes the server and removes the folder.
 */
export async function startOnRecording(prefix: string, minutes: number, recorder: (dir: string) => Recorder, over: Partial<AppDeps> = {}): Promise<{ h: Harness; dir: string; day: string; done: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const { day } = await buildSimRecording(dir, minutes, 'normal');
  const h = await startServer({ recorder: recorder(dir), ...over });
  return {
    h, dir, day,
    done: async () => {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

