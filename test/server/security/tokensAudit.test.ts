import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditTarget, FileAuditLog, MemoryAuditLog, type AuditRecord } from '../../../server/audit/auditLog';
import { readTokenFile, TokenStore, type Session, type TokenEvent } from '../../../server/tokens';

const dir = mkdtempSync(join(tmpdir(), 'gatetwin-sec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (tokens: [string, 'device' | 'viewer' | 'operator' | 'admin', string][]) => ({ tokens: tokens.map(([token, role, id]) => ({ token, role, id })) });
const session = (store: TokenStore, token: string, roles = ['viewer', 'operator', 'admin'] as const) => {
  const ended: string[] = [];
  const s: Session = { principal: store.lookup(token)!, roles, where: '/twin', end: (r) => ended.push(r) };
  return { s, ended };
};

describe('TokenStore sessions', () => {
  it('caps live sessions per token and frees a slot on close', () => {
    const store = new TokenStore(file([['viewer-token-aaaaaaaa', 'viewer', 'wall']]));
    store.maxSessionsPerToken = 2;
    const [a, b, c] = [session(store, 'viewer-token-aaaaaaaa'), session(store, 'viewer-token-aaaaaaaa'), session(store, 'viewer-token-aaaaaaaa')];
    expect(store.open(a.s)).toBeUndefined();
    expect(store.open(b.s)).toBeUndefined();
    expect(store.open(c.s)).toMatch(/too many connections .*2/);
    store.close(a.s);
    expect(store.open(c.s)).toBeUndefined();
  });

  it('ends the sessions of revoked tokens and of tokens whose role changed, and reports each', () => {
    const store = new TokenStore(file([['viewer-token-aaaaaaaa', 'viewer', 'wall'], ['operator-token-bbbbbb', 'operator', 'op'], ['keep-token-ccccccccc', 'viewer', 'keep']]));
    const events: TokenEvent[] = [];
    store.onEvent((e) => events.push(e));
    const [v, o, k] = [session(store, 'viewer-token-aaaaaaaa'), session(store, 'operator-token-bbbbbb'), session(store, 'keep-token-ccccccccc')];
    for (const x of [v, o, k]) store.open(x.s);
    const ended = store.replace(file([['operator-token-bbbbbb', 'viewer', 'op'], ['keep-token-ccccccccc', 'viewer', 'keep']]));
    expect(ended).toBe(2);
    expect(v.ended).toEqual(['token revoked']);
    expect(o.ended).toEqual(['token role changed to viewer']);
    expect(k.ended).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['revoked', 'revoked', 'reloaded']);
    expect(JSON.stringify(events)).not.toMatch(/token-a|token-b|token-c/);
    expect(store.lookup('viewer-token-aaaaaaaa')).toBeUndefined();
    expect(store.sessionCount(k.s.principal.key)).toBe(1);
  });

  it('fingerprints tokens without revealing them, and never quotes a broken file', () => {
    const store = new TokenStore(file([['viewer-token-aaaaaaaa', 'viewer', 'wall']]));
    const p = store.lookup('viewer-token-aaaaaaaa')!;
    expect(p.key).toBe(createHash('sha256').update('viewer-token-aaaaaaaa').digest('hex').slice(0, 12));
    expect(store.lookup({ toString: () => 'viewer-token-aaaaaaaa' })).toBeUndefined();
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{"tokens": [{"token": "super-secret-token-123", "role": "viewer"},,]}');
    expect(() => readTokenFile(path)).toThrow(/not valid JSON/);
    try {
      readTokenFile(path);
    } catch (e) {
      expect(String(e)).not.toContain('super-secret');
    }
  });
});

describe('FileAuditLog', () => {
  it('appends JSON lines with sequence and hash chain, survives a reopen, and reads the newest first-to-last', async () => {
    const path = join(dir, 'audit', 'audit.jsonl');
    const log = new FileAuditLog(path);
    for (let i = 0; i < 5; i++) log.write({ who: 'op', role: 'operator', action: 'lane:set', target: { lane: `HN-${i}` }, result: 'ok' });
    await log.close();
    const again = new FileAuditLog(path);
    again.write({ who: 'anonymous', action: 'connect', result: 'denied', detail: 'no token', via: '/twin' });
    const recs = await again.read({ limit: 3 });
    expect(recs.map((r) => r.seq)).toEqual([4, 5, 6]);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(6);
    // Each line names the hash of the one before: the chain is intact across the reopen.
    for (let i = 1; i < lines.length; i++) {
      expect((JSON.parse(lines[i]!) as AuditRecord).prev).toBe(createHash('sha256').update(lines[i - 1]!).digest('hex').slice(0, 16));
    }
    expect(await again.read({ since: Date.now() + 60_000 })).toEqual([]);
    await again.close();
  });

  it('keeps user-supplied targets small and token-free, and throttles floods of refusals (counting them)', async () => {
    expect(auditTarget({ lane: 'HN-1', token: 'abc' })).toEqual({ lane: 'HN-1', token: '[redacted]' });
    expect(auditTarget({ junk: 'x'.repeat(10_000) })).toEqual({ truncated: expect.any(String) });
    expect((auditTarget({ junk: 'x'.repeat(10_000) }) as { truncated: string }).truncated.length).toBe(512);
    let t = 0;
    const mem = new MemoryAuditLog(() => t);
    for (let i = 0; i < 2_000; i++) mem.write({ who: 'anonymous', action: 'connect', result: 'denied' });
    mem.write({ who: 'op', action: 'lane:set', result: 'ok' });
    expect(mem.counters.suppressed).toBe(1_500);
    t = 10_000;
    mem.write({ who: 'anonymous', action: 'connect', result: 'denied' });
    const [ok, later] = await mem.read({ limit: 2 });
    expect(ok).toMatchObject({ action: 'lane:set', suppressed: 1_500 }); // the next record written carries the count
    expect(later!.suppressed).toBeUndefined();
  });
});
