import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Namespace, Server, ServerOptions, Socket } from 'socket.io';
import type { AuditInput, AuditLog } from '../audit/auditLog';
import type { Principal, TokenStore } from '../tokens';
import { newSecurityCounters, type SecurityCounters } from './counters';
import { AddressCap } from './addressCap';
import { applySecurityHeaders } from './headers';
import { OriginPolicy } from './origins';
import { countMalformedPackets } from './parser';
import { isTelemetry } from '../protocol/telemetryCheck';
import { oversizedMessage, VALID_TELEMETRY_MAX_BYTES } from './payload';
import { KeyedLimiter, StrikeCounter, TokenBucket } from './rateLimit';
import { RefusalSampler } from './refusalSampler';
import { redactUrl } from './redact';
import type { SecuritySettings } from './settings';
import { auditTokenEvent } from './tokenAudit';
import { TokenFileWatcher } from './tokenWatcher';

const ENGINE_PATH = '/socket.io/';

/** A request path without its query, for counters and audit lines (a query may hold a token). */
const routeOf = (url: string | undefined): string => redactUrl(url).split('?')[0] ?? '';

/** Whether a batch may go on to the pipeline; if not, why, the HTTP status, and whether to disconnect. */
/** `valid`: every message of the batch passed the telemetry schema check on the way (the pipeline need not repeat it). */
export type Admission = { ok: true; valid: boolean } | { ok: false; status: 413 | 429; error: string; disconnect: boolean };

/**
 * The server's security edge: origins, hardening headers, size and rate limits, connection caps, token-file
 * revocation, counters of everything refused, and the audit trail of refusals and token events. `createApp`
 * builds one and hands it to the transports; the routes and namespaces ask it before doing anything.
 */
export class SecurityEdge {
  readonly counters: SecurityCounters = newSecurityCounters();
  /** Every HTTP answer 400–499 on any route, by status (401 and 403 included). */
  readonly httpRefusals = new Map<string, number>();
  readonly origins: OriginPolicy;
  private readonly ingest: KeyedLimiter;
  private readonly strikes = new WeakMap<Socket, StrikeCounter>();
  private readonly watcher: TokenFileWatcher | undefined;
  private closing = false;
  private readonly sampler: RefusalSampler;
  private readonly heavy: KeyedLimiter;

  constructor(
    readonly settings: SecuritySettings,
    private readonly tokens: TokenStore,
    readonly audit: AuditLog,
    private readonly log: Logger,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.origins = new OriginPolicy(settings.allowedOrigins, settings.allowLocalhost);
    this.ingest = new KeyedLimiter(settings.ingestRate, settings.ingestBurst, now);
    this.sampler = new RefusalSampler(settings.auditRefusalsPerMinute, now);
    this.heavy = new KeyedLimiter(settings.heavyPerMinute / 60, settings.heavyBurst, now);
    tokens.maxSessionsPerToken = settings.maxConnectionsPerToken;
    tokens.onEvent((e) => auditTokenEvent(e, { counters: this.counters, log, write: (a) => this.write(a), sampled: (r, a) => this.sampled(r, a) }));
    this.watcher = settings.tokensFile ? new TokenFileWatcher(settings.tokensFile, tokens, settings.tokenPollMs) : undefined;
  }

  /** Socket.IO options: packet size limit, the origin check at the handshake, CORS for listed origins only. */
  ioOptions(): Partial<ServerOptions> {
    const listed = this.settings.allowedOrigins;
    return {
      maxHttpBufferSize: this.settings.maxPacketBytes,
      allowRequest: (req, callback) => {
        if (this.origins.allows(req.headers)) return callback(null, true);
        this.refuseOrigin(req, 'connect');
        callback('origin not allowed', false);
      },
      ...(listed.length > 0 ? { cors: { origin: listed.includes('*') ? '*' : [...listed], credentials: false } } : {}),
    };
  }

