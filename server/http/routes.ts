import type { IncomingMessage, ServerResponse } from 'node:http';
import { compareSmartGates } from '../replay/smartGateCompare';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { ADMIN_ROLES, ALL_ROLES, httpToken, VIEWER_ROLES } from '../auth';
import { BatchError, type IngestPipeline } from '../ingest/pipeline';
import type { IngestFn } from '../ingest/ingestFn';
import { formatZodError, MAX_BATCH, PROTOCOL_VERSION, RecordingNameSchema, type KpiHistory } from '../protocol';
import { alertReason } from './alertReason';
import { liveParams, trucksBehind } from '../protocol/alertNow';
import { protocolJsonSchema } from '../protocol/jsonSchema';
import type { SecurityEdge } from '../security/edge';
import { authorize, fail, HttpError, readJson, sendJson, type HttpKit } from './kit';
import type { Readiness } from './readiness';
import { sameSecret } from '../tokens';
import type { LiveHub } from '../live';
import type { DeviceGateways } from '../devices/gateways';
import { stateSnapshot } from '../twin/snapshot';
import { TodayPrefix } from './todayHistory';

export const MAX_BODY_BYTES = 1_000_000;
const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;
const HEALTH_PATHS = new Set(['/api/health', '/api/health/live', '/api/health/ready']);

export interface ApiDeps extends HttpKit {
  live: LiveHub;
  pipeline: IngestPipeline;
  /** Where device batches go: this process's pipeline, or the leader through the relay. */
  ingest: IngestFn;
  startedAt: number;
  /** Recordings, replay export and what-if (`/api/recordings…`, `/api/whatif`); true when it answered. */
  recordings?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
  /** Limits, counters and the audit log (absent in tests of the routes alone). */
  security?: SecurityEdge;
  /** A recorded day's history (`GET /api/kpi/history?day=` for a day other than today); absent without recordings. */
  recordedHistory?: (day: string) => Promise<KpiHistory>;
  /** MQTT / VDA 5050 bridges: their counters and refusals by reason go in the health. */
  devices?: DeviceGateways;
  /** What `/api/health/ready` reports; absent: always ready. */
  readiness?: Readiness;
  /** The app's Prometheus registry for `GET /metrics`, and the extra token that may read it. */
  metrics?: Registry;
  metricsToken?: string;
}

/** `GET /api/kpi/history` query: a site-local day (default today) or a what-if run on one (`YYYY-MM-DD~whatif-N`). */
const HistoryQuerySchema = z.strictObject({
  day: RecordingNameSchema.optional(),
  token: z.string().optional(),
});

/** `GET /api/audit` query: the newest `limit` records (at most 1,000), optionally since an epoch-ms instant. */
const AuditQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1_000).optional(),
  since: z.coerce.number().int().min(0).optional(),
  token: z.string().optional(),
});

const prefixes = new WeakMap<ApiDeps, TodayPrefix>();
const todayPrefix = (deps: ApiDeps, read: (day: string) => Promise<KpiHistory>): TodayPrefix => {
  let p = prefixes.get(deps);
  if (!p) prefixes.set(deps, (p = new TodayPrefix(read)));
  return p;
};

/** Handles `/api/*` and `/metrics`; returns false for anything else (the static client). */
export async function handleApi(req: IncomingMessage, res: ServerResponse, deps: ApiDeps): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/metrics') return serveMetrics(req, res, url, deps);
  if (!url.pathname.startsWith('/api/')) return false;
  if (deps.recordings && (await deps.recordings(req, res, url))) return true;
  try {
    if (HEALTH_PATHS.has(url.pathname)) return health(req, res, url, deps);
    const body = await route(req, url, deps);
    sendJson(res, 200, body);
  } catch (e) {
    fail(req, res, deps, e, (err) => (err instanceof BatchError ? new HttpError(400, err.message) : undefined));
  }
  return true;
}

/**
 * `/api/health/live` (the process answers), `/api/health/ready` (200, or 503 with no details while it cannot do
 * its job), both without a token; `/api/health` gives `{ ok }` alone without a token, the details with any valid one.
 */
