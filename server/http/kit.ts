import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { httpToken } from '../auth';
import type { Role } from '../protocol';
import type { SecurityEdge } from '../security/edge';
import type { Principal, TokenStore } from '../tokens';

/**
 * The one HTTP kit every route group uses: errors with a status, authorisation that counts and audits every
 * refusal, bounded JSON bodies, JSON replies. Any route answering 4xx goes through `fail`, so a refusal is
 * counted (by status) and, for token, role, limit and size refusals, written to the audit log.
 */
export interface HttpKit {
  tokens: TokenStore;
  /** Limits, counters and the audit log (absent in tests of the routes alone). */
  security?: SecurityEdge;
}

/** An answer other than 200: its status, the message sent as `{ error }`, and extra headers (Retry-After). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<OutgoingHttpHeaders> = {},
    /** For a 429: when to come back, also in the body so a client need not parse headers. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** A 429 refusal that says when to retry (`Retry-After` in whole seconds, `retryAfterMs` in the body). */
export function tooBusy(message: string, retryAfterMs: number): HttpError {
  return new HttpError(429, message, { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) }, retryAfterMs);
}

/** The token's holder if it has one of `roles`; throws 401 (no or unknown token) or 403 (role) otherwise. */
export function authorize(req: IncomingMessage, url: URL, kit: HttpKit, roles: readonly Role[]): Principal {
  const who = kit.tokens.lookup(httpToken(req.headers.authorization, url));
  if (!who) throw new HttpError(401, 'unauthorized: a valid token is required');
  if (!roles.includes(who.role)) throw new RefusedFor(who, `forbidden for role ${who.role}`);
  return who;
}

/** A 403 that remembers who was refused, for the audit line. */
class RefusedFor extends HttpError {
  constructor(
    readonly who: Principal,
    message: string,
  ) {
    super(403, message);
  }
}

/** Reads a JSON body of at most `maxBytes` (413 over it, 400 when not JSON; both counted as bad bodies). */
export async function readJson(req: IncomingMessage, kit: HttpKit, opts: { maxBytes: number; emptyOk?: boolean }): Promise<unknown> {
  const bad = (status: number, message: string) => {
    if (kit.security) kit.security.counters.badBodies++;
    return new HttpError(status, message);
  };
  if (Number(req.headers['content-length'] ?? 0) > opts.maxBytes) throw bad(413, `body over ${opts.maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > opts.maxBytes) throw bad(413, `body over ${opts.maxBytes} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (opts.emptyOk && text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw bad(400, 'body is not valid JSON');
  }
}

/** Sends a JSON reply (never cached: every answer depends on the token and the moment). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<OutgoingHttpHeaders> = {}): true {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
  return true;
}

/**
 * Answers a failed request: an HttpError with its status, anything `known` maps to a status, else 500. Every
 * 4xx is counted by status; 401, 403, 413 and 429 are audited (unauthenticated ones sampled by the edge).
 */
export function fail(req: IncomingMessage, res: ServerResponse, kit: HttpKit, e: unknown, known: (e: unknown) => HttpError | undefined = () => undefined): true {
  // A stream (an export) already under way cannot change its status: cut it, so the client sees it broke.
  if (res.headersSent) {
    res.destroy(e instanceof Error ? e : undefined);
    return true;
  }
  const err = e instanceof HttpError ? e : known(e);
  if (!err) return sendJson(res, 500, { error: 'internal error' });
  kit.security?.refusedHttp(req, err.status, err instanceof RefusedFor ? err.who : holder(req, kit), err.message);
  return sendJson(res, err.status, { error: err.message, ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) }, err.headers);
}

/** The holder of the request's token, when it has a valid one (for the audit line of a refusal after auth). */
function holder(req: IncomingMessage, kit: HttpKit): Principal | undefined {
  return kit.tokens.lookup(httpToken(req.headers.authorization, new URL(req.url ?? '/', 'http://localhost')));
}