  /** Counts what the transport refuses or cannot parse, and limits every socket's event rate, per namespace. */
  instrument(io: Server, http: HttpServer): void {
    countMalformedPackets(io, () => this.counters.malformedFrames++);
    io.engine.on('connection_error', (err: { code: number }) => {
      if (err.code !== 4) this.counters.badHandshakes++; // 4 = refused by allowRequest, counted there
    });
    io.engine.on('connection', (raw: { once(event: 'close', l: (reason: string) => void): void }) => {
      raw.once('close', (reason) => {
        if (reason === 'parse error') this.counters.malformedFrames++;
        else if (reason === 'transport error' && !this.closing) this.counters.transportErrors++;
      });
    });
    // Every namespace, including ones mounted later: a guard before any other middleware.
    io.on('new_namespace', (ns: Namespace) => ns.use((socket, next) => (this.guardEvents(socket), next())));
    for (const ns of io._nsps.values()) ns.use((socket, next) => (this.guardEvents(socket), next()));
    const cap = new AddressCap(this.settings.maxConnectionsPerAddress, (ip) => {
      this.counters.refusedAddressConnections++;
      this.sampled('address cap', { who: 'anonymous', action: 'connect', result: 'denied', detail: `more than ${this.settings.maxConnectionsPerAddress} connections from this address`, ip });
    });
    http.on('connection', (socket: NetSocket) => cap.admit(socket));
    // Engine.IO answers its own requests (and errors) before ours run: set the headers ahead of everyone.
    http.prependListener('request', (_req, res: ServerResponse) => applySecurityHeaders(res));
  }

