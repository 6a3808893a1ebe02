import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGzip } from 'node:zlib';
import { OPERATOR_ROLES, VIEWER_ROLES } from '../auth';
import { defaultEngineConfig, initialMemory, runEngine } from '../engine';
import type { PolicyName } from '../engine/types';
import type { AuditEntry } from '../live';
import { formatZodError, RecordingNameSchema, WhatIfRequestSchema, type DayTimeline, type RecordingEntry, type RecordingKpi, type Site } from '../protocol';
import { listRecordings, recordingPath } from '../recorder/dayFile';
import { exportMcap, streamWritable } from '../recorder/mcapExport';
import { RecordingReader } from '../recorder/reader';
import { twinAt } from '../recorder/restore';
import { isKept, setKept } from '../recorder/retention';
import { WhatIfBusyError, type WhatIfRunner } from '../replay/whatif/whatifRunner';
import { WhatIfError } from '../replay/whatif/whatifSite';
import { stillWaiting } from '../sim/headless';
import { summarise } from '../sim/summary';
import type { Principal } from '../tokens';
import { authorize, fail, HttpError, readJson, sendJson, type HttpKit } from './kit';
import { engineInput, QueueHistory } from '../twin/engineInput';

export interface RecordingApiDeps extends HttpKit {
  /** Directory of the recordings. */
  dir: string;
  /** The live site (for recordings that do not hold their own) and the base site model (what-if configurations). */
  site: Site;
  baseSite: Site;
  scenariosDir: string;
  whatif: WhatIfRunner;
  audit(entry: AuditEntry): void;
  /** After each what-if run: drops old runs past the retention count and age (kept runs stay). */
  pruneWhatIfs?: () => void;
}

const ROUTE = /^\/api\/recordings(?:\/([^/]+)(?:\/(kpi|timeline|export\.mcap|keep))?)?$/;
const MAX_BODY = 64 * 1024;

/**
 * `/api/recordings…` and `/api/whatif`; returns false for any other path. Viewers may read, operators and
 * admins may also mark days kept and run what-ifs. Every outcome is JSON except the MCAP export.
 */
export async function handleRecordingApi(req: IncomingMessage, res: ServerResponse, url: URL, deps: RecordingApiDeps): Promise<boolean> {
  const m = ROUTE.exec(url.pathname);
  if (!m && url.pathname !== '/api/whatif') return false;
  try {
    if (!m) {
      if (req.method !== 'POST') throw new HttpError(405, 'POST /api/whatif');
      const who = authorize(req, url, deps, OPERATOR_ROLES);
      heavy(req, deps, who);
      const parsed = WhatIfRequestSchema.safeParse(await readJson(req, deps, { maxBytes: MAX_BODY }));
      if (!parsed.success) throw new HttpError(400, formatZodError(parsed.error));
      if (!existsSync(recordingPath(deps.dir, parsed.data.day))) throw new HttpError(404, `no recording of ${parsed.data.day}`);
      deps.audit({ who: who.name, action: 'whatif:run', target: parsed.data, result: 'ok' });
      const result = await deps.whatif.run({ dir: deps.dir, request: parsed.data, baseSite: deps.baseSite, site: deps.site, scenariosDir: deps.scenariosDir });
      deps.pruneWhatIfs?.();
      return sendJson(res, 200, result);
    }
    const [, day, sub] = m;
    if (day === undefined) {
      if (req.method !== 'GET') throw new HttpError(405, 'GET /api/recordings');
      authorize(req, url, deps, VIEWER_ROLES);
      const list: RecordingEntry[] = listRecordings(deps.dir).map((r) => ({ day: r.name, kind: r.kind, bytes: r.bytes, kept: safeKept(deps.dir, r.name) }));
      return sendJson(res, 200, list);
    }
    const who = authorize(req, url, deps, sub === 'keep' ? OPERATOR_ROLES : VIEWER_ROLES);
    const name = RecordingNameSchema.safeParse(decodeURIComponent(day));
    if (!name.success) throw new HttpError(400, formatZodError(name.error));
    if (!existsSync(recordingPath(deps.dir, name.data))) throw new HttpError(404, `no recording ${name.data}`);
    if (sub === 'keep') {
      if (req.method !== 'POST') throw new HttpError(405, `POST /api/recordings/${name.data}/keep`);
      const body = await readJson(req, deps, { maxBytes: MAX_BODY, emptyOk: true });
      const kept = !(body && typeof body === 'object' && 'kept' in body && body.kept === false);
      setKept(deps.dir, name.data, kept);
      deps.audit({ who: who.name, action: 'recording:keep', target: { day: name.data, kept }, result: 'ok' });
      return sendJson(res, 200, { day: name.data, kept });
    }
    if (req.method !== 'GET') throw new HttpError(405, `GET ${url.pathname}`);
    if (sub === 'export.mcap' || sub === 'timeline') heavy(req, deps, who);
    if (sub === 'export.mcap') return await sendMcap(req, res, deps.dir, name.data);
    const reader = new RecordingReader(deps.dir, name.data);
    try {
      if (sub === 'timeline') return sendJson(res, 200, dayTimeline(reader, url));
      return sendJson(res, 200, sub === 'kpi' ? recordingKpi(reader, deps.site) : reader.summary());
    } finally {
      reader.close();
    }
  } catch (e) {
    return fail(req, res, deps, e, (err) =>
      err instanceof WhatIfError ? new HttpError(400, err.message) : err instanceof WhatIfBusyError ? new HttpError(429, err.message, { 'retry-after': '10' }) : undefined,
    );
  }
}

