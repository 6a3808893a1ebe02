import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Socket } from 'socket.io-client';
import type { AppDeps } from '../../server/app';
import { LOG_REDACT } from '../../server/security/redact';
import { TokenStore, type TokenFile } from '../../server/tokens';
import { startServer, TOKENS, type Harness } from './harness';

export interface SecureHarness extends Harness {
  tokensPath: string;
  clientDir: string;
  /** Everything the server logged (at trace level, through the production redaction). */
  logs(): string;
  /** Rewrites the token file (the server watches it). */
  writeTokens(file: TokenFile): void;
  closeAll(): Promise<void>;
}

/** The harness tokens as a token file, plus extras. */
export function tokenFile(extra: TokenFile['tokens'] = [], without: (keyof typeof TOKENS)[] = []): TokenFile {
  return {
    tokens: [
      ...Object.entries(TOKENS)
        .filter(([role]) => !without.includes(role as keyof typeof TOKENS))
        .map(([role, token]) => ({ token, role: role as keyof typeof TOKENS, id: `${role}-test` })),
      ...extra,
    ],
  };
}

/**
 * A real server like `startServer`, with a watched token file, a built-client stand-in (an index page and one
 * script), and a trace-level logger that uses the production redaction, so tests can look for tokens in the logs.
 */
export async function startSecure(over: Partial<AppDeps> = {}, extraTokens: TokenFile['tokens'] = []): Promise<SecureHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'gatetwin-sec-it-'));
  const tokensPath = join(dir, 'tokens.json');
  const file = tokenFile(extraTokens);
  writeFileSync(tokensPath, JSON.stringify(file));
  const clientDir = join(dir, 'client');
  mkdirSync(join(clientDir, 'assets'), { recursive: true });
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>');
  writeFileSync(join(clientDir, 'assets', 'app.js'), 'console.log("twin");');
  let logged = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logged += chunk.toString();
      cb();
    },
  });
  const h = await startServer({
    tokens: new TokenStore(file),
    clientDir,
    log: pino({ level: 'trace', redact: LOG_REDACT }, sink),
    ...over,
    security: { tokensFile: tokensPath, tokenPollMs: 250, ...over.security },
  });
  return {
    ...h,
    tokensPath,
    clientDir,
    logs: () => logged,
    writeTokens: (f) => writeFileSync(tokensPath, JSON.stringify(f)),
    async closeAll() {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the reason a socket was disconnected by the server (`error:auth` / `error:limit` first, if sent). */
export function disconnection(socket: Socket, ms = 10_000): Promise<{ reason: string; notice?: string }> {
  return new Promise((resolve, reject) => {
    let notice: string | undefined;
    const timer = setTimeout(() => reject(new Error(`not disconnected within ${ms} ms`)), ms);
    socket.on('error:auth', (m: { error: string }) => (notice = m.error));
    socket.on('error:limit', (m: { error: string }) => (notice = m.error));
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve({ reason, ...(notice !== undefined ? { notice } : {}) });
    });
  });
}

/** p50 and p95 of a list of numbers. */
export function percentiles(xs: readonly number[]): { p50: number; p95: number; n: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), n: s.length };
}
