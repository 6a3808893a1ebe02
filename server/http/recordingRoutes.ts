import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpToken, OPERATOR_ROLES, VIEWER_ROLES } from '../auth';
import type { AuditEntry } from '../live';
import { formatZodError, RecordingNameSchema, WhatIfRequestSchema, type RecordingEntry, type Role, type Site } from '../protocol';
import { listRecordings, recordingPath } from '../recorder/dayFile';
import { isKept, setKept } from '../recorder/retention';
import { OverBudgetError } from '../replay/pool/budgets';
import { ReadError, type ReaderPool } from '../replay/pool/readerPool';
import { WhatIfBusyError, type WhatIfRunner } from '../replay/whatif/whatifRunner';
import { WhatIfError } from '../replay/whatif/whatifSite';
import type { TokenStore } from '../tokens';

export interface RecordingApiDeps {
  tokens: TokenStore;
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
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
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
      const parsed = WhatIfRequestSchema.safeParse(await readJson(req));
      if (!parsed.success) throw new HttpError(400, formatZodError(parsed.error));
      if (!existsSync(recordingPath(deps.dir, parsed.data.day))) throw new HttpError(404, `no recording of ${parsed.data.day}`);
      deps.audit({ who, action: 'whatif:run', target: parsed.data, result: 'ok' });
      const result = await deps.whatif.run({ dir: deps.dir, request: parsed.data, baseSite: deps.baseSite, site: deps.site, scenariosDir: deps.scenariosDir });
      return json(res, 200, result);
    }
    const [, day, sub] = m;
    if (day === undefined) {
      if (req.method !== 'GET') throw new HttpError(405, 'GET /api/recordings');
      authorize(req, url, deps, VIEWER_ROLES);
      const list: RecordingEntry[] = listRecordings(deps.dir).map((r) => ({ day: r.name, kind: r.kind, bytes: r.bytes, kept: safeKept(deps.dir, r.name) }));
      return json(res, 200, list);
    }
    const who = authorize(req, url, deps, sub === 'keep' ? OPERATOR_ROLES : VIEWER_ROLES);
    const name = RecordingNameSchema.safeParse(decodeURIComponent(day));
    if (!name.success) throw new HttpError(400, formatZodError(name.error));
    if (!existsSync(recordingPath(deps.dir, name.data))) throw new HttpError(404, `no recording ${name.data}`);
    if (sub === 'keep') {
      if (req.method !== 'POST') throw new HttpError(405, `POST /api/recordings/${name.data}/keep`);
      const body = await readJson(req, true);
      const kept = !(body && typeof body === 'object' && 'kept' in body && body.kept === false);
      setKept(deps.dir, name.data, kept);
      deps.audit({ who, action: 'recording:keep', target: { day: name.data, kept }, result: 'ok' });
      return json(res, 200, { day: name.data, kept });
    }
    if (req.method !== 'GET') throw new HttpError(405, `GET ${url.pathname}`);
    if (sub === 'export.mcap') return await sendMcap(res, deps.readers, deps.dir, name.data);
    const at = { dir: deps.dir, day: name.data };
    const query = sub === 'timeline' ? { kind: 'timeline' as const, ...at, buckets: bucketsOf(url) } : sub === 'kpi' ? { kind: 'kpi' as const, ...at, site: deps.site } : { kind: 'summary' as const, ...at };
    return json(res, 200, await deps.readers.query(query));
  } catch (e) {
    if (res.headersSent) res.destroy(e instanceof Error ? e : undefined);
    else if (e instanceof OverBudgetError) {
      res.setHeader('retry-after', String(Math.ceil(e.retryAfterMs / 1000)));
      json(res, 429, { error: e.message, retryAfterMs: e.retryAfterMs });
    } else if (e instanceof HttpError || (e instanceof ReadError && e.status !== undefined)) json(res, (e as HttpError).status, { error: e.message });
    else if (e instanceof WhatIfError) json(res, 400, { error: e.message });
    else if (e instanceof WhatIfBusyError) {
      res.setHeader('retry-after', String(Math.ceil(e.retryAfterMs / 1000)));
      json(res, 429, { error: e.message, retryAfterMs: e.retryAfterMs });
    }
    else json(res, 500, { error: e instanceof Error ? `internal error: ${e.message}` : 'internal error' });
    return true;
  }
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
    if (res.destroyed) return Promise.reject(new Error('the client went away'));
    if (res.write(bytes)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      res.once('drain', resolve);
      res.once('close', () => reject(new Error('the client went away')));
    });
  });
  res.end();
  return true;
}

function safeKept(dir: string, name: string): boolean {
  try {
    return isKept(dir, name);
  } catch {
    return false;
  }
}

function authorize(req: IncomingMessage, url: URL, deps: RecordingApiDeps, roles: readonly Role[]): string {
  const who = deps.tokens.lookup(httpToken(req.headers.authorization, url));
  if (!who) throw new HttpError(401, 'unauthorized: a valid token is required');
  if (!roles.includes(who.role)) throw new HttpError(403, `forbidden for role ${who.role}`);
  return who.name;
}

async function readJson(req: IncomingMessage, emptyOk = false): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, `body over ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (emptyOk && text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
}

function json(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
  return true;
}
