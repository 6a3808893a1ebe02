import { LaneSetSchema, type Site, type Telemetry } from '../protocol';
import { fromKeyframe } from '../twin/keyframe';
import { Twin } from '../twin/twin';
import type { MessageCursor } from './cursor';
import { listRecordings } from './dayFile';
import { RecordingReader, type KeyframeRef } from './reader';
import type { RestoredState } from './recorder';

/** A twin rebuilt from a recording, and the cursor positioned right after the last message it holds. */
export interface Rebuilt {
  twin: Twin;
  cursor: MessageCursor;
  keyframe: KeyframeRef | undefined;
  /** Receive time of the last message applied. */
  lastRt: number;
}

/**
 * The twin as it was at twin time `t`: the latest keyframe at or before `t`, then every message received up to
 * `t` (each applied at its recorded receive time, as live did) and the operator's lane changes since the keyframe.
 */
export function twinAt(reader: RecordingReader, site: Site, t: number, visit?: (m: Telemetry, rt: number) => void): Rebuilt {
  const keyframe = reader.keyframeAt(t);
  const twin = keyframe ? fromKeyframe(site, reader.loadKeyframe(keyframe.id)) : new Twin(site);
  const cursor = reader.cursor(keyframe?.pos ?? 0);
  let lastRt = keyframe?.ts ?? -Infinity;
  cursor.take(t, (m, rt) => {
    twin.apply(m, rt);
    lastRt = rt;
    visit?.(m, rt);
  });
  applyLaneChanges(reader, twin, keyframe?.ts ?? -Infinity, t);
  return { twin, cursor, keyframe, lastRt };
}

/** Applies the operators' successful `lane:set` commands recorded in [from, to]. */
export function applyLaneChanges(reader: RecordingReader, twin: Twin, from: number, to: number): void {
  for (const e of reader.events('audit', from, to)) {
    const a = e.data as { action?: unknown; result?: unknown; target?: unknown };
    if (a.action !== 'lane:set' || a.result !== 'ok') continue;
    const cmd = LaneSetSchema.safeParse(a.target);
    if (cmd.success) twin.lanes.set(cmd.data);
  }
}

/**
 * What a restarted server takes over from the newest day recording: the twin at its last instant, and the
 * (id, seq) of every message received in the last `dedupeMs` of it (and of the day before, across midnight),
 * so resent messages that were acked before the restart are recognised as duplicates.
 */
export function restoreLatest(dir: string, site: Site, dedupeMs: number): RestoredState | undefined {
  const days = listRecordings(dir).filter((r) => r.kind === 'day');
  for (let i = days.length - 1; i >= 0; i--) {
    const reader = new RecordingReader(dir, days[i]!.name);
    try {
      const sum = reader.summary();
      if (sum.lastTs === null) continue;
      const cutoff = sum.lastTs - dedupeMs;
      const seen: { id: string; seq: number }[] = [];
      if (i > 0 && sum.firstTs !== null && sum.firstTs > cutoff) collectSeen(new RecordingReader(dir, days[i - 1]!.name), cutoff, seen);
      const keyframe = reader.keyframeAt(Infinity);
      const twin = keyframe ? fromKeyframe(site, reader.loadKeyframe(keyframe.id)) : new Twin(site);
      const from = keyframe?.pos ?? 0;
      // One pass from whichever comes first: the keyframe (the twin) or the dedupe cutoff (the keys).
      const cursor = reader.cursor(Math.min(from, reader.positionAt(cutoff)));
      let lastRt = keyframe?.ts ?? -Infinity;
      cursor.take(Infinity, (m, rt) => {
        if (cursor.pos >= from) {
          twin.apply(m, rt);
          lastRt = rt;
        }
        if (rt >= cutoff) seen.push({ id: m.id, seq: m.seq });
      });
      applyLaneChanges(reader, twin, keyframe?.ts ?? -Infinity, Infinity);
      return { twin, seen, recording: days[i]!.name, ts: lastRt };
    } finally {
      reader.close();
    }
  }
  return undefined;
}

function collectSeen(reader: RecordingReader, cutoff: number, seen: { id: string; seq: number }[]): void {
  try {
    reader.cursor(reader.positionAt(cutoff)).take(Infinity, (m, rt) => {
      if (rt >= cutoff) seen.push({ id: m.id, seq: m.seq });
    });
  } finally {
    reader.close();
  }
}
