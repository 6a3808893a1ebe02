import Database from 'better-sqlite3';
import { parentPort } from 'node:worker_threads';
import type { CheckpointReply, CheckpointRequest } from './walCheckpoints';

// The WAL checkpointer: copies what the recorder committed into each open day file, from a connection of its own,
// so the recorder thread never waits for it. A PASSIVE checkpoint takes no lock a writer needs: the recorder goes
// on committing to the WAL meanwhile, and the WAL starts over from its beginning once everything was copied.
const port = parentPort!;
const EVERY_MS = 1_000;
const dbs = new Map<string, Database.Database>();

function checkpointAll(): void {
  for (const db of dbs.values()) {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // A full disk or an I/O error: the WAL keeps everything, and the next turn tries again (walCheckpoints.ts).
    }
  }
}

const timer = setInterval(checkpointAll, EVERY_MS);

port.on('message', (m: CheckpointRequest) => {
  switch (m.op) {
    case 'open':
      if (!dbs.has(m.path)) {
        const db = new Database(m.path, { fileMustExist: true });
        db.pragma('synchronous = NORMAL');
        dbs.set(m.path, db);
      }
      return;
    case 'close':
      dbs.get(m.path)?.close();
      dbs.delete(m.path);
      return;
    case 'stop':
      clearInterval(timer);
      for (const db of dbs.values()) db.close();
      dbs.clear();
      port.postMessage({ type: 'stopped' } satisfies CheckpointReply);
      return;
  }
});
