import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, TelemetryAck } from '../../server/protocol';
import { localDay } from '../../server/recorder/days';
import { SqliteRecorder } from '../../server/recorder/sqliteRecorder';
import { buildSensorMessage } from '../support/builders';
import { connect, opened, openSocket, startServer, TOKENS, waitFor, type Harness } from './harness';

let h: Harness;
let dir: string;
let recorder: SqliteRecorder;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatetwin-rec-err-'));
  recorder = new SqliteRecorder(dir);
  h = await startServer({ recorder });
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a recorder that cannot write', () => {
  it('turns acks into errors and raises recorder-error for the wall, and clears it once writing works again', async () => {
    const device = await connect(h.url, '/ingest', TOKENS.device);
    const viewer = openSocket(h.url, '/twin', TOKENS.viewer);
    await opened(viewer);
    try {
      const send = (seq: number): Promise<TelemetryAck | { error: string }> => device.timeout(5_000).emitWithAck('telemetry', [buildSensorMessage({ seq, ts: Date.now() })]);
      expect(await send(1)).toMatchObject({ accepted: 1 });
      // The disk goes away under the open day file.
      (recorder as unknown as { days: Map<string, { db: Database.Database }> }).days.get(localDay(Date.now()))!.db.close();
      const raised = waitFor<Alert>(viewer, 'alert', (a) => a.kind === 'recorder-error' && a.clearedAt === undefined);
      expect(await send(2)).toEqual({ error: expect.stringMatching(/not open/) });
      expect((await raised).severity).toBe('critical');
      // The next commit reopens the file: the resend is accepted (not a duplicate) and the alert clears.
      const cleared = waitFor<Alert>(viewer, 'alert', (a) => a.kind === 'recorder-error' && a.clearedAt !== undefined);
      expect(await send(2)).toMatchObject({ accepted: 1, duplicates: 0 });
      await cleared;
      expect(h.app.live.alerts.has('recorder-error')).toBe(false);
    } finally {
      device.close();
      viewer.close();
    }
  });
});
