import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock';
import type { Forecast, LaneStatus, Reply, TruckForecast } from '../../server/protocol';
import { buildTruckMessage, T0 } from '../support/builders';
import { localDay } from '../../server/recorder/days';
import { connect, startServer, TOKENS, type Harness } from './harness';

// 13:00 in Lạng Sơn: six hours before Hữu Nghị's freight road closes at 19:00.
const NOW = T0 + 5 * 3_600_000;
let h: Harness;
const clock = new ManualClock(NOW);

beforeAll(async () => {
  h = await startServer({ clock, engineMs: 60_000, forecast: { everyMs: 3_600_000, opts: { seeds: 4, adviceSeeds: 3 } } });
  // 150 import trucks already waiting at Hữu Nghị (a backlog that lasts past closing on four import lanes).
  const batch = Array.from({ length: 150 }, (_, i) => buildTruckMessage({ id: `T-FC${i}`, seq: 1, ts: NOW - (150 - i) * 20_000, event: 'arrived', direction: 'import', cargo: 'machinery', perishable: false, channel: 'green' }));
  const res = await fetch(`${h.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.device}` }, body: JSON.stringify(batch) });
  expect(res.status).toBe(200);
}, 60_000);
afterAll(() => h.close());

const get = (path: string, token: string | null = TOKENS.viewer) => fetch(`${h.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('GET /api/forecast', () => {
  it('refuses without a token and forecasts the backlog on demand, from a worker thread', async () => {
    expect((await get('/api/forecast', null)).status).toBe(401);
    const res = await get('/api/forecast?fresh=1');
    expect(res.status).toBe(200);
    const f = (await res.json()) as Forecast;
    expect(f.from).toBe(NOW);
    const hn = f.closing.find((c) => c.crossing === 'huu-nghi-freight')!;
    expect(hn.close).toBe('19:00');
    expect(hn.waiting.p50).toBeGreaterThan(0);
    const imports = f.series.find((s) => s.crossing === 'huu-nghi-freight' && s.direction === 'import')!;
    expect(imports.queue[0]!.p50).toBeGreaterThan(140);
    // A waiting truck's expected lane entry: the first in line soon, the last one later.
    const first = (await (await get('/api/forecast?truck=T-FC0')).json()) as TruckForecast;
    const last = (await (await get('/api/forecast?truck=T-FC149')).json()) as TruckForecast;
    expect(first.entryAt.p50).toBeGreaterThanOrEqual(NOW);
    expect(last.entryAt.p50).toBeGreaterThan(first.entryAt.p50);
    expect((await get('/api/forecast?truck=nope')).status).toBe(404);
    expect((await get('/api/forecast?truck=%3Cscript%3E')).status).toBe(400);
  }, 60_000);

  it('an operator closing import lanes (lane:set) is followed at once by a forecast from the changed twin, pushed to viewers', async () => {
    const before = (await (await get('/api/forecast?fresh=1')).json()) as Forecast;
    const op = await connect(h.url, '/twin', TOKENS.operator);
    // The minute tick is an hour here: every forecast pushed below was made because of the two lane changes.
    const pushed: Forecast[] = [];
    const second = new Promise<void>((resolve) => op.on('forecast', (f: Forecast) => pushed.push(f) === 2 && resolve()));
    for (const lane of ['HN-5', 'HN-6']) {
      const r = await op.emitWithAck('lane:set', { lane, open: false }) as Reply<LaneStatus>;
      expect(r.ok).toBe(true);
    }
    // The first change starts a forecast; the second, coming while it runs (or after), makes one more, forked with
    // both lanes closed.
    await second;
    const waiting = (f: Forecast) => f.closing.find((c) => c.crossing === 'huu-nghi-freight')!.waiting.p50;
    const after = pushed[1]!;
    expect(after.from).toBe(NOW);
    expect(waiting(after)).toBeGreaterThan(waiting(before));
    // What viewers fetch without asking for a fresh one is that latest forecast.
    expect(waiting((await (await get('/api/forecast')).json()) as Forecast)).toBe(waiting(after));
    op.close();
  }, 60_000);

  it('?fresh=1 answers a forecast forked after the request, not one still running from before it', async () => {
    const op = await connect(h.url, '/twin', TOKENS.operator);
    const imports = (f: Forecast) => f.series.find((s) => s.crossing === 'huu-nghi-freight' && s.direction === 'import')!.queue[0]!.p50;
    const before = imports(((await (await get('/api/forecast')).json()) as Forecast));
    // Reopening a lane starts a forecast; 100 more import trucks are reported while it runs.
    expect(await op.emitWithAck('lane:set', { lane: 'HN-6', open: true })).toMatchObject({ ok: true });
    const more = Array.from({ length: 100 }, (_, i) => buildTruckMessage({ id: `T-FR${i}`, seq: 1, ts: NOW - (100 - i) * 1_000, event: 'arrived', direction: 'import', cargo: 'machinery', perishable: false, channel: 'green' }));
    const res = await fetch(`${h.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.device}` }, body: JSON.stringify(more) });
    expect(res.status).toBe(200);
    // The forecast asked for now knows them, whether or not the lane's forecast had ended.
    expect(imports(((await (await get('/api/forecast?fresh=1')).json()) as Forecast))).toBeGreaterThanOrEqual(before + 90);
    op.close();
  }, 60_000);
});

describe('GET /api/forecast?day=&at= (what the forecast said on a recorded day)', () => {
  it('answers the forecast recorded by that instant with its queue band, and says when there is none', async () => {
    // A quarter of an hour on: the first forecast of a new quarter is recorded with its band.
    clock.advance(15 * 60_000);
    const AT = NOW + 15 * 60_000;
    const live = (await (await get('/api/forecast?fresh=1')).json()) as Forecast;
    expect(live.from).toBe(AT);
    // An accepted batch resolves after the commit that holds it, and the forecast's event was written before it.
    const res = await fetch(`${h.url}/api/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.device}` }, body: JSON.stringify([buildTruckMessage({ id: 'T-FCX', seq: 1, ts: AT, event: 'arrived', direction: 'export', cargo: 'fruit', perishable: true, channel: 'green' })]) });
    expect(res.status).toBe(200);
    const day = localDay(NOW);
    const past = await get(`/api/forecast?day=${day}&at=${AT + 10 * 60_000}`);
    expect(past.status).toBe(200);
    const f = (await past.json()) as Forecast;
    expect(f.from).toBe(AT);
    const imports = f.series.find((s) => s.crossing === 'huu-nghi-freight' && s.direction === 'import')!;
    const liveImports = live.series.find((s) => s.crossing === 'huu-nghi-freight' && s.direction === 'import')!;
    // The band as it was said, to the horizon; the closing figures too.
    expect(imports.queue).toEqual(liveImports.queue);
    expect(imports.ts.at(-1)).toBe(liveImports.ts.at(-1));
    expect(f.closing.find((c) => c.crossing === 'huu-nghi-freight')!.waiting).toEqual(live.closing.find((c) => c.crossing === 'huu-nghi-freight')!.waiting);
    // Earlier, the band said at 13:00; before the first forecast of the day nothing was said yet.
    expect(((await (await get(`/api/forecast?day=${day}&at=${AT - 60_000}`)).json()) as Forecast).from).toBe(NOW);
    expect((await get(`/api/forecast?day=${day}&at=${NOW - 60_000}`)).status).toBe(404);
    expect((await get('/api/forecast?day=2019-01-01&at=0')).status).toBe(404);
    expect((await get(`/api/forecast?day=yesterday&at=${NOW}`)).status).toBe(400);
    expect((await get(`/api/forecast?day=${day}&at=soon`)).status).toBe(400);
    expect((await get(`/api/forecast?day=${day}&at=${NOW}`, null)).status).toBe(401);
  }, 60_000);
});
