import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Namespace, Socket } from 'socket.io';
import { principalOf, requireRole, VIEWER_ROLES } from '../auth';
import { formatZodError, ReplayControlSchema, ReplayOpenSchema, type Reply, type Site } from '../protocol';
import { recordingPath } from '../recorder/dayFile';
import { RecordingReader } from '../recorder/reader';
import type { TokenStore } from '../tokens';
import { ReplaySession, type ReplayOutput } from './session';

export interface ReplayNamespaceDeps {
  tokens: TokenStore;
  dir: string;
  site: Site;
  log: Logger;
  /** Wall ms between replay frames. */
  frameMs?: number;
}

/**
 * The `/replay` namespace: each socket drives its own replay session (`replay:open`, `replay:control`,
 * `replay:snapshot`) and receives the live stream's events for it — `hello`, `frame`, `kpi`, `plan`, `alert` —
 * plus `replay:changed`. The live wall on `/twin` is untouched.
 */
export function mountReplay(ns: Namespace, deps: ReplayNamespaceDeps): void {
  ns.use(requireRole(deps.tokens, VIEWER_ROLES));
  ns.on('connection', (socket) => {
    const who = principalOf(socket);
    let session: ReplaySession | undefined;
    let timer: NodeJS.Timeout | undefined;
    const out: ReplayOutput = {
      hello: (h) => socket.emit('hello', h),
      frame: (buf, reliable) => (reliable ? socket.emit('frame', buf) : socket.volatile.emit('frame', buf)),
      kpi: (k) => socket.emit('kpi', k),
      plan: (p) => socket.emit('plan', p),
      alert: (a) => socket.emit('alert', a),
      changed: (s) => socket.emit('replay:changed', s),
    };
    const stop = () => {
      if (timer) clearInterval(timer);
      timer = undefined;
    };
    // The timer runs only while playing; a tick that fails ends the replay instead of repeating the failure.
    const pace = () => {
      if (!session?.playing) return stop();
      timer ??= setInterval(() => {
        try {
          session?.tick();
          if (!session?.playing) stop();
        } catch (e) {
          stop();
          deps.log.error({ err: e, viewer: who.name }, 'replay tick failed');
          socket.emit('error:replay', e instanceof Error ? e.message : String(e));
        }
      }, deps.frameMs ?? 100);
    };

    on(socket, 'replay:open', (req) => {
      const parsed = ReplayOpenSchema.safeParse(req);
      if (!parsed.success) return { ok: false, error: formatZodError(parsed.error) };
      if (!existsSync(recordingPath(deps.dir, parsed.data.day))) return { ok: false, error: `no recording ${parsed.data.day}` };
      stop();
      session?.close();
      session = undefined;
      const reader = new RecordingReader(deps.dir, parsed.data.day);
      try {
        session = new ReplaySession(reader, out, { role: who.role, site: deps.site });
      } catch (e) {
        reader.close();
        throw e;
      }
      return { ok: true, data: session.open(parsed.data.at) };
    });
    on(socket, 'replay:control', (req) => {
      if (!session) return { ok: false, error: 'open a recording first (replay:open)' };
      const parsed = ReplayControlSchema.safeParse(req);
      if (!parsed.success) return { ok: false, error: formatZodError(parsed.error) };
      const status = session.control(parsed.data);
      pace();
      return { ok: true, data: status };
    });
    on(socket, 'replay:snapshot', () => (session ? { ok: true, data: session.snapshot() } : { ok: false, error: 'open a recording first (replay:open)' }));
    socket.on('disconnect', () => {
      stop();
      session?.close();
      session = undefined;
    });
  });
}

/** Registers a request handler whose result (or exception) becomes the reply; never throws into socket.io. */
function on(socket: Socket, event: string, handler: (query: unknown) => Reply<unknown>): void {
  socket.on(event, (query: unknown, reply: unknown) => {
    if (typeof reply !== 'function') return;
    let r: Reply<unknown>;
    try {
      r = handler(query);
    } catch (e) {
      r = { ok: false, error: e instanceof Error ? e.message : 'internal error' };
    }
    (reply as (r: Reply<unknown>) => void)(r);
  });
}