function health(req: IncomingMessage, res: ServerResponse, url: URL, deps: ApiDeps): true {
  const notReady = deps.readiness?.check() ?? [];
  const status = notReady.length === 0 ? 200 : 503;
  if (req.method !== 'GET') throw new HttpError(405, 'GET only');
  if (url.pathname === '/api/health/live') return sendJson(res, 200, { ok: true });
  if (url.pathname === '/api/health/ready') return sendJson(res, status, { ok: status === 200 });
  if (!deps.tokens.lookup(httpToken(req.headers.authorization, url))) return sendJson(res, status, { ok: status === 200 });
  authorize(req, url, deps, ALL_ROLES);
  const { live } = deps;
  return sendJson(res, status, {
    ok: status === 200,
    notReady,
    protocolVersion: PROTOCOL_VERSION,
    role: live.role,
    uptimeS: Math.round((Date.now() - deps.startedAt) / 1000),
    twinTime: live.clock.now(),
    ingest: deps.pipeline.counters,
    engine: live.counters,
    commands: live.commandCounters(),
    entities: { trucks: live.twin.trucks.size, agvs: live.twin.agvs.size, sensors: live.twin.sensors.size },
    ...(deps.security ? { security: deps.security.counters, httpRefusals: Object.fromEntries(deps.security.httpRefusals), audit: deps.security.audit.counters } : {}),
    ...(deps.devices ? { devices: deps.devices.snapshot() } : {}),
    memory: memory(),
  });
}

/** `GET /metrics`: Prometheus text for an admin token or the metrics token (`GATETWIN_METRICS_TOKEN`). */
async function serveMetrics(req: IncomingMessage, res: ServerResponse, url: URL, deps: ApiDeps): Promise<true> {
  try {
    if (!deps.metrics) throw new HttpError(404, 'metrics are not enabled');
    const presented = httpToken(req.headers.authorization, url);
    if (!(deps.metricsToken && presented !== undefined && sameSecret(presented, deps.metricsToken))) authorize(req, url, deps, ADMIN_ROLES);
    if (req.method !== 'GET') throw new HttpError(405, 'GET /metrics');
    const text = await deps.metrics.metrics();
    res.writeHead(200, { 'content-type': deps.metrics.contentType, 'cache-control': 'no-store' });
    res.end(text);
  } catch (e) {
    fail(req, res, deps, e);
  }
  return true;
}

async function route(req: IncomingMessage, url: URL, deps: ApiDeps): Promise<unknown> {
  const { live } = deps;
  const key = `${req.method} ${url.pathname}`;
  switch (key) {
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
    case 'GET /api/alerts':
      // The active alerts, most severe first, then oldest first (the same set the wall's alert strip shows), each
      // with its figures as raised (`params`) and as they stand now (`now`, from the latest KPIs, as the screens show
      // them), its reason in words from the latter, and the trucks waiting behind it now.
      authorize(req, url, deps, VIEWER_ROLES);
      return [...live.alerts.values()]
        .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.raisedAt - b.raisedAt || (a.id < b.id ? -1 : 1))
        .map((a) => {
          const now = liveParams(a, live.kpi);
          return {
            id: a.id, kind: a.kind, severity: a.severity, crossing: a.crossing ?? null, subject: a.subject ?? null, reason: alertReason({ ...a, params: now }), raisedAt: a.raisedAt,
            acknowledgedBy: a.acknowledgedBy ?? null, params: a.params, now, trucksBehind: trucksBehind(a, live.kpi),
          };
        });
    case 'GET /api/kpi/history': {
      authorize(req, url, deps, VIEWER_ROLES);
      const q = HistoryQuerySchema.safeParse(Object.fromEntries(url.searchParams));
      if (!q.success) throw new HttpError(400, formatZodError(q.error));
      const today = live.dayHistory.history();
      if (q.data.day === undefined || q.data.day === today?.day) {
        if (!today) throw new HttpError(503, 'no history yet: the engine has not run');
        // After a restart the morning is in today's recording, not in this process's memory.
        return deps.recordedHistory ? todayPrefix(deps, deps.recordedHistory).history(today) : today;
      }
      if (!deps.recordedHistory) throw new HttpError(404, `no recording of ${q.data.day}`);
      return deps.recordedHistory(q.data.day);
    }
    case 'GET /api/compare/smart-gate': {
      // AGVs or overhead rail on the rail's corridor, same containers (issue 17); `demand=design` for the design load.
      authorize(req, url, deps, VIEWER_ROLES);
      const demand = url.searchParams.get('demand') ?? 'day';
      if (demand !== 'day' && demand !== 'design') throw new HttpError(400, 'demand must be day or design');
      return compareSmartGates(live.site, demand);
    }
    case 'POST /api/ingest': {
      const who = authorize(req, url, deps, ['device', 'admin']);
      const batch = await readJson(req, deps, { maxBytes: MAX_BODY_BYTES });
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

/** The process's memory in MB, for watching it stay bounded. */
function memory(): { rssMB: number; heapUsedMB: number } {
  const m = process.memoryUsage();
  return { rssMB: Math.round(m.rss / 1e5) / 10, heapUsedMB: Math.round(m.heapUsed / 1e5) / 10 };
}
