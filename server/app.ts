import type { CrossingSetup } from './engine/crossingModes';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { pino, type Logger } from 'pino';
import sirv from 'sirv';
import { Server, type ServerOptions } from 'socket.io';
import { mountTwin } from './broadcast/twinNamespace';
import type { Clock } from './clock';
import type { EngineConfig } from './engine/types';
import { FileAuditLog, MemoryAuditLog, type AuditLog } from './audit/auditLog';
import { defaultEngineConfig, type runEngine } from './engine';
import { DEFAULT_PROFILE, type FitInputs } from './forecast/fork';
import type { ForecastOptions } from './forecast/forecast';
import { ForecastService } from './forecast/forecastService';
import { operations, type Operations } from './http/operations';
import { handleApi } from './http/routes';
import { CommandRouter } from './ingest/commands';
import { DeviceGateways } from './devices/gateways';
import { IngestPipeline } from './ingest/pipeline';
import { flagSkew } from './ingest/skew';
import type { IngestFn } from './scale/mqttBridge';
import { mountIngest } from './ingest/socket';
import { LiveHub } from './live';
import type { Site } from './protocol';
import type { Recorder } from './recorder/recorder';
import { StampClock } from './recorder/stampClock';
import type { ReaderBudgets } from './replay/pool/budgets';
import { mountRecordings } from './http/recordingMount';
import { SecurityEdge } from './security/edge';
import { securitySettings, type SecuritySettings } from './security/settings';
import type { TokenStore } from './tokens';
import { Twin } from './twin/twin';

export interface AppDeps {
  /** The site with the active configuration already applied. */
  site: Site;
  configuration: string;
  clock: Clock;
  tokens: TokenStore;
  recorder: Recorder;
  log?: Logger;
  /** Built client to serve (dist/client); omitted in API-only tests. */
  clientDir?: string;
  engineConfig?: EngineConfig;
  /** The live forecast (server/forecast): how often, the arrival profile, in-process for tests; false turns it off. */
  forecast?: false | { everyMs?: number; fit?: FitInputs; inProcess?: boolean; opts?: ForecastOptions; modes?: CrossingSetup };
  /** Frame and engine periods in wall ms (tests shorten them). */
  frameMs?: number;
  engineMs?: number;
  /** The site model before any configuration (what-if runs apply others); defaults to `site`. */
  baseSite?: Site;
  /** Recordings older than this many days are deleted unless marked kept; unset keeps every day. */
  retentionDays?: number;
  /** Reader threads and budgets for replay sessions, exports and what-ifs (see server/replay/pool/budgets.ts). */
  readers?: Partial<ReaderBudgets>;
  /** Socket.IO adapter for fan-out across gateways (the Redis streams adapter when REDIS_URL is set). */
  adapter?: ServerOptions['adapter'];
  /** Start as a follower: no engine or frame loop until `setLeader(true)` (several gateways, one leader). */
  follower?: boolean;
  /** Every gateway holds a full replica (NATS mode): followers run the frame loop too, only the engine is the leader's. */
  replica?: boolean;
  /** Limits, allowed origins and the token file to watch (server/security/settings.ts has the defaults). */
  security?: Partial<SecuritySettings>;
  /** Append-only audit log; defaults to audit/audit.jsonl beside the recordings (in memory without them). */
  audit?: AuditLog;
  /** The engine to run each tick (tests inject one that fails). */
  engine?: typeof runEngine;
  /** A token that may read `GET /metrics` besides admin tokens (a Prometheus scraper's). */
  metricsToken?: string;
  /** What-if runs kept per recordings directory (newest first) and their longest age; runs marked kept stay. */
  whatifKeep?: number;
  whatifMaxAgeDays?: number;
  /** The audit file rotates past this many bytes (default 64 MB); this many rotated files are kept (default 20). */
  auditMaxBytes?: number;
  auditKeepFiles?: number;
}

