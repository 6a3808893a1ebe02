import type { Worker } from 'node:worker_threads';
import type { IdRecord, ReplayControl, ReplayStatus, Role, Site, VehicleDetail } from '../../protocol';
import { NICE, spawnWorker } from '../../workers/spawn';
import { BudgetLedger, OverBudgetError, type ReaderBudgets } from './budgets';
import type { ReaderQuery, ReaderReply, ReaderRequest, SessionEvent } from './messages';

/** Where a pooled replay session's output goes on the main thread (its socket). */
export interface SessionSink {
  /** `json` is the serialised `[event, payload]`. */
  emit(event: SessionEvent, json: string): void;
  frame(buf: Uint8Array, reliable: boolean): void;
}

/** A failed read, with the HTTP status its reader thread gave it (when it is the request's fault). */
export class ReadError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const MAX_PENDING_CONTROLS = 2;

interface Slot {
  worker: Worker;
  load: number;
  sessions: Map<number, SessionSink>;
  credits: number[];
}
interface Waiting {
  slot: Slot;
  resolve: (data: unknown) => void;
  reject: (e: Error) => void;
  chunk?: (bytes: Uint8Array) => void;
}

/**
 * The reader threads: every replay session, timeline/KPI query and MCAP export runs in one of `threads` workers
 * (spawned on first use, niced below the ingest thread). This thread only forwards their frames and replies, and
 * counts what is open against the budgets (see BudgetLedger).
 */
export class ReaderPool {
  readonly ledger: BudgetLedger;
  private readonly slots: (Slot | undefined)[];
  private readonly waiting = new Map<number, Waiting>();
  private next = 1;
  private creditQueued = false;
  private closed = false;

  constructor(budgets: ReaderBudgets) {
    this.ledger = new BudgetLedger(budgets);
    this.slots = new Array<Slot | undefined>(Math.max(1, budgets.threads)).fill(undefined);
  }

  /** Starts every reader thread now, so the first viewer does not wait for a thread to load. */
  warm(): void {
    for (let i = 0; i < this.slots.length; i++) if (!this.slots[i]) this.spawn(i);
  }

  /** Opens a replay session for `token` in the least loaded thread; throws OverBudgetError over budget. */
  async openSession(token: string, req: { dir: string; day: string; at?: number; role: Role; site: Site; frameMs: number }, sink: SessionSink): Promise<PooledSession> {
    const release = this.ledger.takeSession(token);
    const slot = this.pick();
    const sid = this.next++;
    slot.sessions.set(sid, sink);
    slot.load++;
    const session = new PooledSession(this, slot, sid, () => {
      release();
      if (slot.sessions.delete(sid)) slot.load--;
    });
    try {
      session.opened = (await this.request(slot, (rid) => ({ op: 'open', rid, sid, ...req }))) as ReplayStatus;
      return session;
    } catch (e) {
      session.close();
      throw e;
    }
  }

  /** Answers a read of a recording in a reader thread. */
  query(query: ReaderQuery): Promise<unknown> {
    const slot = this.pick();
    slot.load++;
    return this.request(slot, (rid) => ({ op: 'query', rid, query })).finally(() => slot.load--);
  }

  /**
   * Streams a recording's MCAP export from a reader thread into `write` (which resolves once the bytes are taken,
   * e.g. on the HTTP response's drain). Takes an export slot first: throws OverBudgetError when none is free.
   */
  async export(dir: string, day: string, write: (bytes: Uint8Array) => Promise<void>): Promise<IdRecord<number>> {
    const release = this.ledger.takeExport();
    const slot = this.pick();
    slot.load++;
    let rid = 0;
    let failed = false;
    try {
      return (await this.request(
        slot,
        (r) => ((rid = r), { op: 'export', rid: r, dir, day }),
        (bytes) =>
          void write(bytes).then(
            () => slot.worker.postMessage({ op: 'pull', rid } satisfies ReaderRequest),
            () => {
              failed = true;
              slot.worker.postMessage({ op: 'cancel', rid } satisfies ReaderRequest);
            },
          ),
      )) as IdRecord<number>;
    } finally {
      if (failed) slot.worker.postMessage({ op: 'cancel', rid } satisfies ReaderRequest);
      slot.load--;
      release();
    }
  }

