import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { OPERATOR_ROLES, VIEWER_ROLES } from '../auth';
import type { AuditEntry } from '../live';
import { formatZodError, RecordingNameSchema, WhatIfRequestSchema, type RecordingEntry, type Site } from '../protocol';
import { listRecordings, recordingPath } from '../recorder/dayFile';
import { isKept, setKept } from '../recorder/retention';
import { OverBudgetError } from '../replay/pool/budgets';
import { ReadError, type ReaderPool } from '../replay/pool/readerPool';
import { WhatIfBusyError, type WhatIfRunner } from '../replay/whatif/whatifRunner';
import { WhatIfError } from '../replay/whatif/whatifSite';
import type { Principal } from '../tokens';
import { authorize, fail, HttpError, readJson, sendJson, tooBusy, type HttpKit } from './kit';

export interface RecordingApiDeps extends HttpKit {
  /** Directory of the recordings. */
  dir: string;
  /** The live site (for recordings that do not hold their own) and the base site model (what-if configurations). */
  site: Site;
  baseSite: Site;
  scenariosDir: string;
  whatif: WhatIfRunner;
  /** The reader threads that answer timeline, KPI and summary reads and stream exports. */
  readers: ReaderPool;
  audit(entry: AuditEntry): void;
  /** After each what-if run: drops old runs past the retention count and age (kept runs stay). */
  pruneWhatIfs?: () => void;
}

const ROUTE = /^\/api\/recordings(?:\/([^/]+)(?:\/(kpi|timeline|export\.mcap|keep))?)?$/;
const MAX_BODY = 64 * 1024;

/**
 * `/api/recordings…` and `/api/whatif`; returns false for any other path. Viewers may read, operators and
 * admins may also mark days kept and run what-ifs. Every outcome is JSON except the MCAP export. Reads and
 * exports run on the reader threads; a reader over its budget is told when to come back (429, `retryAfterMs`).
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
    if (sub === 'export.mcap') return await sendMcap(res, deps.readers, deps.dir, name.data);
    const at = { dir: deps.dir, day: name.data };
    const query = sub === 'timeline' ? { kind: 'timeline' as const, ...at, buckets: bucketsOf(url) } : sub === 'kpi' ? { kind: 'kpi' as const, ...at, site: deps.site } : { kind: 'summary' as const, ...at };
    return sendJson(res, 200, await deps.readers.query(query));
  } catch (e) {
    return fail(req, res, deps, e, (err) => {
      if (err instanceof OverBudgetError || err instanceof WhatIfBusyError) return tooBusy(err.message, err.retryAfterMs);
      if (err instanceof ReadError && err.status !== undefined) return new HttpError(err.status, err.message);
      if (err instanceof WhatIfError) return new HttpError(400, err.message);
      return undefined;
    });
  }
}

/** Heavy routes (timeline, export, what-if): a request rate per address and token, 429 with Retry-After past it. */
function heavy(req: IncomingMessage, deps: RecordingApiDeps, who: Principal): void {
  const wait = deps.security?.heavyWait(req, who) ?? 0;
  if (wait > 0) throw tooBusy(`rate limited: too many heavy requests; retry in ${Math.ceil(wait / 1000)} s`, wait);
}

/** `?buckets=N` of `GET /api/recordings/:day/timeline` (default 288, 1–2,000). */
function bucketsOf(url: URL): number {
  const raw = url.searchParams.get('buckets');
  const buckets = raw === null ? 288 : Number(raw);
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > 2_000) throw new HttpError(400, 'buckets: a whole number from 1 to 2000');
  return buckets;
}

/** Streams the MCAP export from a reader thread (zstd chunks: no gzip on top), honouring the response's backpressure. */
async function sendMcap(res: ServerResponse, readers: ReaderPool, dir: string, name: string): Promise<true> {
  let started = false;
  await readers.export(dir, name, (bytes) => {
    if (!started) {
      started = true;
      res.writeHead(200, { 'content-type': 'application/x-mcap', 'content-disposition': `attachment; filename="gatetwin-${name}.mcap"`, 'cache-control': 'no-store' });
    }
    return writeOrWait(res, bytes);
  });
  res.end();
  return true;
}

/**
 * Writes `bytes`; resolves at once, or when the stream drains if its buffer is full; rejects if it closes first.
 * Whichever comes first removes the other's listener: a long export to a slow client waits thousands of times.
 */
export function writeOrWait(res: Writable, bytes: Uint8Array): Promise<void> {
  if (res.destroyed) return Promise.reject(new Error('the client went away'));
  if (res.write(bytes)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const drained = () => {
      res.off('close', closed);
      resolve();
    };
    const closed = () => {
      res.off('drain', drained);
      reject(new Error('the client went away'));
    };
    res.once('drain', drained);
    res.once('close', closed);
  });
}

function safeKept(dir: string, name: string): boolean {
  try {
    return isKept(dir, name);
  } catch {
    return false;
  }
}
