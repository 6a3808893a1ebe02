import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { createApp, type App, type AppDeps } from '../../server/app';
import { SystemClock } from '../../server/clock';
import { SqliteRecorder } from '../../server/recorder/sqliteRecorder';
import { TokenStore } from '../../server/tokens';
import type { Reply, ReplayStatus } from '../../server/protocol';
import { buildSite } from '../support/builders';

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

