import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, startServer, TOKENS, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startServer();
});
afterAll(async () => h.close());

describe('access', () => {
  it.each<['/ingest' | '/twin' | '/', string | undefined, RegExp]>([
    ['/ingest', undefined, /unauthorized/],
    ['/ingest', 'not-a-token-at-all-xx', /unauthorized/],
    ['/ingest', TOKENS.viewer, /forbidden/],
    ['/twin', undefined, /unauthorized/],
    ['/twin', TOKENS.device, /forbidden/],
    ['/', TOKENS.viewer, /\/ingest|\/twin/],
  ])('refuses %s with token %s', async (ns, token, pattern) => {
    await expect(connect(h.url, ns, token)).rejects.toThrow(pattern);
  });

  it.each([
    ['/ingest', TOKENS.device],
    ['/twin', TOKENS.viewer],
    ['/twin', TOKENS.operator],
  ] as const)('lets %s in with the right token', async (ns, token) => {
    const s = await connect(h.url, ns, token);
    expect(s.connected).toBe(true);
    s.close();
  });

  it.each(['/api/state', '/api/plan', '/api/protocol', '/api/kpi'])('refuses GET %s without a token', async (path) => {
    const res = await fetch(h.url + path);
    expect(res.status).toBe(401);
  });

  it('serves /api/health without a token, and the protocol JSON Schema with one', async () => {
    expect(((await (await fetch(`${h.url}/api/health`)).json()) as { ok: boolean }).ok).toBe(true);
    const schema = (await (await fetch(`${h.url}/api/protocol?token=${TOKENS.device}`)).json()) as { protocolVersion: number; telemetry: { oneOf?: unknown[]; anyOf?: unknown[] } };
    expect(schema.protocolVersion).toBe(1);
    expect(JSON.stringify(schema.telemetry)).toContain('"battery"');
  });
});