  /**
   * First step of the app's request handler. False when the request is done with: an Engine.IO request (it is
   * Socket.IO's), a refused origin (403), or a CORS preflight. Otherwise adds CORS headers for listed origins.
   */
  admitHttp(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.url?.startsWith(ENGINE_PATH)) return false;
    if (!this.origins.allows(req.headers)) {
      this.refuseOrigin(req, `http:${req.method ?? ''} ${redactUrl(req.url).split('?')[0] ?? ''}`);
      res.writeHead(403, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ error: 'forbidden: origin not allowed' }));
      return false;
    }
    const cors = this.origins.corsOrigin(req.headers);
    if (cors) {
      res.setHeader('access-control-allow-origin', cors);
      res.setHeader('vary', 'origin');
    }
    if (req.method === 'OPTIONS' && cors) {
      res.writeHead(204, { 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'authorization, content-type', 'access-control-max-age': '600' });
      res.end();
      return false;
    }
    return true;
  }

  /**
   * Checks a telemetry batch from a device before the pipeline: message size and depth (a violator is
   * disconnected), then the device token's message rate (a violator is throttled: retry later).
   */
  admitTelemetry(who: Principal, batch: unknown): Admission {
    // A message the schema accepts is flat and bounded (VALID_TELEMETRY_MAX_BYTES): a batch of only those needs no
    // walk. Otherwise each message not accepted is measured (valid ones are skipped again, by the same check).
    const valid = this.settings.maxMessageBytes >= VALID_TELEMETRY_MAX_BYTES && allValid(batch);
    const big = valid ? undefined : oversizedMessage(batch, this.settings.maxMessageBytes, this.settings.maxMessageDepth, isTelemetry);
    if (big) {
      this.counters.oversizedMessages++;
      return { ok: false, status: 413, error: `limit: ${big.reason}`, disconnect: true };
    }
    const cost = Array.isArray(batch) ? Math.max(1, batch.length) : 1;
    const wait = this.ingest.take(who.key, cost);
    if (wait > 0) {
      this.counters.rateLimited++;
      return { ok: false, status: 429, error: `rate limited: at most ${this.settings.ingestRate} messages/s per device token; retry in ${wait} ms`, disconnect: false };
    }
    return { ok: true, valid };
  }

  /** 0 when this address and token may make a heavy request (timeline, export, what-if) now, else the ms to wait. */
  heavyWait(req: IncomingMessage, who: Principal): number {
    const wait = this.heavy.take(`${req.socket.remoteAddress ?? ''}|${who.key}`, 1);
    if (wait > 0) this.counters.rateLimited++;
    return wait;
  }

  /** Notes a throttled event on a socket; disconnects it (and says why) once it keeps on. True if disconnected. */
  strike(socket: Socket): boolean {
    let s = this.strikes.get(socket);
    if (!s) this.strikes.set(socket, (s = new StrikeCounter(this.settings.maxStrikes, this.settings.strikeWindowMs)));
    if (!s.hit(this.now())) return false;
    this.counters.floodDisconnects++;
    this.disconnect(socket, `limit: throttled more than ${this.settings.maxStrikes} times in ${this.settings.strikeWindowMs / 1000} s`);
    return true;
  }

  /** Tells a socket why it is being dropped, writes it to the audit log, and disconnects it. */
  disconnect(socket: Socket, reason: string): void {
    const who = socket.data.principal as Principal | undefined;
    this.write({ who: who?.name ?? 'anonymous', ...(who ? { role: who.role } : {}), action: 'disconnect', result: 'denied', detail: reason, via: socket.nsp.name, ip: socket.handshake.address });
    this.log.warn({ who: who?.name, namespace: socket.nsp.name, reason }, 'socket disconnected by a limit');
    socket.emit('error:limit', { error: reason });
    socket.disconnect(true);
  }

  /**
   * Counts an HTTP request refused with a 4xx, by status; audits token, role, size and rate refusals. Refusals
   * without a valid token are sampled (a few lines a minute per route and status, each with the count skipped).
   */
  refusedHttp(req: IncomingMessage, status: number, who: Principal | undefined, detail: string): void {
    if (status === 401) this.counters.httpUnauthorized++;
    else if (status === 403) this.counters.httpForbidden++;
    const key = String(status);
    this.httpRefusals.set(key, (this.httpRefusals.get(key) ?? 0) + 1);
    if (![401, 403, 413, 429].includes(status)) return;
    const route = `${req.method ?? ''} ${routeOf(req.url)}`;
    const entry: AuditInput = { who: who?.name ?? 'anonymous', ...(who ? { role: who.role } : {}), action: `http:${route}`, result: 'denied', detail, ip: req.socket.remoteAddress ?? '' };
    if (who) return this.write(entry);
    // Sampled per status, not per path: varying the path must not buy a flood more lines.
    this.sampled(`http ${status}`, entry);
  }

  /** Writes an anonymous refusal if the sampler lets it through, with the count of those left out before it. */
  private sampled(reason: string, entry: AuditInput): boolean {
    const s = this.sampler.admit(reason);
    if (!s.write) {
      this.counters.refusalsSampledOut++;
      return false;
    }
    this.write(s.skipped > 0 ? { ...entry, suppressed: s.skipped } : entry);
    return true;
  }

  /** Writes an audit record (never with a token in it: callers pass holder names). */
  write(entry: AuditInput): void {
    this.audit.write(entry);
  }

  start(): void {
    this.watcher?.start();
  }

  /** Stops watching; transport errors from here on are the shutdown's, not counted. */
  async stop(): Promise<void> {
    this.closing = true;
    this.watcher?.stop();
    await this.audit.close();
  }

  /** The per-socket event limiter: viewers get a few events a second, devices many (their messages are metered too). */
  private guardEvents(socket: Socket): void {
    const device = socket.nsp.name === '/ingest';
    const s = this.settings;
    const bucket = device ? new TokenBucket(s.deviceEventRate, s.deviceEventBurst, this.now()) : new TokenBucket(s.viewerEventRate, s.viewerEventBurst, this.now());
    socket.use((packet, next) => {
      const wait = bucket.take(1, this.now());
      if (wait === 0) return next();
      this.counters.rateLimited++;
      const ack: unknown = packet[packet.length - 1];
      const error = `rate limited: at most ${device ? s.deviceEventRate : s.viewerEventRate} events/s per connection; retry in ${wait} ms`;
      if (typeof ack === 'function') (ack as (r: unknown) => void)(device ? { error } : { ok: false, error });
      this.strike(socket);
    });
  }

  private refuseOrigin(req: IncomingMessage, via: string): void {
    this.counters.refusedOrigin++;
    const origin = req.headers.origin ?? '';
    // The log line is sampled with the audit line: a flood of foreign origins must not fill the log either.
    if (this.sampled('origin', { who: 'anonymous', action: 'connect', result: 'denied', detail: 'origin not allowed', origin, via, ip: req.socket.remoteAddress ?? '' })) this.log.warn({ origin, via }, 'origin refused');
  }
}

/** True when `batch` is an array whose every message passes the telemetry schema check. */
function allValid(batch: unknown): boolean {
  if (!Array.isArray(batch)) return false;
  for (const m of batch) if (!isTelemetry(m)) return false;
  return true;
}
