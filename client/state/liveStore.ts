import { createStore } from 'zustand/vanilla';
import { applyFrame, frameView, resetTable } from './applyFrame';
import { createEntityTable, type EntityTable } from './entityTable';

/** Nominal frame interval of the viewer stream (10 Hz); the renderer draws about this far behind. */
export const FRAME_INTERVAL_MS = 100;

/** Per-frame state: read with getState() inside useFrame, never subscribed to by React components. */
export interface LiveState {
  table: EntityTable;
  /** Bumped on every applied frame, so the renderer knows when colours may have changed. */
  version: number;
  seq: number;
  /** Twin time of the last frame (epoch ms). */
  twinTime: number;
  /** Local time (performance.now) the last frame arrived; 0 before the first. */
  receivedAt: number;
  frames: number;
  /** Frames we know we missed (sequence gaps; the stream is volatile). */
  skipped: number;
  /** Frames that failed to decode. */
  bad: number;
}

/** The live store type. */
export type LiveStore = ReturnType<typeof createLiveStore>;

/** Creates a live store with an empty table. */
export function createLiveStore() {
  return createStore<LiveState>(() => ({
    table: createEntityTable(),
    version: 0,
    seq: -1,
    twinTime: 0,
    receivedAt: 0,
    frames: 0,
    skipped: 0,
    bad: 0,
  }));
}

/** Decodes a received frame into the store; a malformed frame is counted and dropped. */
export function receiveFrame(store: LiveStore, payload: ArrayBuffer | ArrayBufferView, now: number): void {
  const s = store.getState();
  try {
    const h = applyFrame(s.table, frameView(payload), { now, delay: FRAME_INTERVAL_MS });
    const gap = s.seq >= 0 && h.seq > s.seq + 1 ? h.seq - s.seq - 1 : 0;
    store.setState({
      version: s.version + 1,
      seq: h.seq,
      twinTime: h.time,
      receivedAt: now,
      frames: s.frames + 1,
      skipped: s.skipped + gap,
    });
  } catch {
    store.setState({ bad: s.bad + 1 });
  }
}

/** Forgets the sequence when a new `hello` starts a new stream; its first keyframe then replaces the table. */
export function restartStream(store: LiveStore): void {
  store.setState({ seq: -1 });
}

/** Empties the table, e.g. when the site itself changes. */
export function clearLive(store: LiveStore): void {
  resetTable(store.getState().table);
  store.setState((s) => ({ seq: -1, version: s.version + 1 }));
}

/** The app's live store. */
export const liveStore = createLiveStore();