export interface App {
  http: HttpServer;
  io: Server;
  live: LiveHub;
  pipeline: IngestPipeline;
  /** Routes commands to whichever transport last reported a vehicle (device bridges register theirs; NATS mode
   *  routes those for devices on other gateways). */
  commands: CommandRouter;
  /** MQTT / VDA 5050 bridges running here (health, refusals). */
  devices: DeviceGateways;
  /** Readiness (`/api/health/ready`) and the Prometheus registry (`/metrics`). */
  ops: Operations;
  /** Starts listening and (unless a follower) the periodic loops; resolves with the bound address. */
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Takes over as leader: reloads the twin and the dedupe windows from the (shared) recording. */
  promote(): void;
  /** Runs or stops the engine and frame loops: only the site's leader runs them. */
  setLeader(leader: boolean): void;
  /** Routes device batches elsewhere (a follower hands them to the leader); undefined = this process's pipeline. */
  setIngest(ingest: IngestFn | undefined): void;
  close(): Promise<void>;
}

/** Builds the whole server from its dependencies; reads no environment and starts nothing until `listen`. */
export function createApp(deps: AppDeps): App {
  const log = deps.log ?? pino({ level: 'silent' });
  // Recording: after a restart the twin and the dedupe windows come back from the recording; the recorder stamps
  // each batch with the instant the ingest applied it and takes keyframes of the twin.
  const stamp = new StampClock(deps.clock);
  const restored = deps.recorder.restore?.(deps.site);
  const twin = restored?.twin ?? new Twin(deps.site);
  const pipeline = new IngestPipeline(twin, deps.recorder, stamp);
  if (restored) pipeline.remember(restored.seen);
  deps.recorder.attach?.({ twin, now: () => stamp.last });
  const http = createServer();
  // The security edge: origins, headers, size/rate/connection limits, revocation, counters, the audit log.
  const rotation = { maxBytes: deps.auditMaxBytes ?? 64 * 1024 * 1024, keepFiles: deps.auditKeepFiles ?? 20 };
  const audit = deps.audit ?? (deps.recorder.dir ? new FileAuditLog(join(dirname(deps.recorder.dir), 'audit', 'audit.jsonl'), Date.now, rotation) : new MemoryAuditLog());
  const security = new SecurityEdge(securitySettings(deps.security), deps.tokens, audit, log);
  const io = new Server(http, { ...security.ioOptions(), serveClient: false, ...(deps.adapter ? { adapter: deps.adapter } : {}) });
  security.instrument(io, http);
  flagSkew(pipeline, deps.clock, deps.recorder, security.settings.maxSkewMs, () => security.counters.skewed++);
  io.of('/').use((_s, next) => next(new Error('connect to /ingest (devices) or /twin (viewers)')));
  const ingestNs = io.of('/ingest');
  const twinNs = io.of('/twin');
  const commands = new CommandRouter(ingestNs);
  const devices = new DeviceGateways((n) => (security.counters.deviceRefused += n));
  pipeline.onAccepted((msgs, origin) => commands.learn(msgs, origin));
  const live = new LiveHub(
    deps.site, deps.configuration, deps.clock, twin, deps.recorder, commands,
    { frame: (buf) => twinNs.volatile.emit('frame', buf), emit: (event, payload) => twinNs.emit(event, payload) },
    log, deps.engineConfig, { ...(deps.engine ? { engine: deps.engine } : {}), audit: (e) => security.write(e) },
  );
  const dataDir = deps.recorder.dir ? dirname(deps.recorder.dir) : undefined;
  const ops = operations({ live, pipeline, security, io, recorder: deps.recorder, ...(dataDir ? { dataDir } : {}) });
  const local: IngestFn = ops.timed((batch, origin) => pipeline.ingest(batch, origin));
  const port = { ingest: local };
  mountIngest(ingestNs, { tokens: deps.tokens, ingest: (b, o) => port.ingest(b, o), commands, log, security });
  mountTwin(twinNs, { tokens: deps.tokens, live, log, security });
  const forecast = deps.forecast === false ? undefined : new ForecastService(live, {
    emit: (f) => twinNs.emit('forecast', f),
    record: (ts, f) => deps.recorder.event(ts, 'forecast', f),
  }, { fit: deps.forecast?.fit ?? { profile: DEFAULT_PROFILE }, engineConfig: deps.engineConfig ?? defaultEngineConfig('default'), ...(deps.forecast?.inProcess ? { inProcess: true } : {}), ...(deps.forecast?.opts ? { opts: deps.forecast.opts } : {}), ...(deps.forecast?.modes ? { modes: deps.forecast.modes } : {}) });
  const recordings = mountRecordings({
    ns: io.of('/replay'), tokens: deps.tokens, recorder: deps.recorder, site: deps.site, baseSite: deps.baseSite ?? deps.site,
    live, clock: deps.clock, log, emitAlert: (a) => twinNs.emit('alert', a), ...(deps.retentionDays !== undefined ? { retentionDays: deps.retentionDays } : {}),
    security, whatifRetention: { keep: deps.whatifKeep ?? 20, maxAgeDays: deps.whatifMaxAgeDays ?? 7 },
    ...(deps.readers ? { readers: deps.readers } : {}),
  });

  if (forecast && recordings.forecastAt) forecast.recorded = recordings.forecastAt;
  if (forecast) live.onLaneChanged = () => forecast.changed();
  const startedAt = Date.now();
  const statics = deps.clientDir ? sirv(deps.clientDir, { single: true, etag: true, gzip: true }) : undefined;
  const api = {
    tokens: deps.tokens, live, pipeline, ingest: (b: unknown, o: string) => port.ingest(b, o), startedAt, recordings: async (req: IncomingMessage, res: ServerResponse, url: URL) => (forecast ? await forecast.handle(req, res, url, { tokens: deps.tokens, security }) : false) || recordings.handle(req, res, url), ...(recordings.history ? { recordedHistory: recordings.history } : {}), security, devices,
    readiness: ops.readiness, metrics: ops.metrics.registry, ...(deps.metricsToken ? { metricsToken: deps.metricsToken } : {}),
  };
  http.on('request', (req, res) => {
    if (!security.admitHttp(req, res)) return; // Socket.IO's own requests, refused origins, CORS preflights
    handleApi(req, res, api).then(
      (handled) => {
        if (handled) return;
        if (statics) statics(req, res, () => notFound(res));
        else notFound(res);
      },
      () => notFound(res),
    );
  });

  const timers: NodeJS.Timeout[] = [];
  const setLeader = (leader: boolean) => {
    for (const t of timers.splice(0)) clearInterval(t);
    live.role = leader ? 'leader' : 'follower';
    if (!leader) ops.readiness.engineStopped();
    if (!leader && !deps.replica) return;
    timers.push(setInterval(() => live.frameTick(), deps.frameMs ?? 100));
    if (leader) timers.push(setInterval(() => ops.engineTick(), deps.engineMs ?? 1000));
    if (leader && forecast) timers.push(setInterval(() => forecast.tick(), deps.forecast ? (deps.forecast.everyMs ?? 60_000) : 60_000));
  };
  return {
    http, io, live, pipeline, commands, devices, ops, setLeader,
    promote() {
      // What the previous leader made durable is the truth: restart from it, not from this follower's view.
      const state = deps.recorder.restore?.(deps.site);
      if (!state) return;
      twin.adopt(state.twin);
      pipeline.remember(state.seen);
    },
    setIngest(ingest) {
      port.ingest = ingest ?? local;
    },
    listen(listenPort, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(listenPort, host, () => {
          setLeader(!deps.follower);
          recordings.start();
          security.start();
          resolve(http.address() as AddressInfo);
        });
      });
    },
    async close() {
      for (const t of timers) clearInterval(t);
      recordings.stop();
      forecast?.stop();
      await security.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await deps.recorder.close();
    },
  };
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found');
}