/** Heavy routes (timeline, export, what-if): a request rate per address and token, 429 with Retry-After past it. */
function heavy(req: IncomingMessage, deps: RecordingApiDeps, who: Principal): void {
  const wait = deps.security?.heavyWait(req, who) ?? 0;
  if (wait > 0) throw new HttpError(429, `rate limited: too many heavy requests; retry in ${Math.ceil(wait / 1000)} s`, { 'retry-after': String(Math.ceil(wait / 1000)) });
}

/** `GET /api/recordings/:day/timeline?buckets=N` (default 288, 1–2,000): activity per bucket and the alerts. */
function dayTimeline(reader: RecordingReader, url: URL): DayTimeline {
  const raw = url.searchParams.get('buckets');
  const buckets = raw === null ? 288 : Number(raw);
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > 2_000) throw new HttpError(400, 'buckets: a whole number from 1 to 2000');
  const activity = reader.activity(buckets);
  if (!activity) throw new HttpError(409, `recording ${reader.name} holds nothing yet`);
  return { day: reader.name, ...activity, alerts: reader.alerts() };
}

/** The engine's KPIs at the end of a recording, and the span's figures from the cleared log. */
function recordingKpi(reader: RecordingReader, fallback: Site): RecordingKpi {
  const sum = reader.summary();
  if (sum.firstTs === null || sum.lastTs === null) throw new HttpError(409, `recording ${reader.name} holds nothing yet`);
  const meta = reader.meta();
  const site = meta.site ?? fallback;
  const { twin } = twinAt(reader, site, sum.lastTs);
  const config = defaultEngineConfig((meta.policy as PolicyName | undefined) ?? 'default');
  const out = runEngine(engineInput(twin, site, sum.lastTs, config, new QueueHistory()), initialMemory());
  return { day: reader.name, ts: sum.lastTs, kpi: out.kpi, figures: summarise(twin.cleared, sum.firstTs, sum.lastTs + 1, stillWaiting(twin)) };
}

async function sendMcap(req: IncomingMessage, res: ServerResponse, dir: string, name: string): Promise<true> {
  const reader = new RecordingReader(dir, name);
  try {
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, {
      'content-type': 'application/x-mcap',
      'content-disposition': `attachment; filename="gatetwin-${name}.mcap"`,
      'cache-control': 'no-store',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    // A day is hundreds of megabytes of JSON messages: compress on the way out when the client allows it.
    const out = gzip ? createGzip({ level: 4 }) : res;
    if (gzip) (out as ReturnType<typeof createGzip>).pipe(res);
    await exportMcap(reader, streamWritable(out));
    out.end();
    return true;
  } finally {
    reader.close();
  }
}

function safeKept(dir: string, name: string): boolean {
  try {
    return isKept(dir, name);
  } catch {
    return false;
  }
}
