import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTelemetry } from '../../../server/protocol/telemetryCheck';
import { OriginPolicy } from '../../../server/security/origins';
import { measure, oversizedMessage, VALID_TELEMETRY_MAX_BYTES } from '../../../server/security/payload';
import { KeyedLimiter, StrikeCounter, TokenBucket } from '../../../server/security/rateLimit';
import { redactUrl } from '../../../server/security/redact';
import { parseEnv, securityFromEnv } from '../../../server/env';
import { securitySettings } from '../../../server/security/settings';
import { SkewFlagger } from '../../../server/ingest/skew';
import { buildAgvMessage, buildSensorMessage, buildTruckMessage, T0 } from '../../support/builders';
import { nested, validAgv, validSensor, validTruck } from './arbitraries';

describe('TokenBucket', () => {
  it('lets the burst through, then the rate, and says how long to wait', () => {
    const b = new TokenBucket(100, 200, 0);
    expect(b.take(150, 0)).toBe(0);
    expect(b.take(100, 0)).toBe(0); // still positive before: goes into debt (a big batch is never refused for good)
    expect(b.take(1, 0)).toBeGreaterThan(0);
    expect(b.take(1, 500)).toBeGreaterThan(0); // 50 refilled pays the debt: empty, not yet positive
    expect(b.take(1, 520)).toBe(0);
  });

  it('holds the long-run rate to the configured one', () => {
    const b = new TokenBucket(1_000, 1_000, 0);
    let passed = 0;
    for (let t = 0; t <= 10_000; t += 1) if (b.take(10, t) === 0) passed += 10;
    expect(passed).toBeGreaterThan(10_000);
    expect(passed).toBeLessThan(11_100); // 10 s × 1,000/s + the burst
  });

  it('KeyedLimiter keeps one bucket per key and forgets idle ones', () => {
    let now = 0;
    const l = new KeyedLimiter(10, 10, () => now);
    expect(l.take('a', 10)).toBe(0);
    expect(l.take('a', 1)).toBeGreaterThan(0);
    expect(l.take('b', 1)).toBe(0);
    now = 120_000;
    l.take('c', 1);
    expect(l.size).toBe(1);
  });

  it('StrikeCounter trips only above its count within the window', () => {
    const s = new StrikeCounter(3, 1_000);
    expect([s.hit(0), s.hit(10), s.hit(20)]).toEqual([false, false, false]);
    expect(s.hit(30)).toBe(true);
    const slow = new StrikeCounter(3, 1_000);
    expect([0, 600, 1_200, 1_800, 2_400].map((t) => slow.hit(t))).toEqual([false, false, false, false, false]);
  });
});

describe('message size and depth', () => {
  it('measures flat messages cheaply and stops at the limits', () => {
    expect(measure(buildAgvMessage(), 4_096, 4)).toEqual({ bytes: expect.any(Number), tooDeep: false });
    expect(measure(buildAgvMessage(), 4_096, 4).bytes).toBeLessThan(1_000);
    expect(measure({ a: 'x'.repeat(10_000) }, 4_096, 4).bytes).toBeGreaterThan(4_096);
    expect(measure(nested(100_000, false), 4_096, 4).tooDeep).toBe(true);
    expect(measure(nested(100_000, true), 1e9, 1e9).tooDeep).toBe(false); // iterative: no stack overflow
  });

  it('names the first message over the limit, and ignores non-batches', () => {
    expect(oversizedMessage([buildAgvMessage(), buildAgvMessage()], 4_096, 4)).toBeUndefined();
    expect(oversizedMessage([buildAgvMessage(), { ...buildAgvMessage(), container: 'y'.repeat(5_000) }], 4_096, 4)).toEqual({ index: 1, reason: expect.stringMatching(/message 1 .*4096/) });
    expect(oversizedMessage([{ kind: nested(10, true) }], 4_096, 4)).toEqual({ index: 0, reason: expect.stringMatching(/deeper/) });
    expect(oversizedMessage({ not: 'a batch' }, 4_096, 4)).toBeUndefined();
  });

  it('bounds every message the schemas accept, so the walk can skip them', () => {
    // The largest valid message of each kind: every optional field, every id at 64 characters, the longest enums.
    const id = 'x'.repeat(64);
    const largest = [
      buildAgvMessage({ id, container: id, state: 'to-pickup', seq: Number.MAX_SAFE_INTEGER, lat: -21.123456789, lon: -106.123456789 }),
      buildTruckMessage({ id, event: 'entered-lane', crossing: id, direction: 'export', cargo: 'electronics', perishable: true, lat: -21.1, lon: -106.1, heading: 359.5, speed: 39.5, lane: id, yard: id, channel: 'yellow' }),
      buildSensorMessage({ id, type: 'weather', lane: id, zone: id, value: -1.2345678e300, unit: '毫米每小时毫米每小时毫米每小时毫' }),
    ];
    for (const m of largest) {
      expect(isTelemetry(m), JSON.stringify(m)).toBe(true);
      expect(measure(m, 1e9, 8).bytes).toBeLessThanOrEqual(VALID_TELEMETRY_MAX_BYTES);
    }
    fc.assert(fc.property(fc.oneof(validAgv, validTruck, validSensor), (m) => measure(m, 1e9, 8).bytes <= VALID_TELEMETRY_MAX_BYTES), { numRuns: 2_000 });
  });

  it('with the schema check, skips valid messages but still catches big and deep ones, and walks all under a tight limit', () => {
    const batch = [buildAgvMessage(), buildTruckMessage(), { ...buildAgvMessage(), container: 'y'.repeat(5_000) }];
    expect(oversizedMessage(batch, 4_096, 4, isTelemetry)).toEqual({ index: 2, reason: expect.stringMatching(/message 2 .*4096/) });
    expect(oversizedMessage([buildAgvMessage(), { kind: nested(10, true) }], 4_096, 4, isTelemetry)).toEqual({ index: 1, reason: expect.stringMatching(/deeper/) });
    // A limit below the bound of valid messages: valid ones are measured too.
    expect(oversizedMessage([buildTruckMessage()], 100, 4, isTelemetry)).toEqual({ index: 0, reason: expect.stringMatching(/100-byte/) });
    let asked = 0;
    expect(oversizedMessage([buildAgvMessage(), buildAgvMessage()], 4_096, 4, (m) => (asked++, isTelemetry(m)))).toBeUndefined();
    expect(asked).toBe(2);
  });
});

