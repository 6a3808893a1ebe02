import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WhatIfResult, WhatIfRun } from '../../server/protocol';
import { SqliteRecorder } from '../../server/recorder/sqliteRecorder';
import { buildPeakRecording } from '../support/peakRecording';
import { startServer, TOKENS, type Harness } from './harness';

// A recorded fruit-peak afternoon (40 min from noon, Tân Thanh's queue of fruit trucks), then the provinces' two
// questions as what-ifs on it through the real server: third-country vehicles allowed at Tân Thanh, and a fruit
// quality inspection centre. Each reply carries the recorded day, the re-simulated baseline and the what-if.
let h: Harness;
let dir: string;
let day: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatetwin-levers-it-'));
  ({ day } = await buildPeakRecording(dir, 40));
  h = await startServer({ recorder: new SqliteRecorder(dir, { restore: false }) });
}, 90_000);
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (body: unknown, token: string = TOKENS.operator) =>
  fetch(`${h.url}/api/whatif`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Every run of the reply has waits, time in zone and cost. */
function expectFigures(r: WhatIfResult): asserts r is WhatIfResult & { baseline: WhatIfRun } {
  for (const run of [r.actual, r.baseline, r.whatif]) {
    expect(run, 'actual, baseline and what-if are all there').toBeDefined();
    expect(run!.figures.cleared).toBeGreaterThan(50);
    expect(run!.crossing!.trucks).toBeGreaterThan(50);
    expect(run!.crossing!.timeInZoneMeanH).toBeGreaterThan(0);
    expect(run!.crossing!.costPerTruckCny).toBeGreaterThan(0);
  }
}

describe('crossing levers in POST /api/whatif', () => {
  it('refuses crossing levers with unknown crossings, bad mixes or from a viewer, with a reason', async () => {
    expect((await post({ day, thirdCountry: { 'tan-thanh-freight': true } }, TOKENS.viewer)).status).toBe(403);
    const unknown = await post({ day, thirdCountry: { 'no-such-gate': true } });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toMatch(/no-such-gate/);
    const mix = await post({ day, modeMix: { teleport: 1 } });
    expect(mix.status).toBe(400);
    expect((await post({ day, inspectionCentre: 'yes' })).status).toBe(400);
  });

  it('third-country vehicles allowed at Tân Thanh: they drive through instead of cross-loading, cutting time in zone and cost', async () => {
    const res = await post({ day, thirdCountry: { 'tan-thanh-freight': true } });
    expect(res.status).toBe(200);
    const r = (await res.json()) as WhatIfResult;
    expectFigures(r);
    expect(r.levers).toEqual([{ lever: 'thirdCountry', target: 'tan-thanh-freight', from: 'false', to: 'true' }]);
    const [base, what] = [r.baseline.crossing!, r.whatif.crossing!];
    expect(base.thirdCountry.trucks).toBeGreaterThan(2);
    expect(base.thirdCountry.droveThrough).toBe(0);
    expect(what.thirdCountry.droveThrough).toBeGreaterThan(2);
    // Each truck that drives through instead of cross-loading saves about a day and 800–1,000 CNY.
    const share = what.thirdCountry.droveThrough / what.trucks;
    expect(what.timeInZoneMeanH).toBeLessThan(base.timeInZoneMeanH - 15 * share);
    expect(what.costPerTruckCny).toBeLessThan(base.costPerTruckCny - 600 * share);
    expect(what.transloadHours).toBeLessThan(base.transloadHours);
    // The drivers' own check makes the lanes a little slower: waits do not fall.
    expect(r.whatif.figures.arrivals!.waitMeanMin).toBeGreaterThanOrEqual(r.baseline.figures.arrivals!.waitMeanMin * 0.95);
  }, 120_000);

  it('an inspection centre takes fruit sampling off the lanes: shorter waits, lab results in hours', async () => {
    const res = await post({ day, inspectionCentre: true });
    expect(res.status).toBe(200);
    const r = (await res.json()) as WhatIfResult;
    expectFigures(r);
    expect(r.levers).toEqual([{ lever: 'inspectionCentre', from: 'false', to: 'true' }]);
    const [base, what] = [r.baseline.crossing!, r.whatif.crossing!];
    expect(what.inspection.centre).toBe(true);
    expect(base.inspection.centre).toBe(false);
    expect(what.inspection.sampled).toBeGreaterThan(50);
    expect(r.whatif.figures.arrivals!.waitMeanMin).toBeLessThan(r.baseline.figures.arrivals!.waitMeanMin);
    expect(r.whatif.figures.cleared).toBeGreaterThanOrEqual(r.baseline.figures.cleared);
    if (base.inspection.labChecks > 0 && what.inspection.labChecks > 0) expect(what.inspection.labMeanH).toBeLessThan(base.inspection.labMeanH);
  }, 120_000);

  it('a what-if without levers says it changed nothing, and lanes are named as a lever', async () => {
    const r = (await (await post({ day, lanes: { 'tan-thanh-freight': 6 } })).json()) as WhatIfResult;
    expect(r.levers).toEqual([{ lever: 'lanes', target: 'tan-thanh-freight', from: '4', to: '6' }]);
    expect(r.baseline).toBeUndefined();
    expect(r.whatif.crossing!.trucks).toBeGreaterThan(0);
  }, 120_000);
});
