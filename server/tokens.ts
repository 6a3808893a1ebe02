import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { formatZodError, RoleSchema, type Role } from './protocol';

export const TokenFileSchema = z.strictObject({
  tokens: z.array(z.strictObject({ token: z.string().min(16).max(256), role: RoleSchema, id: z.string().max(64).optional() })).min(1),
});
export type TokenFile = z.infer<typeof TokenFileSchema>;

export interface Principal {
  role: Role;
  /** Who holds the token, for logs and the audit trail (never the token itself). */
  name: string;
  /** A fingerprint of the token (SHA-256 prefix): tells tokens apart in limits and revocation, reveals nothing. */
  key: string;
}

/** A live connection made with a token; the store ends it when the token is revoked or changes role. */
export interface Session {
  readonly principal: Principal;
  /** Roles the namespace it joined admits. */
  readonly roles: readonly Role[];
  /** Where it connected (a namespace), for the audit trail. */
  readonly where: string;
  /** Ends the session (disconnects the socket), saying why. */
  end(reason: string): void;
}

/** Token events, for counters and the audit log. Refusals carry the holder's name only when the token was valid. */
export type TokenEvent =
  | { type: 'refused'; reason: 'no token' | 'unknown token' | 'role' | 'connections'; where: string; who?: Principal; ip?: string; origin?: string }
  | { type: 'revoked'; who: Principal; where: string; reason: string }
  | { type: 'reloaded'; tokens: number; ended: number }
  | { type: 'reload-failed'; error: string };

/** SHA-256 fingerprint of a token (12 hex digits). */
export const tokenKey = (token: string): string => createHash('sha256').update(token).digest('hex').slice(0, 12);

/**
 * Looks tokens up, and keeps the live sessions made with each: a cap on how many one token may hold, and
 * `replace` (the token file changed) ends the sessions of tokens that are gone or whose role changed.
 */
export class TokenStore {
  private byToken: Held[] = [];
  private readonly sessions = new Map<string, Set<Session>>();
  private readonly listeners: ((e: TokenEvent) => void)[] = [];
  /** Live sessions one token may hold at once. */
  maxSessionsPerToken = Infinity;

  constructor(file: TokenFile) {
    this.byToken = principals(file);
  }

  /** Swaps the whole token set; sessions of revoked tokens, or tokens whose role changed, are ended. */
  replace(file: TokenFile): number {
    this.byToken = principals(file);
    const live = new Map(this.byToken.map((h) => [h.principal.key, h.principal]));
    let ended = 0;
    for (const [key, set] of this.sessions) {
      const now = live.get(key);
      for (const s of [...set]) {
        if (now && now.role === s.principal.role && s.roles.includes(now.role)) continue;
        const reason = now ? `token role changed to ${now.role}` : 'token revoked';
        this.close(s);
        ended++;
        this.report({ type: 'revoked', who: s.principal, where: s.where, reason });
        s.end(reason);
      }
    }
    this.report({ type: 'reloaded', tokens: this.byToken.length, ended });
    return ended;
  }

  /**
   * The holder of a token. Compared in constant time: the SHA-256 of what was presented against every known
   * token's, with no early exit, so the time taken says nothing about how close a guess came.
   */
  lookup(token: unknown): Principal | undefined {
    if (typeof token !== 'string' || token === '') return undefined;
    const digest = sha256(token);
    let found: Principal | undefined;
    for (const h of this.byToken) if (timingSafeEqual(digest, h.digest)) found = h.principal;
    return found;
  }

  /** Registers a live session; returns why it is refused when its token already holds the most allowed. */
  open(session: Session): string | undefined {
    let set = this.sessions.get(session.principal.key);
    if (set && set.size >= this.maxSessionsPerToken) return `too many connections for this token (at most ${this.maxSessionsPerToken})`;
    if (!set) this.sessions.set(session.principal.key, (set = new Set()));
    set.add(session);
    return undefined;
  }

  close(session: Session): void {
    const set = this.sessions.get(session.principal.key);
    if (!set) return;
    set.delete(session);
    if (set.size === 0) this.sessions.delete(session.principal.key);
  }

  /** Live sessions held with a token, by its fingerprint. */
  sessionCount(key: string): number {
    return this.sessions.get(key)?.size ?? 0;
  }

  onEvent(listener: (e: TokenEvent) => void): void {
    this.listeners.push(listener);
  }

  report(e: TokenEvent): void {
    for (const l of this.listeners) l(e);
  }
}

/** A known token, kept only as its digest beside its holder. */
interface Held {
  digest: Buffer;
  principal: Principal;
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();

function principals(file: TokenFile): Held[] {
  // A token listed twice: `lookup` keeps the last match, as the Map built from the file used to.
  return file.tokens.map((t, i) => ({ digest: sha256(t.token), principal: { role: t.role, name: t.id ?? `${t.role}-${i + 1}`, key: tokenKey(t.token) } }));
}

/** Whether two secrets are equal, in constant time (compares their SHA-256 digests). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

/** First token with this role, for printing the browser URLs. */
export const firstToken = (file: TokenFile, role: Role): string | undefined => file.tokens.find((t) => t.role === role)?.token;

/** Reads and validates a token file; throws a message naming the broken field. */
export function readTokenFile(path: string): TokenFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    // JSON.parse quotes the text around the error, which may be a token: say only what went wrong.
    throw new Error(`token file ${path}: ${e instanceof SyntaxError ? 'not valid JSON' : e instanceof Error && 'code' in e ? String(e.code) : 'unreadable'}`);
  }
  const parsed = TokenFileSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`token file ${path}: ${formatZodError(parsed.error)}`);
  return parsed.data;
}

/** Creates a token file with one random token per role (first start without GATETWIN_TOKENS_FILE). */
export function ensureTokenFile(path: string): TokenFile {
  if (existsSync(path)) return readTokenFile(path);
  const make = () => randomBytes(18).toString('base64url');
  const file: TokenFile = {
    tokens: [
      { token: make(), role: 'viewer', id: 'viewer' },
      { token: make(), role: 'operator', id: 'operator' },
      { token: make(), role: 'admin', id: 'admin' },
      { token: make(), role: 'device', id: 'simulator' },
    ],
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
  return file;
}
