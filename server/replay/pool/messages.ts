import type { ReplayControl, Role, Site } from '../../protocol';

/** Main thread → reader thread. `rid` numbers a request whose reply is awaited; `sid` a replay session. */
export type ReaderRequest =
  | { op: 'open'; rid: number; sid: number; dir: string; day: string; at?: number; role: Role; site: Site; frameMs: number }
  | { op: 'control'; rid: number; sid: number; control: ReplayControl }
  | { op: 'snapshot'; rid: number; sid: number }
  | { op: 'vehicle'; rid: number; sid: number; handle: number }
  | { op: 'close'; sid: number }
  /** Frames of these sessions (one entry per frame) reached their sockets: they may send more. */
  | { op: 'credit'; sids: number[] }
  | { op: 'query'; rid: number; query: ReaderQuery }
  | { op: 'export'; rid: number; dir: string; day: string }
  /** The HTTP response took an export's chunk: the worker may send another. */
  | { op: 'pull'; rid: number }
  | { op: 'cancel'; rid: number };

/** Reads answered from a recording in a reader thread (the HTTP API's). */
export type ReaderQuery =
  | { kind: 'summary'; dir: string; day: string }
  | { kind: 'timeline'; dir: string; day: string; buckets: number }
  | { kind: 'kpi'; dir: string; day: string; site: Site }
  | { kind: 'history'; dir: string; day: string; tzH: number }
  | { kind: 'forecast'; dir: string; day: string; at: number };

/** Events a replay session emits to its viewer. */
export type SessionEvent = 'hello' | 'kpi' | 'plan' | 'alert' | 'replay:changed' | 'error:replay';

/** Reader thread → main thread. */
export type ReaderReply =
  | { type: 'reply'; rid: number; ok: true; data: unknown }
  | { type: 'reply'; rid: number; ok: false; error: string; status?: number }
  /** `json` is `[event, payload]` already serialised in the reader thread (this thread writes it as is). */
  | { type: 'emit'; sid: number; event: SessionEvent; json: string }
  | { type: 'frame'; sid: number; buf: Uint8Array; reliable: boolean }
  | { type: 'chunk'; rid: number; bytes: Uint8Array };