describe('OriginPolicy', () => {
  const strict = new OriginPolicy(['https://wall.example'], false);
  const dev = new OriginPolicy([], true);
  it.each<[OriginPolicy, string | undefined, string, boolean]>([
    [strict, undefined, 'gate:8080', true], // no Origin: not a browser page
    [strict, 'http://gate:8080', 'gate:8080', true], // same origin
    [strict, 'https://wall.example', 'gate:8080', true],
    [strict, 'https://evil.example', 'gate:8080', false],
    [strict, 'http://localhost:5173', 'gate:8080', false],
    [strict, 'null', 'gate:8080', false],
    [strict, 'not a url', 'gate:8080', false],
    [dev, 'http://localhost:5173', '127.0.0.1:8080', true],
    [dev, 'http://127.0.0.1:9999', '127.0.0.1:8080', true],
    [dev, 'http://localhost.evil.example', '127.0.0.1:8080', false],
    [new OriginPolicy(['*'], false), 'https://anything.example', 'gate', true],
  ])('%#: origin %s at host %s → %s', (policy, origin, host, allowed) => {
    expect(policy.allows({ ...(origin !== undefined ? { origin } : {}), host })).toBe(allowed);
  });
});

describe('settings from the environment', () => {
  it('parses the comma list of origins and numbers, refusing nonsense with the variable name', () => {
    const security = (env: NodeJS.ProcessEnv) => securityFromEnv(parseEnv(env));
    expect(security({ GATETWIN_ALLOWED_ORIGINS: 'https://a.example, http://b.example:8080' }).allowedOrigins).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(() => security({ GATETWIN_ALLOWED_ORIGINS: 'a.example' })).toThrow(/GATETWIN_ALLOWED_ORIGINS/);
    expect(() => security({ GATETWIN_MAX_SKEW_MS: 'soon' })).toThrow(/GATETWIN_MAX_SKEW_MS/);
    expect(security({ GATETWIN_INGEST_RATE: '500' })).toEqual({ ingestRate: 500, ingestBurst: 1_000 });
    expect(securitySettings({ maxSkewMs: 5 }).maxSkewMs).toBe(5);
    expect(securitySettings({}).maxSkewMs).toBe(600_000);
  });

  it('masks tokens in URLs', () => {
    expect(redactUrl('/api/state?token=s3cret-s3cret&x=1')).toBe('/api/state?token=[redacted]&x=1');
    expect(redactUrl('/wall?a=1&TOKEN=abc')).toBe('/wall?a=1&TOKEN=[redacted]');
  });
});

describe('SkewFlagger', () => {
  it('counts every skewed message and records a flag per device at most once a minute', () => {
    const events: { kind: string; data: { id: string; since: number } }[] = [];
    let counted = 0;
    const f = new SkewFlagger(600_000, (_ts, kind, data) => events.push({ kind, data: data as { id: string; since: number } }), () => counted++);
    f.check([buildAgvMessage({ ts: T0 }), buildAgvMessage({ id: 'FAR', ts: T0 + 3_600_000 })], T0);
    f.check([buildAgvMessage({ id: 'FAR', seq: 2, ts: T0 + 3_600_000 }), buildAgvMessage({ id: 'FAR', seq: 3, ts: T0 - 3_600_000 })], T0 + 1_000);
    expect(counted).toBe(3);
    expect(events).toEqual([{ kind: 'flag', data: expect.objectContaining({ id: 'FAR', since: 0 }) }]);
    f.check([buildAgvMessage({ id: 'FAR', seq: 4, ts: T0 + 3_600_000 })], T0 + 61_000);
    expect(events[1]!.data).toMatchObject({ id: 'FAR', since: 2 });
  });
});
