import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Namespace } from 'socket.io';
import type { Clock } from '../clock';
import { HttpError } from './kit';
import { handleRecordingApi } from './recordingRoutes';
import { recordingPath } from '../recorder/dayFile';
import type { LiveHub } from '../live';
import type { Alert, Forecast, KpiHistory, Site } from '../protocol';
import { localDay } from '../recorder/days';
import type { Recorder } from '../recorder/recorder';
import { applyRetention, pruneWhatIfs } from '../recorder/retention';
import type { SecurityEdge } from '../security/edge';
import type { TokenStore } from '../tokens';
import { defaultBudgets, type ReaderBudgets } from '../replay/pool/budgets';
import { ReaderPool } from '../replay/pool/readerPool';
import { mountReplay } from '../replay/replayNamespace';
import { WhatIfRunner } from '../replay/whatif/whatifRunner';

export interface RecordingsDeps {
  ns: Namespace;
  tokens: TokenStore;
  recorder: Recorder;
  site: Site;
  baseSite: Site;
  live: LiveHub;
  clock: Clock;
  log: Logger;
  /** Pushes an alert to the live viewers. */
  emitAlert(alert: Alert): void;
  retentionDays?: number;
  scenariosDir?: string;
  /** Limits, counters and the audit log for the HTTP routes. */
  security?: SecurityEdge;
  /** What-if runs kept (newest first) and their longest age; kept runs are exempt. */
  whatifRetention?: { keep: number; maxAgeDays: number };
  /** Run what-ifs on the calling thread instead of a worker (tests that count threads). */
  whatifInProcess?: boolean;
  /** Reader threads and budgets (replay sessions per token and in total, exports, what-if queue); defaults: defaultBudgets(). */
  readers?: Partial<ReaderBudgets>;
}

/** What the app needs back: the HTTP handler, and the retention sweep to start and stop with the server. */
export interface Recordings {
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** A recorded day's history, read on a reader thread (absent without recordings). */
  history?: (day: string) => Promise<KpiHistory>;
  /** What the forecast said at an instant of a recorded day (absent without recordings). */
  forecastAt?: (day: string, at: number) => Promise<Forecast | undefined>;
  start(): void;
  stop(): void;
}

const HOUR_MS = 3_600_000;

/**
 * Wires recorded days into the server: the `/replay` namespace, `/api/recordings…` and `/api/whatif`, the
 * `recorder-error` alert while the recorder cannot write, and the retention sweep (at start, then hourly).
 */
export function mountRecordings(deps: RecordingsDeps): Recordings {
  const dir = deps.recorder.dir;
  deps.recorder.onHealth?.((err) => {
    const now = deps.clock.now();
    const raised = deps.live.alerts.get('recorder-error');
    if (err && !raised) {
      const a: Alert = { id: 'recorder-error', kind: 'recorder-error', severity: 'critical', params: { message: err.message }, raisedAt: now };
      deps.live.alerts.set(a.id, a);
      deps.emitAlert(a);
      deps.log.error({ err }, 'recorder cannot write: ingest answers with errors until it can');
    } else if (!err && raised) {
      deps.live.alerts.delete(raised.id);
      deps.emitAlert({ ...raised, clearedAt: Math.max(now, raised.raisedAt) });
    }
  });
  if (!dir) return { handle: async () => false, start() {}, stop() {} };
  const budgets = { ...defaultBudgets(), ...deps.readers };
  const readers = new ReaderPool(budgets);
  mountReplay(deps.ns, { tokens: deps.tokens, dir, site: deps.site, log: deps.log, readers });
  const whatif = new WhatIfRunner({ queue: budgets.whatifQueue, ...(deps.whatifInProcess ? { inProcess: true } : {}) });
  const api = {
    tokens: deps.tokens, dir, site: deps.site, baseSite: deps.baseSite, whatif, readers,
    scenariosDir: deps.scenariosDir ?? join(process.cwd(), 'assets', 'scenarios'),
    audit: (entry: Parameters<LiveHub['audit']>[0]) => deps.live.audit(entry),
    pruneWhatIfs: () => prune(),
    ...(deps.security ? { security: deps.security } : {}),
  };
  let timer: NodeJS.Timeout | undefined;
  const prune = () => {
    if (!deps.whatifRetention) return;
    const deleted = pruneWhatIfs(dir, deps.whatifRetention, Date.now());
    if (deleted.length > 0) deps.log.info({ deleted }, 'retention: deleted old what-if runs');
  };
  const sweep = () => {
    prune();
    if (deps.retentionDays === undefined) return;
    const deleted = applyRetention(dir, localDay(deps.clock.now()), deps.retentionDays, (name) => deps.recorder.openDays?.().includes(name) ?? false);
    if (deleted.length > 0) deps.log.info({ deleted }, 'retention: deleted old recordings');
  };
  return {
    handle: (req, res, url) => handleRecordingApi(req, res, url, api),
    history: async (day) => {
      if (!existsSync(recordingPath(dir, day))) throw new HttpError(404, `no recording of ${day}`);
      return (await readers.query({ kind: 'history', dir, day, tzH: deps.site.timezones.vn })) as KpiHistory;
    },
    forecastAt: async (day, at) => {
      if (!existsSync(recordingPath(dir, day))) return undefined;
      return ((await readers.query({ kind: 'forecast', dir, day, at })) as Forecast | null) ?? undefined;
    },
    start() {
      sweep();
      if (deps.retentionDays !== undefined || deps.whatifRetention) timer = setInterval(sweep, HOUR_MS);
    },
    stop() {
      if (timer) clearInterval(timer);
      void readers.close();
    },
  };
}
