import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Namespace, Socket } from 'socket.io';
import { principalOf, requireRole, VIEWER_ROLES } from '../auth';
import { formatZodError, ReplayControlSchema, ReplayOpenSchema, VehicleGetSchema, type Reply, type Site } from '../protocol';
import { recordingPath } from '../recorder/dayFile';
import type { TokenStore } from '../tokens';
import { OverBudgetError } from './pool/budgets';
import type { PooledSession, ReaderPool, SessionSink } from './pool/readerPool';

export interface ReplayNamespaceDeps {
  tokens: TokenStore;
  dir: string;
  site: Site;
  log: Logger;
  /** The reader threads the sessions run in, and the budgets they are counted against. */
  readers: ReaderPool;
  /** Wall ms between replay frames. */
  frameMs?: number;
}

/** The part of socket.io's Client that adapters use to write packets they encoded once. */
interface EngineWriter {
  writeToEngine(packet: string, opts: object): void;
}

/** A refusal a viewer can act on: over budget carries when to retry. */
type Answer = Reply<unknown> | { ok: false; error: string; retryAfterMs: number };

/**
 * The `/replay` namespace: each socket drives its own replay session (`replay:open`, `replay:control`,
 * `replay:snapshot`) and receives the live stream's events for it — `hello`, `frame`, `kpi`, `plan`, `alert` —
 * plus `replay:changed`. Sessions run in the reader threads (ReaderPool); this thread only forwards their output.
 * A token over its session budget (or a server over its total) gets `{ ok: false, error, retryAfterMs }`.
 */
export function mountReplay(ns: Namespace, deps: ReplayNamespaceDeps): void {
  ns.use(requireRole(deps.tokens, VIEWER_ROLES));
  ns.on('connection', (socket) => {
    const who = principalOf(socket);
    let session: PooledSession | undefined;
    let generation = 0;
    let gone = false;
    const sink: SessionSink = {
      emit: (event, json) => {
        if (event === 'error:replay') deps.log.error({ viewer: who.name, err: json }, 'replay tick failed');
        // A socket.io EVENT packet on this namespace, written as the reader thread serialised it (the way adapters
        // write pre-encoded broadcasts): the ingest thread does no JSON work for replay viewers.
        if (socket.connected) (socket.client as unknown as EngineWriter).writeToEngine(`2${ns.name},${json}`, {});
      },
      frame: (buf, reliable) => {
        const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
        if (reliable) socket.emit('frame', b);
        else socket.volatile.emit('frame', b);
      },
    };

    on(socket, 'replay:open', async (req) => {
      const parsed = ReplayOpenSchema.safeParse(req);
      if (!parsed.success) return { ok: false, error: formatZodError(parsed.error) };
      if (!existsSync(recordingPath(deps.dir, parsed.data.day))) return { ok: false, error: `no recording ${parsed.data.day}` };
      session?.close();
      session = undefined;
      const mine = ++generation;
      const opened = await deps.readers.openSession(
        who.key,
        { dir: deps.dir, day: parsed.data.day, ...(parsed.data.at !== undefined ? { at: parsed.data.at } : {}), role: who.role, site: deps.site, frameMs: deps.frameMs ?? 100 },
        sink,
      );
      // The viewer left, or opened another day, while this one was loading.
      if (gone || mine !== generation) {
        opened.close();
        return { ok: false, error: 'superseded by a later replay:open' };
      }
      session = opened;
      return { ok: true, data: opened.opened };
    });
    on(socket, 'replay:control', async (req) => {
      if (!session) return { ok: false, error: 'open a recording first (replay:open)' };
      const parsed = ReplayControlSchema.safeParse(req);
      if (!parsed.success) return { ok: false, error: formatZodError(parsed.error) };
      return { ok: true, data: await session.control(parsed.data) };
    });
    on(socket, 'vehicle:get', async (q) => {
      const parsed = VehicleGetSchema.safeParse(q);
      if (!parsed.success) return { ok: false, error: formatZodError(parsed.error) };
      if (!session) return { ok: false, error: 'open a recording first (replay:open)' };
      const detail = await session.vehicle(parsed.data.handle);
      return detail ? { ok: true, data: detail } : { ok: false, error: 'no vehicle with that handle' };
    });
    on(socket, 'replay:snapshot', async () => (session ? { ok: true, data: await session.snapshot() } : { ok: false, error: 'open a recording first (replay:open)' }));
    socket.on('disconnect', () => {
      gone = true;
      session?.close();
      session = undefined;
    });
  });
}

/** Registers a request handler whose result (or exception) becomes the reply; never throws into socket.io. */
function on(socket: Socket, event: string, handler: (query: unknown) => Promise<Answer>): void {
  socket.on(event, (query: unknown, reply: unknown) => {
    if (typeof reply !== 'function') return;
    handler(query).then(
      (r) => (reply as (r: Answer) => void)(r),
      (e: unknown) =>
        (reply as (r: Answer) => void)(
          e instanceof OverBudgetError ? { ok: false, error: e.message, retryAfterMs: e.retryAfterMs } : { ok: false, error: e instanceof Error ? e.message : 'internal error' },
        ),
    );
  });
}
