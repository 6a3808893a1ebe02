import { parentPort } from 'node:worker_threads';
import type { IWritable } from '@mcap/core';
import { exportMcap } from '../../recorder/mcapExport';
import { RecordingReader } from '../../recorder/reader';
import { ReplaySession, type ReplayOutput } from '../session';
import type { ReaderReply, ReaderRequest, SessionEvent } from './messages';
import { answerQuery, QueryError } from './queries';

// A reader thread: replay sessions (their own twins, clocks and engine runs), HTTP reads and MCAP exports, all
// decoded here. The main thread only forwards what comes out. Readers yield the CPU to the ingest thread
// (NICE.background, set by the thread's bootstrap).
const port = parentPort!;
const post = (r: ReaderReply, transfer: ArrayBuffer[] = []) => port.postMessage(r, transfer);

/** Frames a session may have on their way to its socket; more are dropped, like a slow live viewer's. */
const FRAMES_IN_FLIGHT = 2;

interface Live {
  session: ReplaySession | undefined;
  timer: NodeJS.Timeout | undefined;
  frameMs: number;
  inFlight: number;
}
const sessions = new Map<number, Live>();
const exports = new Map<number, { credit: number; wake: (() => void) | undefined; cancelled: boolean }>();

/** Wall ms between checks of the paused replays' recording ends (today's grows while it is recorded). */
const END_WATCH_MS = 10_000;
setInterval(() => {
  for (const [sid, live] of sessions) {
    try {
      live.session?.watchEnd();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      post({ type: 'emit', sid, event: 'error:replay', json: JSON.stringify(['error:replay', message]) });
    }
  }
}, END_WATCH_MS).unref();

function output(sid: number, live: Live): ReplayOutput {
  // Plans and KPIs are serialised here, not on the ingest thread: it only writes the finished packet.
  const emit = (event: SessionEvent) => (payload: unknown) => post({ type: 'emit', sid, event, json: JSON.stringify([event, payload]) });
  return {
    hello: emit('hello'),
    frame: (buf, reliable) => {
      if (!reliable && live.inFlight >= FRAMES_IN_FLIGHT) return;
      live.inFlight++;
      const copy = buf.slice();
      post({ type: 'frame', sid, buf: copy, reliable }, [copy.buffer]);
    },
    kpi: emit('kpi'),
    plan: emit('plan'),
    alert: emit('alert'),
    changed: emit('replay:changed'),
  };
}

/** Runs the session's ticks while it plays; a tick that fails ends the replay instead of repeating the failure. */
function pace(sid: number, live: Live): void {
  if (!live.session?.playing) return stop(live);
  live.timer ??= setInterval(() => {
    try {
      live.session?.tick();
      if (!live.session?.playing) stop(live);
    } catch (e) {
      stop(live);
      const message = e instanceof Error ? e.message : String(e);
      post({ type: 'emit', sid, event: 'error:replay', json: JSON.stringify(['error:replay', message]) });
    }
  }, live.frameMs);
}

function stop(live: Live): void {
  if (live.timer) clearInterval(live.timer);
  live.timer = undefined;
}

function answer(rid: number, run: () => unknown): void {
  try {
    post({ type: 'reply', rid, ok: true, data: run() });
  } catch (e) {
    post({ type: 'reply', rid, ok: false, error: e instanceof Error ? e.message : String(e), ...(e instanceof QueryError ? { status: e.status } : {}) });
  }
}

/** An IWritable whose chunks go to the main thread, at most a few ahead of what the HTTP response has taken. */
function chunkWritable(rid: number): IWritable {
  const state = { credit: 4, wake: undefined as (() => void) | undefined, cancelled: false };
  exports.set(rid, state);
  let position = 0n;
  let pending: Uint8Array[] = [];
  let size = 0;
  const send = async () => {
    if (state.cancelled) throw new Error('the export was cancelled');
    while (state.credit <= 0) await new Promise<void>((resolve) => (state.wake = resolve));
    if (state.cancelled) throw new Error('the export was cancelled');
    state.credit--;
    const bytes = new Uint8Array(size);
    let o = 0;
    for (const p of pending) {
      bytes.set(p, o);
      o += p.byteLength;
    }
    pending = [];
    size = 0;
    post({ type: 'chunk', rid, bytes }, [bytes.buffer]);
  };
  return {
    position: () => position,
    async write(buffer: Uint8Array): Promise<void> {
      position += BigInt(buffer.byteLength);
      pending.push(buffer.slice());
      size += buffer.byteLength;
      if (size >= 256 * 1024) await send();
    },
    flush: send,
  } as IWritable & { flush: () => Promise<void> };
}

port.on('message', (m: ReaderRequest) => {
  switch (m.op) {
    case 'open': {
      const live: Live = sessions.get(m.sid) ?? { session: undefined, timer: undefined, frameMs: m.frameMs, inFlight: 0 };
      sessions.set(m.sid, live);
      answer(m.rid, () => {
        const reader = new RecordingReader(m.dir, m.day);
        try {
          live.session = new ReplaySession(reader, output(m.sid, live), { role: m.role, site: m.site });
        } catch (e) {
          reader.close();
          throw e;
        }
        return live.session.open(m.at);
      });
      return;
    }
    case 'control': {
      const live = sessions.get(m.sid);
      answer(m.rid, () => {
        if (!live?.session) throw new Error('open a recording first (replay:open)');
        const status = live.session.control(m.control);
        pace(m.sid, live);
        return status;
      });
      return;
    }
    case 'snapshot':
      answer(m.rid, () => {
        const s = sessions.get(m.sid)?.session;
        if (!s) throw new Error('open a recording first (replay:open)');
        return s.snapshot();
      });
      return;
    case 'vehicle':
      answer(m.rid, () => {
        const s = sessions.get(m.sid)?.session;
        if (!s) throw new Error('open a recording first (replay:open)');
        return s.vehicle(m.handle) ?? null;
      });
      return;
    case 'close': {
      const live = sessions.get(m.sid);
      if (!live) return;
      stop(live);
      live.session?.close();
      sessions.delete(m.sid);
      return;
    }
    case 'credit':
      for (const sid of m.sids) {
        const live = sessions.get(sid);
        if (live) live.inFlight = Math.max(0, live.inFlight - 1);
      }
      return;
    case 'query':
      answer(m.rid, () => answerQuery(m.query));
      return;
    case 'export': {
      const writable = chunkWritable(m.rid);
      const reader = new RecordingReader(m.dir, m.day);
      exportMcap(reader, writable)
        .then(async (counts) => {
          await (writable as IWritable & { flush: () => Promise<void> }).flush();
          post({ type: 'reply', rid: m.rid, ok: true, data: counts });
        })
        .catch((e: unknown) => post({ type: 'reply', rid: m.rid, ok: false, error: e instanceof Error ? e.message : String(e) }))
        .finally(() => {
          reader.close();
          exports.delete(m.rid);
        });
      return;
    }
    case 'pull':
    case 'cancel': {
      const x = exports.get(m.rid);
      if (!x) return;
      if (m.op === 'pull') x.credit++;
      else x.cancelled = true;
      x.wake?.();
      x.wake = undefined;
      return;
    }
  }
});
