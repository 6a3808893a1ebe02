import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../server/clock';
import { KpiHistorySchema, type Kpi } from '../../server/protocol';
import { loadScenario, scenarioSite } from '../../server/sim/scenario';
import { atLocal } from '../../server/sim/world';
import { buildSite } from '../support/builders';
import { connect, startSimulated, TOKENS, waitFor, type Harness } from './harness';

// A congested morning (the December 2021 jam: 1,200 export trucks already waiting at Hữu Nghị) with the real
// simulator at 240× twin time, so 45 minutes of waiting pass in about 11 seconds.
const HN = 'huu-nghi-freight';
const scenario = loadScenario('jam-2021');
const site = scenarioSite(buildSite(), scenario);
const start = atLocal(Date.parse('2026-06-01T12:00:00+07:00'), '07:00');
const clock = new ScaledClock(start, 240);
let h: Harness;
/** Twin time when the server started listening (its first engine tick follows within one period). */
let listening = 0;
let stop: () => Promise<void>;

const get = async (path: string, token: string = TOKENS.viewer) => {
  const r = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, body: (await r.json()) as unknown };
};

beforeAll(async () => {
  ({ h, listening, stop } = await startSimulated(site, scenario, clock));
});
afterAll(() => stop());

describe('status and alerts on a congested morning', () => {
  it('a crossing past the critical mean wait is critical in `kpi` and named by an active alert in GET /api/alerts', async () => {
    const viewer = await connect(h.url, '/twin', TOKENS.viewer);
    try {
      const kpi = await waitFor<Kpi>(viewer, 'kpi', (k) => k.crossings.some((c) => c.crossing === HN && c.direction === 'export' && c.waitNowMeanMin >= 45), 60_000);
      const row = kpi.crossings.find((c) => c.crossing === HN && c.direction === 'export')!;
      expect(row.status).toBe('critical');
      expect(row.reasons).toContainEqual(expect.objectContaining({ kind: 'wait-mean', level: 'critical', threshold: 45 }));
      // The alert follows within a tick of the status.
      await expect
        .poll(async () => ((await get('/api/alerts')).body as { id: string }[]).filter((a) => a.id === `wait-mean:${HN}:export`).length, { timeout: 10_000, interval: 200 })
        .toBe(1);
      const alerts = (await get('/api/alerts')).body as Record<string, unknown>[];
      const mine = alerts.find((a) => a.id === `wait-mean:${HN}:export`)!;
      expect(mine).toMatchObject({ id: `wait-mean:${HN}:export`, severity: 'critical', acknowledgedBy: null });
      expect(mine.reason).toMatch(/huu-nghi-freight export: \d+ waiting, mean wait \d+ min \(threshold 45 min\)/);
      expect(typeof mine.raisedAt).toBe('number');
      // Its figures as raised (`params`) and as they stand now (`now`): the engine sends an alert again only when its
      // severity changes, and at 240× the waits move on every tick; `reason` words the figures of now, and
      // `trucksBehind` counts the export queue behind it.
      type Wire = { id: string; params: { waitMin: number; queue: number }; now: { waitMin: number; queue: number }; reason: string; trucksBehind: number };
      await expect
        .poll(async () => ((await get('/api/alerts')).body as Wire[]).find((a) => a.id === `wait-mean:${HN}:export`), { timeout: 20_000, interval: 250 })
        .toSatisfy((a: Wire | undefined) => a !== undefined && a.now.waitMin > a.params.waitMin);
      const moved = ((await get('/api/alerts')).body as Wire[]).find((a) => a.id === `wait-mean:${HN}:export`)!;
      expect(moved.reason).toBe(`${HN} export: ${moved.now.queue} waiting, mean wait ${moved.now.waitMin} min (threshold 45 min)`);
      expect(moved.trucksBehind).toBeGreaterThan(500);
      // Most severe first.
      const rank = { critical: 0, warning: 1, info: 2 } as const;
      const ranks = alerts.map((a) => rank[a.severity as keyof typeof rank]);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    } finally {
      viewer.close();
    }
  }, 90_000);

  it('GET /api/kpi/history has the buckets from the day’s start, from before this client asked', async () => {
    const asked = clock.now();
    const r = await get('/api/kpi/history');
    expect(r.status).toBe(200);
    const history = KpiHistorySchema.parse(r.body);
    expect(history).toMatchObject({ day: '2026-06-01', source: 'live', bucketMs: 300_000 });
    const hn = history.buckets.filter((b) => b.crossing === HN && b.direction === 'export');
    // The first bucket is about when the server started (the twin's day began at 07:00), half an hour and more
    // before this client asked, and the buckets since are there, in order, up to the one this request fell in. (At 240×
    // one engine tick is a twin minute and a loaded machine delays ticks by a second or so: a bucket may lack a
    // sample, so most, not all, are asserted.)
    const first = hn[0]!.t;
    expect(first).toBeLessThanOrEqual(listening + 15 * 60_000);
    expect(first).toBeLessThanOrEqual(asked - 30 * 60_000);
    const ts = hn.map((b) => b.t);
    expect(ts.every((t, i) => (t - start) % 300_000 === 0 && (i === 0 || t > ts[i - 1]!))).toBe(true);
    expect(ts.at(-1)!).toBeGreaterThanOrEqual(asked - 600_000);
    expect(hn.length).toBeGreaterThanOrEqual(0.5 * Math.floor((asked - first) / 300_000));
    expect(hn.some((b) => b.status === 'critical')).toBe(true);
    expect(hn.at(-1)!.queue).toBeGreaterThan(100);
    // The alerts raised today are in it too.
    expect(history.alerts.some((a) => a.alert.id === `wait-mean:${HN}:export`)).toBe(true);
  });

  it('refuses a malformed day and says when a day has no recording', async () => {
    expect(await get('/api/kpi/history?day=yesterday')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/YYYY-MM-DD/) } });
    expect(await get('/api/kpi/history?day=2020-01-01')).toMatchObject({ status: 404 });
    expect((await fetch(`${h.url}/api/kpi/history`)).status).toBe(401);
  });
});
