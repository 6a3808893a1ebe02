import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SecurityCounters } from '../../server/security/counters';
import { anyInput, evil, FUZZ_SEED, prototypeKeys, validAgv, validLaneSet, validTruck } from '../server/security/arbitraries';
import { connect, TOKENS } from './harness';
import { startSecure, type SecureHarness } from './securityHarness';

// Raw Engine.IO / Socket.IO frames written straight to a websocket, and raw HTTP bodies: whatever arrives, the
// server stays up, its memory stays bounded, each kind of bad input is counted, and honest clients carry on.
const RUNS = Number(process.env.FUZZ_SOCKET_RUNS ?? 300);
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let h: SecureHarness;
beforeAll(async () => {
  h = await startSecure({ security: { maxPacketBytes: 200_000, viewerEventRate: 1_000, viewerEventBurst: 1_000 } });
});
afterAll(async () => h.closeAll());

const health = async () => (await (await fetch(`${h.url}/api/health`, { headers: { authorization: `Bearer ${TOKENS.admin}` } })).json()) as { ok: boolean; security: SecurityCounters; ingest: { rejected: number } };

/** Opens a raw websocket to Engine.IO; resolves once the server's open packet arrived. */
function raw(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${h.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    ws.once('message', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends frames (strings as text, buffers as binary), then waits until the server closes or `ms` pass. */
async function play(frames: (string | Buffer)[], { join = '', ms = 40 } = {}): Promise<{ closed: boolean; replies: string[] }> {
  const ws = await raw();
  const replies: string[] = [];
  let closed = false;
  ws.on('message', (d) => replies.push(d.toString().slice(0, 200)));
  const done = new Promise<void>((r) => ws.once('close', () => ((closed = true), r())));
  ws.on('error', () => {});
  if (join) {
    // Socket.IO drops a connection that sends to a namespace before the server confirmed joining it.
    const joined = new Promise<void>((r) => ws.on('message', (d) => /^4[04]/.test(d.toString()) && r()));
    ws.send(join);
    await Promise.race([joined, done, new Promise((r) => setTimeout(r, 1_000))]);
  }
  for (const f of frames) if (ws.readyState === WebSocket.OPEN) ws.send(f);
  await Promise.race([done, new Promise((r) => setTimeout(r, ms))]);
  if (!closed) ws.terminate();
  return { closed, replies };
}

const JOIN_INGEST = `40/ingest,${JSON.stringify({ token: TOKENS.device })}`;
const JOIN_TWIN = `40/twin,${JSON.stringify({ token: TOKENS.operator })}`;

describe('known-bad frames, one by one', () => {
  it.each<[string, (string | Buffer)[], string, keyof SecurityCounters | 'ingest.rejected']>([
    ['Engine.IO garbage', ['x not a packet'], '', 'malformedFrames'],
    ['unknown Socket.IO packet type', ['49/ingest,[]'], JOIN_INGEST, 'malformedFrames'],
    ['broken JSON', ['42/ingest,["telemetry",[{]'], JOIN_INGEST, 'malformedFrames'],
    ['reserved event name', ['42/ingest,["disconnect"]'], JOIN_INGEST, 'malformedFrames'],
    ['too many binary attachments', ['451000-/ingest,["telemetry",{"_placeholder":true,"num":0}]'], JOIN_INGEST, 'malformedFrames'],
    ['binary data nobody announced', [Buffer.from([1, 2, 3, 4])], JOIN_INGEST, 'malformedFrames'],
    ['an oversized frame', ['42/ingest,["telemetry",["' + 'x'.repeat(300_000) + '"]]'], JOIN_INGEST, 'transportErrors'],
    ['a batch that is not an array', ['42/ingest,1["telemetry",{"kind":"agv"}]'], JOIN_INGEST, 'badBatches'],
    ['telemetry without an ack', ['42/ingest,["telemetry",[]]'], JOIN_INGEST, 'badBatches'],
    ['a deeply nested message', [`42/ingest,2["telemetry",[${'['.repeat(5_000)}${']'.repeat(5_000)}]]`], JOIN_INGEST, 'oversizedMessages'],
    ['__proto__ in a message', [`42/ingest,3["telemetry",[{"__proto__":{"polluted":1},"kind":"agv"}]]`], JOIN_INGEST, 'ingest.rejected'],
    ['an unknown /twin event', ['42/twin,4["scenario:load",{}]'], JOIN_TWIN, 'badCommands'],
    ['a malformed lane:set', ['42/twin,5["lane:set",{"lane":{"$gt":""}}]'], JOIN_TWIN, 'badCommands'],
    ['no token', ['40/twin,{}'], '', 'refusedNoToken'],
    ['a bad token', ['40/ingest,{"token":{"toString":"x"}}'], '', 'refusedBadToken'],
  ])('%s is counted', async (_name, frames, join, counter) => {
    const read = (x: Awaited<ReturnType<typeof health>>) => (counter === 'ingest.rejected' ? x.ingest.rejected : x.security[counter]);
    const before = read(await health());
    await play(frames, { join, ms: 300 });
    await expect.poll(async () => read(await health()) - before, { timeout: 3_000 }).toBe(1);
  });
});

/** Frames a fuzzer builds: Engine.IO and Socket.IO envelopes around hostile payloads, and plain noise. */
const json = (v: unknown): string => {
  try {
    return JSON.stringify(v) ?? 'null';
  } catch {
    return '[]';
  }
};
const payload = fc.oneof(anyInput(validAgv), anyInput(validTruck), anyInput(validLaneSet), evil, fc.array(anyInput(validAgv), { maxLength: 5 }));
const batch = fc.array(fc.oneof(anyInput(validAgv), anyInput(validTruck)), { minLength: 1, maxLength: 6 });
const EVENTS = {
  '/ingest': fc.tuple(fc.nat(999), fc.oneof({ weight: 4, arbitrary: batch }, { weight: 1, arbitrary: payload })).map(([id, p]) => `42/ingest,${id}${json(['telemetry', p])}`),
  '/twin': fc.tuple(fc.constantFrom('lane:set', 'alert:ack', 'vehicle:get', 'alerts:list', '__proto__', 'constructor', 'toString'), fc.nat(999), payload).map(([ev, id, p]) => `42/twin,${id}${json([ev, p])}`),
  '/replay': fc.tuple(fc.constantFrom('replay:open', 'replay:control', 'replay:snapshot'), fc.nat(999), payload).map(([ev, id, p]) => `42/replay,${id}${json([ev, p])}`),
};
const noise: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.string({ maxLength: 64 }),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.uint8Array({ maxLength: 256 }).map((b) => Buffer.from(b)),
  fc.tuple(fc.integer({ min: 0, max: 9 }), fc.constantFrom('/ingest', '/twin', '/replay', '/', '/nope', ''), fc.nat(999), payload).map(([t, ns, id, p]) => `4${t}${ns}${ns ? ',' : ''}${id}${json(p)}`),
  fc.integer({ min: 1_000, max: 20_000 }).map((d) => `42/ingest,7["telemetry",${'['.repeat(d)}${']'.repeat(d)}]`),
  fc.integer({ min: 1, max: 12 }).map((n) => `45${n}-/ingest,8["telemetry",{"_placeholder":true,"num":${n - 1}}]`),
);
const JOINS = { '/ingest': JOIN_INGEST, '/twin': JOIN_TWIN, '/replay': `40/replay,${JSON.stringify({ token: TOKENS.viewer })}` };
/** A session joins one namespace (or tries to, with a bad token), sends hostile events there, maybe noise last. */
const session = fc.constantFrom('/ingest', '/twin', '/replay', 'refused' as const).chain((ns) =>
  ns === 'refused'
    ? fc.record({ join: fc.constantFrom('', '40/ingest,{"token":"guess-guess-guess-guess"}', '40/twin,{"token":["x"]}'), frames: fc.array(fc.oneof(EVENTS['/ingest'], noise), { minLength: 1, maxLength: 4 }) })
    : fc.record({
        join: fc.constant(JOINS[ns]),
        frames: fc.tuple(fc.array(EVENTS[ns], { minLength: 1, maxLength: 8 }), fc.option(noise, { freq: 3 })).map(([ev, n]) => (n === null ? ev : [...ev, n])),
      }),
);

describe('fuzzed raw frames', () => {
  it(`${RUNS} websocket sessions of hostile frames: the server stays up, memory stays bounded, honest devices carry on`, async () => {
    const proto = prototypeKeys();
    const device = await connect(h.url, '/ingest', TOKENS.device);
    let seq = 0;
    const honest = async () => device.timeout(5_000).emitWithAck('telemetry', [{ kind: 'agv', id: 'AGV-HONEST', seq: ++seq, ts: Date.now(), lat: 21.99, lon: 106.72, heading: 1, speed: 1, battery: 1, state: 'idle' }]);
    expect(await honest()).toMatchObject({ accepted: 1 });
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const before = await health();
    await fc.assert(
      fc.asyncProperty(session, async ({ join, frames }) => {
        await play(frames, { join, ms: 15 });
        return true;
      }),
      { numRuns: RUNS, seed: FUZZ_SEED },
    );
    const after = await health();
    gc();
    const grownMB = (process.memoryUsage().heapUsed - heap0) / 1e6;
    const s = after.security;
    const counted = (k: keyof SecurityCounters) => s[k] - before.security[k];
    console.log(
      `fuzz: ${RUNS} sessions; counted malformed ${counted('malformedFrames')}, transport ${counted('transportErrors')}, refused ${counted('refusedNoToken') + counted('refusedBadToken')}, ` +
        `bad batches ${counted('badBatches')}, oversized ${counted('oversizedMessages')}, bad commands ${counted('badCommands')}, rejected messages ${after.ingest.rejected - before.ingest.rejected}; heap +${grownMB.toFixed(1)} MB`,
    );
    expect(after.ok).toBe(true);
    expect(counted('malformedFrames')).toBeGreaterThan(RUNS / 10);
    expect(counted('badBatches') + counted('oversizedMessages') + counted('badCommands') + after.ingest.rejected - before.ingest.rejected).toBeGreaterThan(RUNS / 2);
    expect(grownMB).toBeLessThan(40);
    expect(prototypeKeys()).toEqual(proto);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await honest()).toMatchObject({ accepted: 1 });
    device.close();
  }, 120_000 * Math.max(1, RUNS / 300));

  it('hostile HTTP bodies and requests get answers below 500, never a crash', async () => {
    const body = fc.oneof(
      payload.map(json),
      fc.string({ maxLength: 200 }),
      fc.integer({ min: 1_000, max: 50_000 }).map((d) => '['.repeat(d) + ']'.repeat(d)),
      fc.constant('{"__proto__":{"polluted":1}}'),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await fetch(`${h.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.device}` }, body: b });
        await res.arrayBuffer();
        return res.status === 200 || res.status === 400 || res.status === 413 || res.status === 429;
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: FUZZ_SEED },
    );
    // Random requests anywhere, Engine.IO's polling transport included: answered, never a 5xx or a crash.
    const request = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'),
      path: fc.tuple(fc.constantFrom('/socket.io/?EIO=4&transport=polling', '/socket.io/?EIO=4&transport=polling&sid=', '/api/', '/api/recordings/', '/assets/', '/'), fc.string({ maxLength: 40 })).map(([p, x]) => p + encodeURIComponent(x)),
      body: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
      origin: fc.option(fc.constantFrom('https://evil.example', 'null', h.url), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ method, path, body, origin }) => {
        const withBody = body !== undefined && method !== 'GET';
        const res = await fetch(h.url + path, { method, ...(withBody ? { body } : {}), headers: { ...(origin ? { origin } : {}), authorization: `Bearer ${TOKENS.admin}` } });
        await res.arrayBuffer();
        return res.status < 500;
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: FUZZ_SEED },
    );
    expect((await health()).ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 60_000 * Math.max(1, RUNS / 300));
});
