import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { ADMIN_ROLES, ALL_ROLES, httpToken, VIEWER_ROLES } from '../auth';
import { BatchError, type IngestPipeline } from '../ingest/pipeline';
import type { IngestFn } from '../scale/mqttBridge';
import { formatZodError, MAX_BATCH, PROTOCOL_VERSION, type Role } from '../protocol';
import { protocolJsonSchema } from '../protocol/jsonSchema';
import type { SecurityEdge } from '../security/edge';
import type { Principal, TokenStore } from '../tokens';
import type { LiveHub } from '../live';
import type { DeviceGateways } from '../devices/gateways';
import { stateSnapshot } from '../twin/snapshot';

export const MAX_BODY_BYTES = 1_000_000;

export interface ApiDeps {
  tokens: TokenStore;
  live: LiveHub;
  pipeline: IngestPipeline;
  /** Where device batches go: this process's pipeline, or the leader through the relay. */
  ingest: IngestFn;
  startedAt: number;
  /** Recordings, replay export and what-if (`/api/recordings…`, `/api/whatif`); true when it answered. */
  recordings?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
  /** Limits, counters and the audit log (absent in tests of the routes alone). */
  security?: SecurityEdge;
  /** MQTT / VDA 5050 bridges: their counters and refusals by reason go in the health. */
  devices?: DeviceGateways;
}

/** `GET /api/audit` query: the newest `limit` records (at most 1,000), optionally since an epoch-ms instant. */
const AuditQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1_000).optional(),
  since: z.coerce.number().int().min(0).optional(),
  token: z.string().optional(),
});

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Handles `/api/*`; returns false for anything else (the static client). */
export async function handleApi(req: IncomingMessage, res: ServerResponse, deps: ApiDeps): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!url.pathname.startsWith('/api/')) return false;
  if (deps.recordings && (await deps.recordings(req, res, url))) return true;
  try {
    const body = await route(req, url, deps);
    send(res, 200, body);
  } catch (e) {
    if (e instanceof HttpError) send(res, e.status, { error: e.message });
    else if (e instanceof BatchError) send(res, 400, { error: e.message });
    else send(res, 500, { error: 'internal error' });
  }
  return true;
}

async function route(req: IncomingMessage, url: URL, deps: ApiDeps): Promise<unknown> {
  const { live } = deps;
  const key = `${req.method} ${url.pathname}`;
  switch (key) {
    case 'GET /api/health':
      return {
        ok: true,
        protocolVersion: PROTOCOL_VERSION,
        role: live.role,
        uptimeS: Math.round((Date.now() - deps.startedAt) / 1000),
        twinTime: live.clock.now(),
        ingest: deps.pipeline.counters,
        engine: live.counters,
        commands: live.commandCounters(),
        entities: { trucks: live.twin.trucks.size, agvs: live.twin.agvs.size, sensors: live.twin.sensors.size },
        ...(deps.security ? { security: deps.security.counters, audit: deps.security.audit.counters } : {}),
        ...(deps.devices ? { devices: deps.devices.snapshot() } : {}),
        memory: memory(),
      };
    case 'GET /api/protocol':
      authorize(req, url, deps, ['device', ...VIEWER_ROLES]);
      return protocolJsonSchema();
    case 'GET /api/state':
      authorize(req, url, deps, VIEWER_ROLES);
      return stateSnapshot(live.twin, live.clock.now());
    case 'GET /api/plan':
      authorize(req, url, deps, VIEWER_ROLES);
      if (!live.plan) throw new HttpError(503, 'no plan yet: the engine has not run');
      return live.plan;
    case 'GET /api/kpi':
      authorize(req, url, deps, VIEWER_ROLES);
      if (!live.kpi) throw new HttpError(503, 'no KPIs yet: the engine has not run');
      return live.kpi;
    case 'POST /api/ingest': {
      const who = authorize(req, url, deps, ['device', 'admin']);
      const batch = await readJson(req, deps);
      const gate = deps.security?.admitTelemetry(who, batch);
      if (gate && !gate.ok) throw new HttpError(gate.status, gate.error);
      if (deps.security && (!Array.isArray(batch) || batch.length === 0 || batch.length > MAX_BATCH)) deps.security.counters.badBatches++;
      return deps.ingest(batch, `http:${who.name}`);
    }
    case 'GET /api/audit': {
      authorize(req, url, deps, ADMIN_ROLES);
      const q = AuditQuerySchema.safeParse(Object.fromEntries(url.searchParams));
      if (!q.success) throw new HttpError(400, formatZodError(q.error));
      if (!deps.security) return [];
      return deps.security.audit.read({ ...(q.data.limit !== undefined ? { limit: q.data.limit } : {}), ...(q.data.since !== undefined ? { since: q.data.since } : {}) });
    }
    default:
      // Unknown routes too need a token: without one, nobody learns which routes exist.
      authorize(req, url, deps, ALL_ROLES);
      throw new HttpError(404, `no route ${key}`);
  }
}

/** The token's holder if it has one of `roles`; 401/403 otherwise (counted and audited). */
function authorize(req: IncomingMessage, url: URL, deps: ApiDeps, roles: readonly Role[]): Principal {
  const who = deps.tokens.lookup(httpToken(req.headers.authorization, url));
  if (!who) {
    deps.security?.refusedHttp(req, 401, undefined);
    throw new HttpError(401, 'unauthorized: a valid token is required');
  }
  if (!roles.includes(who.role)) {
    deps.security?.refusedHttp(req, 403, who);
    throw new HttpError(403, `forbidden for role ${who.role}`);
  }
  return who;
}

async function readJson(req: IncomingMessage, deps: ApiDeps): Promise<unknown> {
  const bad = (status: number, message: string) => {
    if (deps.security) deps.security.counters.badBodies++;
    return new HttpError(status, message);
  };
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw bad(413, `body over ${MAX_BODY_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw bad(413, `body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw bad(400, 'body is not valid JSON');
  }
}

/** The process's memory in MB, for watching it stay bounded. */
function memory(): { rssMB: number; heapUsedMB: number } {
  const m = process.memoryUsage();
  return { rssMB: Math.round(m.rss / 1e5) / 10, heapUsedMB: Math.round(m.heapUsed / 1e5) / 10 };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}