  /** Sends a request to `slot` and waits for its reply. */
  request(slot: Slot, make: (rid: number) => ReaderRequest, chunk?: (bytes: Uint8Array) => void): Promise<unknown> {
    const rid = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(rid, { slot, resolve, reject, ...(chunk ? { chunk } : {}) });
      slot.worker.postMessage(make(rid));
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s?.worker.terminate()));
  }

  /** The thread with the least open work, started if it is not yet. */
  private pick(): Slot {
    if (this.closed) throw new Error('the server is stopping');
    let best = -1;
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i];
      if (!s) return this.spawn(i);
      if (best < 0 || s.load < this.slots[best]!.load) best = i;
    }
    return this.slots[best]!;
  }

  private spawn(i: number): Slot {
    const worker = spawnWorker(new URL('./readerWorker.ts', import.meta.url), NICE.background);
    const slot: Slot = { worker, load: 0, sessions: new Map(), credits: [] };
    this.slots[i] = slot;
    worker.on('message', (r: ReaderReply) => this.receive(slot, r));
    const gone = (e: Error) => this.lost(i, slot, e);
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`a reader thread stopped (exit code ${code})`)));
    return slot;
  }

  private receive(slot: Slot, r: ReaderReply): void {
    switch (r.type) {
      case 'reply': {
        const w = this.waiting.get(r.rid);
        this.waiting.delete(r.rid);
        if (r.ok) w?.resolve(r.data);
        else w?.reject(new ReadError(r.error, r.status));
        return;
      }
      case 'chunk':
        this.waiting.get(r.rid)?.chunk?.(r.bytes);
        return;
      case 'emit':
        slot.sessions.get(r.sid)?.emit(r.event, r.json);
        return;
      case 'frame':
        slot.sessions.get(r.sid)?.frame(r.buf, r.reliable);
        // The thread sends a session only a couple of frames ahead of what reached its socket.
        slot.credits.push(r.sid);
        if (!this.creditQueued) {
          this.creditQueued = true;
          setImmediate(() => this.sendCredits());
        }
        return;
    }
  }

  private sendCredits(): void {
    this.creditQueued = false;
    for (const s of this.slots) {
      if (!s || s.credits.length === 0) continue;
      s.worker.postMessage({ op: 'credit', sids: s.credits } satisfies ReaderRequest);
      s.credits = [];
    }
  }

  /** A thread died: its waiting requests fail, its viewers are told, and the next request starts a new one. */
  private lost(i: number, slot: Slot, e: Error): void {
    if (this.slots[i] !== slot) return;
    this.slots[i] = undefined;
    for (const [rid, w] of this.waiting) {
      if (w.slot !== slot) continue;
      this.waiting.delete(rid);
      w.reject(e);
    }
    if (!this.closed) for (const sink of slot.sessions.values()) sink.emit('error:replay', JSON.stringify(['error:replay', e.message]));
  }
}

/** A replay session living in a reader thread, driven from the viewer's socket. */
export class PooledSession {
  opened!: ReplayStatus;
  private closed = false;
  /** Controls sent and not answered yet: a viewer faster than its thread is told to wait, not queued without end. */
  private pending = 0;

  constructor(
    private readonly pool: ReaderPool,
    private readonly slot: Slot,
    private readonly sid: number,
    private readonly release: () => void,
  ) {}

  async control(control: ReplayControl): Promise<ReplayStatus> {
    if (this.pending >= MAX_PENDING_CONTROLS) throw new OverBudgetError(`replay: ${this.pending} controls of this session are still running`, 1_000);
    this.pending++;
    try {
      return (await this.pool.request(this.slot, (rid) => ({ op: 'control', rid, sid: this.sid, control }))) as ReplayStatus;
    } finally {
      this.pending--;
    }
  }

  snapshot(): Promise<unknown> {
    return this.pool.request(this.slot, (rid) => ({ op: 'snapshot', rid, sid: this.sid }));
  }

  /** The selection card of the vehicle with `handle` at the replayed instant; null when there is none. */
  vehicle(handle: number): Promise<VehicleDetail | null> {
    return this.pool.request(this.slot, (rid) => ({ op: 'vehicle', rid, sid: this.sid, handle })) as Promise<VehicleDetail | null>;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
    this.slot.worker.postMessage({ op: 'close', sid: this.sid } satisfies ReaderRequest);
  }
}
