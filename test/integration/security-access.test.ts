import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../server/audit/auditLog';
import type { Reply } from '../../server/protocol';
import { connect, opened, openSocket, TOKENS } from './harness';
import { disconnection, startSecure, tokenFile, type SecureHarness } from './securityHarness';

// Rule 1 (access) and 6 (headers) and 7 (audit) with a real server and real clients.
let h: SecureHarness;
beforeAll(async () => {
  h = await startSecure({ security: { maxConnectionsPerToken: 6, allowedOrigins: ['https://wall.example'], allowLocalhost: false } });
});
afterAll(async () => h.closeAll());

const get = (path: string, headers: Record<string, string> = {}) => fetch(h.url + path, { headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const auditRecords = async (): Promise<AuditRecord[]> => (await (await get('/api/audit?limit=1000', bearer(TOKENS.admin))).json()) as AuditRecord[];

describe('no token → refused everywhere', () => {
  it('every Socket.IO namespace the server has refuses a handshake without a token, and with an unknown one', async () => {
    const namespaces = [...h.app.io._nsps.keys()];
    expect(namespaces).toEqual(expect.arrayContaining(['/', '/ingest', '/twin', '/replay']));
    for (const ns of namespaces) {
      await expect(connect(h.url, ns as '/twin', undefined), ns).rejects.toThrow(/unauthorized|connect to/);
      await expect(connect(h.url, ns as '/twin', 'an-unknown-token-0123456789'), ns).rejects.toThrow(/unauthorized|connect to/);
    }
  });

  it.each([
    ['GET', '/api/state'], ['GET', '/api/plan'], ['GET', '/api/kpi'], ['GET', '/api/protocol'], ['GET', '/api/audit'],
    ['GET', '/api/recordings'], ['GET', '/api/recordings/2026-06-01'], ['GET', '/api/recordings/2026-06-01/kpi'],
    ['POST', '/api/recordings/2026-06-01/keep'], ['POST', '/api/ingest'], ['POST', '/api/whatif'], ['GET', '/api/no-such-route'],
  ])('HTTP %s %s answers 401 without a token', async (method, path) => {
    const res = await fetch(h.url + path, { method, ...(method === 'POST' ? { body: '[]', headers: { 'content-type': 'application/json' } } : {}) });
    expect(res.status).toBe(401);
  });

  it('only /api/health and the static client need no token, and the page carries none', async () => {
    expect((await get('/api/health')).status).toBe(200);
    for (const path of ['/', '/wall', '/replay', '/assets/app.js']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      const body = await res.text();
      for (const t of Object.values(TOKENS)) expect(body).not.toContain(t);
    }
    // The token in a page URL stays in the browser: the server hands back the same static page.
    expect(await (await get(`/wall?token=${TOKENS.viewer}`)).text()).toBe(await (await get('/wall')).text());
  });

  it('the audit log is for admins only', async () => {
    expect((await get('/api/audit', bearer(TOKENS.viewer))).status).toBe(403);
    expect((await get('/api/audit', bearer(TOKENS.operator))).status).toBe(403);
    expect((await get('/api/audit', bearer(TOKENS.device))).status).toBe(403);
    expect((await get('/api/audit?limit=0', bearer(TOKENS.admin))).status).toBe(400);
    expect(Array.isArray(await auditRecords())).toBe(true);
  });
});

describe('roles per event', () => {
  it('a viewer sending lane:set or alert:ack is refused, audited, and changes nothing', async () => {
    const viewer = await connect(h.url, '/twin', TOKENS.viewer);
    try {
      // What `lane:set` could change: each lane's operator setting and direction (the engine's tick may meanwhile pick
      // a running direction for a reversible lane; that is not the viewer's doing).
      const settings = () => [...h.app.live.twin.lanes.byId.values()].map((l) => ({ id: l.id, open: l.open, direction: l.direction }));
      const before = settings();
      const r = (await viewer.timeout(5_000).emitWithAck('lane:set', { lane: 'HN-1', open: false })) as Reply<unknown>;
      expect(r).toEqual({ ok: false, error: expect.stringMatching(/forbidden/) });
      const a = (await viewer.timeout(5_000).emitWithAck('alert:ack', { id: 'queue-high:x' })) as Reply<unknown>;
      expect(a).toEqual({ ok: false, error: expect.stringMatching(/forbidden/) });
      expect(settings()).toEqual(before);
      expect(before.find((l) => l.id === 'HN-1')?.open).toBe(true);
      expect([...h.app.live.alerts.values()].filter((x) => x.acknowledgedBy !== undefined)).toEqual([]);
      const denied = (await auditRecords()).filter((x) => x.who === 'viewer-test' && x.result === 'denied');
      expect(denied.map((x) => x.action)).toEqual(expect.arrayContaining(['lane:set', 'alert:ack']));
      expect(denied.find((x) => x.action === 'lane:set')).toMatchObject({ role: 'viewer', target: { lane: 'HN-1', open: false }, via: '/twin', at: expect.any(Number) });
    } finally {
      viewer.close();
    }
  });

  it("an operator's commands are audited with their result, malformed ones too", async () => {
    const op = await connect(h.url, '/twin', TOKENS.operator);
    try {
      expect(await op.timeout(5_000).emitWithAck('lane:set', { lane: 'HN-2', open: false, extra: 1 })).toMatchObject({ ok: false, error: expect.stringMatching(/extra/) });
      expect(await op.timeout(5_000).emitWithAck('lane:set', { lane: 'HN-2', open: false })).toMatchObject({ ok: true });
      expect(await op.timeout(5_000).emitWithAck('lane:set', { lane: 'HN-2', open: true })).toMatchObject({ ok: true });
      const mine = (await auditRecords()).filter((x) => x.who === 'operator-test' && x.action === 'lane:set');
      expect(mine.map((x) => x.result)).toEqual(['error', 'ok', 'ok']);
    } finally {
      op.close();
    }
  });
});

describe('caps and origins', () => {
  it('refuses a token its connection over the cap, and lets one in again when another closes', async () => {
    const sockets = [];
    for (let i = 0; i < 6; i++) sockets.push(await connect(h.url, '/twin', TOKENS.viewer));
    await expect(connect(h.url, '/twin', TOKENS.viewer)).rejects.toThrow(/too many connections/);
    const other = await connect(h.url, '/twin', TOKENS.operator); // other tokens are unaffected
    sockets[0]!.close();
    // The server has seen the close once the namespace holds five viewers and the operator again.
    await expect.poll(() => h.app.io.of('/twin').sockets.size, { interval: 5 }).toBe(6);
    sockets.push(await connect(h.url, '/twin', TOKENS.viewer));
    for (const s of [...sockets, other]) s.close();
  });

  it('refuses a browser origin off the allowlist at the handshake and on the API; allows listed and same origin', async () => {
    const from = (origin: string) => ioClient(`${h.url}/twin`, { auth: { token: TOKENS.viewer }, transports: ['websocket'], reconnection: false, forceNew: true, autoConnect: false, extraHeaders: { origin } });
    await expect(opened(from('https://evil.example'))).rejects.toThrow();
    const ok = await opened(from('https://wall.example'));
    const same = await opened(from(h.url));
    ok.close();
    same.close();
    const evil = await get('/api/state', { ...bearer(TOKENS.viewer), origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    const listed = await get('/api/state', { ...bearer(TOKENS.viewer), origin: 'https://wall.example' });
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://wall.example');
    const pre = await fetch(`${h.url}/api/state`, { method: 'OPTIONS', headers: { origin: 'https://wall.example', 'access-control-request-method': 'GET' } });
    expect(pre.status).toBe(204);
    expect(await (await get('/api/health', bearer(TOKENS.admin))).json()).toMatchObject({ security: { refusedOrigin: 2 } });
  });
});

describe('hardening headers on every HTTP response', () => {
  it.each([
    ['API', '/api/state', 200, true],
    ['API refusal', '/api/state', 401, false],
    ['static page', '/wall', 200, false],
    ['static script', '/assets/app.js', 200, false],
    ['health', '/api/health', 200, false],
    ['404', '/nope.png', 404, false],
    ['API 404', '/api/nope', 404, true],
    ['Engine.IO handshake', '/socket.io/?EIO=4&transport=polling', 200, false],
    ['Engine.IO error', '/socket.io/?EIO=9&transport=polling', 400, false],
  ] as const)('%s', async (_name, path, status, auth) => {
    const res = await get(path, auth ? bearer(TOKENS.viewer) : {});
    expect(res.status).toBe(status);
    const csp = res.headers.get('content-security-policy') ?? '';
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(scriptSrc).toBe("'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  });

  it('a polling request to Socket.IO does not crash the server (it used to be answered twice)', async () => {
    for (let i = 0; i < 5; i++) await (await get('/socket.io/?EIO=4&transport=polling')).text();
    expect((await get('/api/health')).status).toBe(200);
  });
});

describe('revocation and the token file', () => {
  it('revoking a token disconnects its sockets within seconds, says why, audits it; others stay', async () => {
    const extra = { token: 'revocable-viewer-token-0123', role: 'viewer' as const, id: 'wall-7' };
    const demoted = { token: 'demoted-operator-token-0123', role: 'operator' as const, id: 'op-7' };
    h.writeTokens(tokenFile([extra, demoted]));
    await expect.poll(async () => (await get('/api/state', bearer(extra.token))).status, { timeout: 10_000 }).toBe(200);
    const [wall, op, device] = await Promise.all([connect(h.url, '/twin', extra.token), connect(h.url, '/twin', demoted.token), connect(h.url, '/ingest', TOKENS.device)]);
    const [wallGone, opGone] = [disconnection(wall, 60_000), disconnection(op, 60_000)];
    const t0 = Date.now();
    h.writeTokens(tokenFile([{ ...demoted, role: 'viewer' }]));
    expect(await wallGone).toEqual({ reason: 'io server disconnect', notice: 'token revoked' });
    expect(await opGone).toEqual({ reason: 'io server disconnect', notice: 'token role changed to viewer' });
    const took = Date.now() - t0;
    expect(took).toBeLessThan(60_000);
    expect(device.connected).toBe(true);
    expect((await get('/api/state', bearer(extra.token))).status).toBe(401);
    const records = await auditRecords();
    expect(records.filter((r) => r.action === 'token:revoke').map((r) => r.who)).toEqual(expect.arrayContaining(['wall-7', 'op-7']));
    expect(records.some((r) => r.action === 'tokens:reload' && r.result === 'ok')).toBe(true);
    console.log(`revocation: sockets dropped ${took} ms after the token file changed`);
    device.close();
  });

  it('a broken token file is refused: the previous tokens keep working, the failure is counted', async () => {
    h.writeTokens({ tokens: [] });
    await expect.poll(async () => ((await (await get('/api/health', bearer(TOKENS.admin))).json()) as { security: { tokenReloadErrors: number } }).security.tokenReloadErrors, { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await get('/api/state', bearer(TOKENS.viewer))).status).toBe(200);
    h.writeTokens(tokenFile());
  });
});

describe('the trail', () => {
  it('refused handshakes are audited with where and why; no token appears in the logs or the audit file', async () => {
    const s = openSocket(h.url, '/ingest', TOKENS.viewer);
    await expect(opened(s)).rejects.toThrow(/forbidden/);
    await get(`/api/state?token=${TOKENS.device}`); // 403: a device may not read state
    const records = await auditRecords();
    expect(records.find((r) => r.action === 'connect' && r.detail === 'role' && r.via === '/ingest')).toMatchObject({ who: 'viewer-test', result: 'denied' });
    expect(records.find((r) => r.action === 'connect' && r.detail === 'no token')).toMatchObject({ who: 'anonymous' });
    expect(records.find((r) => r.action === 'http:GET /api/state' && r.who === 'device-test')).toMatchObject({ result: 'denied' });
    const logs = h.logs();
    expect(logs.length).toBeGreaterThan(1_000);
    const audit = readFileSync(join(h.dataDir, 'audit', 'audit.jsonl'), 'utf8');
    for (const t of [...Object.values(TOKENS), 'revocable-viewer-token-0123', 'demoted-operator-token-0123']) {
      expect(logs).not.toContain(t);
      expect(audit).not.toContain(t);
    }
  });
});
