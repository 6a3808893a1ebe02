import { deserialize } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { Telemetry } from '../protocol';
import type { TwinKeyframe } from '../twin/keyframe';
import { SqliteRecorder } from './sqliteRecorder';
import { TelemetryUnpacker } from './telemetryPack';
import { CheckpointThread } from './walCheckpoints';
import type { AppendItem, RecorderReply, RecorderRequest, RecorderWorkerData } from './workerRecorder';

// The recorder thread: block encoding, string table, deflate and the SQLite group commit of everything the ingest
// thread accepted. Batches arrive packed in typed arrays (transferred, not copied); each append is answered once the
// commit holding it is durable, so the ingest thread can ack its device. It runs below the ingest thread and above
// the readers (workers/spawn.ts: NICE; set by the thread's bootstrap).
const { dir, options } = workerData as RecorderWorkerData;
const port = parentPort!;
// WAL checkpoints run on a thread of their own, so no commit (and no ack) waits for one (walCheckpoints.ts).
const checkpoints = new CheckpointThread(() => rec.checkpointYourself());
const rec = new SqliteRecorder(dir, { ...options, restore: false, checkpoints });
const unpacker = new TelemetryUnpacker();
let done: number[] = [];
let failed: [number, string][] = [];
let replyQueued = false;
// Commit durations ride with the next acks (they are what the acks waited for).
let commitSeconds: number[] = [];

// Answers are gathered and sent once per turn of this thread's loop (one message per group commit, not per batch).
function reply(): void {
  if (replyQueued) return;
  replyQueued = true;
  setImmediate(sendReplies);
}

function sendReplies(): void {
  replyQueued = false;
  if (done.length === 0 && failed.length === 0) return;
  const r: RecorderReply = { type: 'done', ok: done, failed, open: rec.openDays(), keyframeBytes: rec.keyframeBytes(), commitSeconds };
  done = [];
  failed = [];
  commitSeconds = [];
  port.postMessage(r);
}

rec.onCommit((s) => commitSeconds.push(s));
port.postMessage({ type: 'ready' } satisfies RecorderReply);
rec.onHealth((e) => port.postMessage({ type: 'health', ...(e ? { error: e.message } : {}) } satisfies RecorderReply));

/** Decodes one batch and hands it to the recorder; it is answered after the commit that holds it. */
function append(b: AppendItem): void {
  let msgs: Telemetry[];
  try {
    msgs = unpacker.unpack(b.packed);
  } catch (e) {
    failed.push([b.id, `recorder: unreadable batch (${e instanceof Error ? e.message : String(e)})`]);
    return reply();
  }
  const kf = b.keyframe;
  rec.appendAt(msgs, b.rt, kf ? { load: () => deserialize(kf) as TwinKeyframe } : undefined).then(
    () => {
      done.push(b.id);
      reply();
    },
    (e: unknown) => {
      failed.push([b.id, e instanceof Error ? e.message : String(e)]);
      reply();
    },
  );
}

port.on('message', (m: RecorderRequest) => {
  switch (m.op) {
    case 'site':
      rec.useSite(m.site);
      return;
    case 'append':
      for (const b of m.batches) append(b);
      return;
    case 'event':
      rec.eventJson(m.ts, m.kind, m.json);
      return;
    case 'close':
      // The checkpointer's connections close last: the last one to a file checkpoints it whole and removes its WAL.
      void rec
        .close()
        .then(
          () => undefined,
          (e: unknown) => (e instanceof Error ? e.message : String(e)),
        )
        .then(async (error) => {
          sendReplies();
          await checkpoints.stop();
          port.postMessage({ type: 'closed', ...(error === undefined ? {} : { error }) } satisfies RecorderReply);
        });
      return;
  }
});
