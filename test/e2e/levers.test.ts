import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmartGateComparison } from '../../server/protocol';
import { E2E_MAX_FPS, launchChromium, pageProblems, pixelStats, shot } from './browser';
import { uncoveredChars } from './page';
import { startServer, type TestServer } from './server';

// The AGV-versus-rail screen (/compare): both runs' figures from the server, both corridors drawn in 3D, in the
// three languages. One server and one browser for the file.
let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium({ maxFps: E2E_MAX_FPS })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const fmt = (lang: string, v: number, d = 0) => new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : lang, { maximumFractionDigits: d, minimumFractionDigits: d }).format(v);

async function comparison(demand: 'day' | 'design'): Promise<SmartGateComparison> {
  const res = await fetch(`${server.url}/api/compare/smart-gate?demand=${demand}`, { headers: { authorization: `Bearer ${server.viewerToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as SmartGateComparison;
}

describe('AGV or overhead rail, side by side', () => {
  let page: Page;
  let errors: string[];
  let day: SmartGateComparison;
  beforeAll(async () => {
    day = await comparison('day');
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    errors = await pageProblems(page);
  });
  afterAll(() => page?.close());

  it('the API runs both models on the same containers and refuses a bad demand', async () => {
    expect(day.agv.containers).toBe(day.rail.containers);
    expect(day.agv.containers).toBeGreaterThan(50);
    expect(day.rail.footprintM2).toBeLessThan(day.agv.footprintM2 * 0.5);
    expect((await fetch(`${server.url}/api/compare/smart-gate?demand=huge`, { headers: { authorization: `Bearer ${server.viewerToken}` } })).status).toBe(400);
    expect((await fetch(`${server.url}/api/compare/smart-gate`)).status).toBe(401);
  });

  it.each(['vi', 'zh', 'en'])('renders both runs\' figures and both corridors in 3D (%s)', async (lang) => {
    await page.goto(`${server.url}/compare?lang=${lang}&token=${server.viewerToken}`);
    const table = page.getByTestId('compare-figures').locator('table');
    await table.waitFor({ timeout: 60_000 });
    const text = await page.getByTestId('compare-figures').innerText();
    // Both runs' own numbers, as the server computed them, in the page's language.
    for (const run of [day.agv, day.rail]) {
      expect(text).toContain(`${fmt(lang, run.peakPerHour)} / ${fmt(lang, run.capacityPerHour)}`);
      expect(text).toContain(fmt(lang, run.yardToYardMeanMin, 1));
      expect(text).toContain(fmt(lang, run.footprintM2));
    }
    await page.evaluate(() => document.fonts.ready);
    // The scene draws: wait until the canvas holds more than the background (the corridors and vehicles).
    const box = (await page.locator('canvas').boundingBox())!;
    await expect.poll(async () => pixelStats(await page.screenshot().then((b) => import('pngjs').then(({ PNG }) => PNG.sync.read(b))), box).colours, { timeout: 30_000 }).toBeGreaterThan(20);
    const png = await shot(page, `compare-${lang}`);
    expect(pixelStats(png, box).std).toBeGreaterThan(10);
    expect(await uncoveredChars(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);

  it('switches to the design load: the rail\'s track headway caps it, the AGVs need a bigger fleet', async () => {
    const design = await comparison('design');
    await page.getByTestId('compare-demand-design').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=compare-figures]')?.getAttribute('data-demand') === 'design', undefined, { timeout: 60_000 });
    expect(design.agv.vehiclesNeeded).not.toBeNull();
    expect(design.agv.vehiclesNeeded!).toBeGreaterThan(design.agv.fleet);
    expect(design.rail.capacityPerHour).toBeLessThan(design.demandPerDay / 10);
    const text = await page.getByTestId('compare-figures').innerText();
    expect(text).toContain(fmt('en', design.demandPerDay));
    await shot(page, 'compare-en-design');
  }, 60_000);
});
