import type { Browser, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Forecast } from '../../server/protocol/forecast';
import { localDay } from '../../server/recorder/days';
import { en } from '../../client/i18n/en';
import { vi } from '../../client/i18n/vi';
import { zh } from '../../client/i18n/zh';
import { siteClock, siteTime } from '../../client/i18n/siteTime';
import { E2E_MAX_FPS, launchChromium, pageProblems, shot } from './browser';
import { uncoveredChars, waitForReplay, waitForTwin } from './page';
import { startServer, type TestServer } from './server';

// What happens next, on the screens: the queue chart's forecast band, the advice (applied by an operator through
// `lane:set`), the wall's closing line. One server and one browser for the file. The simulator's day starts before
// opening time with trucks already queued; an incident closes two of Hữu Nghị's lanes first, so the forecast
// has something to say and the advice has a lane to reopen. The simulator runs at 8× (the server's default is 4×): the
// replay test waits for the recorded day to close a 5-minute bucket after the instant it replays.
const LANGS = ['vi', 'zh', 'en'] as const;
const MESSAGES = { vi, zh, en };
const LOCALES = { vi: 'vi-VN', zh: 'zh-CN', en: 'en-GB' };
const CLOSED = ['HN-1', 'HN-5'];
const FREIGHT = ['tan-thanh-freight', 'coc-nam', 'huu-nghi-freight'];

let server: TestServer;
let browser: Browser;
let operator: Socket;
const opened: Page[] = [];
let first: Forecast;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { GATETWIN_SIM_SPEED: '8' } }), launchChromium({ maxFps: E2E_MAX_FPS })]);
  operator = io(`${server.url}/twin`, { auth: { token: server.operatorToken }, transports: ['websocket'] });
  await new Promise((ok) => operator.once('hello', ok));
  for (const lane of CLOSED) {
    const r = (await operator.timeout(10_000).emitWithAck('lane:set', { lane, open: false })) as { ok: boolean };
    expect(r.ok).toBe(true);
  }
  // The first forecast is made before any page opens (the replay test goes back to it), once the simulator's
  // backlog is in the twin: a forecast made in the instant before would rightly start from an empty queue.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the simulated backlog never reached the twin')), 60_000);
    const onKpi = (kpi: { crossings: { crossing: string; queue: number }[] }) => {
      if (kpi.crossings.filter((c) => c.crossing === 'huu-nghi-freight').reduce((a, c) => a + c.queue, 0) <= 50) return;
      clearTimeout(timer);
      operator.off('kpi', onKpi);
      resolve();
    };
    operator.on('kpi', onKpi);
  });
  first = await forecast(true);
  expect(first.series.filter((x) => x.crossing === 'huu-nghi-freight').reduce((a, x) => a + x.queue[0]!.p50, 0)).toBeGreaterThan(50);
}, 120_000);

afterAll(async () => {
  operator?.close();
  await Promise.all(opened.map((p) => p.close().catch(() => undefined)));
  await browser?.close();
  await server?.stop();
});

async function forecast(fresh = false): Promise<Forecast> {
  const res = await fetch(`${server.url}/api/forecast${fresh ? '?fresh=1' : ''}`, { headers: { authorization: `Bearer ${server.viewerToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Forecast;
}

async function open(path: string, viewport: { width: number; height: number }, token: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  opened.push(page);
  const errors = await pageProblems(page);
  await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}token=${token}`);
  // A replay opens on a reader thread over the day recorded so far: on a loaded 2-core machine that takes longer.
  await (path.startsWith('/replay') ? waitForReplay(page, 180_000) : waitForTwin(page, 90_000));
  await page.evaluate(() => document.fonts.ready);
  return { page, errors };
}

/** The site's time zones (assets/site.json): every time on the screens carries its zone. */
const ZONES = { vn: 7, cn: 8 };

/** The wall line for a closing, as the page's language writes it (the closing time with its zone). */
function closingText(lang: (typeof LANGS)[number], c: Forecast['closing'][number]): string {
  const n = (v: number) => new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 0 }).format(v);
  return MESSAGES[lang].forecast.closing
    .replace('{{time}}', siteClock(lang, c.close, ZONES))
    .replace('{{waiting}}', n(Math.round(c.waiting.p50)))
    .replace('{{spread}}', n(Math.round((c.waiting.p90 - c.waiting.p10) / 2)));
}

describe('what happens next, on the screens', () => {
  it.each(LANGS)('the executive queue chart continues into the forecast band, with the advice beside it (%s)', async (lang) => {
    // Vietnamese as a viewer (advice without buttons), the others as an operator.
    const token = lang === 'vi' ? server.viewerToken : server.operatorToken;
    const { page, errors } = await open(`/?lang=${lang}`, { width: 1440, height: 900 }, token);
    // Every freight crossing's band: a filled p10–p90 area and a dashed median after "now".
    await page.waitForFunction(
      (ids) => ids.every((id) => (document.querySelector(`[data-testid=chart-queue] g[data-band="${id}"] path.chart-band`)?.getAttribute('d') ?? '').startsWith('M')),
      FREIGHT,
      { timeout: 90_000, polling: 500 },
    );
    await page.getByTestId('advice').locator('li').first().waitFor({ timeout: 90_000 });
    const items = await page.getByTestId('advice').locator('li').count();
    expect(items).toBeGreaterThan(0);
    // The best three, and after them the best one an operator can apply when none of the three can be.
    const applyNow = await page.getByTestId('advice-apply-now').locator('li').count();
    expect(items).toBeLessThanOrEqual(3 + applyNow);
    expect(applyNow).toBeLessThanOrEqual(1);
    const text = await page.getByTestId('advice').innerText();
    // Each piece of advice says its effect with the perishable p95 before → after, and its reason.
    expect(text).toContain('p95');
    expect(text).toContain('→');
    expect(await page.getByTestId('advice-apply').count()).toBe(lang === 'vi' ? 0 : await page.locator('[data-testid=advice] li[data-kind=lane]').count());
    await page.getByTestId('advice').scrollIntoViewIfNeeded();
    await shot(page, `forecast-exec-${lang}`);
    expect(await uncoveredChars(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it.each(LANGS)('each wall crossing tile says what closing looks like (%s)', async (lang) => {
    const { page, errors } = await open(`/wall?lang=${lang}`, { width: 3840, height: 2160 }, server.viewerToken);
    // The line matches the server's latest forecast (a new one may land while we look: poll both).
    await expect
      .poll(
        async () => {
          const f = await forecast();
          const shown = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-crossing] [data-testid=tile-forecast]')].map((el) => [el.closest<HTMLElement>('[data-crossing]')!.dataset.crossing, el.textContent]));
          const want = f.closing.filter((c) => FREIGHT.includes(c.crossing)).map((c) => [c.crossing, closingText(lang, c)]);
          return JSON.stringify(shown.sort()) === JSON.stringify(want.sort()) ? want.length : `shown ${JSON.stringify(shown)}, forecast ${JSON.stringify(want)}`;
        },
        { timeout: 90_000, interval: 1000 },
      )
      .toBe(FREIGHT.length);
    await shot(page, `forecast-wall-${lang}`);
    expect(await uncoveredChars(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('an operator applies a lane advice: the lane reopens and the next forecast no longer proposes it', async () => {
    const { page, errors } = await open('/?lang=en', { width: 1440, height: 900 }, server.operatorToken);
    const item = page.locator('[data-testid=advice] li[data-kind=lane]').first();
    await item.waitFor({ timeout: 90_000 });
    const id = (await item.getAttribute('data-advice'))!;
    const lane = /^lane:([^:]+):open$/.exec(id)?.[1];
    expect(CLOSED).toContain(lane);
    const before = Number(await page.getByTestId('advice').getAttribute('data-from'));
    await item.getByTestId('advice-apply').click();
    // One click asks first; the confirmation sends `lane:set`.
    await item.getByTestId('advice-confirm').click();
    const result = page.getByTestId('advice-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.innerText()).toBe(`Applied: lane ${lane} open, ${lane === 'HN-5' ? 'Import' : 'Export'}`);
    // The twin runs the lane again (its KPIs say so)…
    await page.waitForFunction((l) => window.__gatetwin?.ui.getState().kpi?.lanes.find((x) => x.lane === l)?.open === true, lane, { timeout: 30_000 });
    // …and the next forecast, on the page and from the server, is made from it: that advice is gone.
    await page.waitForFunction(
      ([b, i]) => {
        const el = document.querySelector<HTMLElement>('[data-testid=advice]');
        return !!el && Number(el.dataset.from) > Number(b) && !el.querySelector(`li[data-advice="${i}"]`);
      },
      [String(before), id] as const,
      { timeout: 120_000, polling: 500 },
    );
    const after = await forecast();
    expect(after.from).toBeGreaterThan(before);
    expect(after.advice.map((a) => a.id)).not.toContain(id);
    await page.getByTestId('advice').scrollIntoViewIfNeeded();
    await shot(page, 'forecast-exec-en-applied');

    // A queued truck's card shows its expected lane entry from the forecast, as the server answers for it.
    await page.getByRole('button', { name: /Youyiguan · 6/ }).click();
    const box = (await page.locator('canvas').boundingBox())!;
    let truck: string | undefined;
    for (let attempt = 0; attempt < 6 && !truck; attempt++) {
      const v = await page.evaluate(() => window.__gatetwin!.vehicleOnScreen(0, 1));
      if (!v) continue;
      await page.mouse.click(box.x + v.x, box.y + v.y);
      truck = await page
        .waitForFunction(() => {
          const sel = window.__gatetwin!.ui.getState().selection;
          return sel?.status === 'ok' && sel.detail.kind === 'truck' && sel.detail.state === 'queued' ? sel.detail.id : false;
        }, undefined, { timeout: 10_000 })
        .then((h) => h.jsonValue() as Promise<string>, () => undefined);
    }
    expect(truck, 'a queued truck clicked').toBeDefined();
    const row = page.getByTestId('vehicle-entry-forecast');
    // The truck may have joined after the latest forecast: the next one (within a minute) knows it.
    await row.waitFor({ timeout: 120_000 });
    // A time, or "after <the horizon's end>" for a truck at the back of a long queue that the forecast does not see
    // reach a lane before its horizon ends.
    expect(await row.innerText()).toMatch(/Expected lane entry\s+(after )?\d\d:\d\d/);
    const res = await fetch(`${server.url}/api/forecast?truck=${truck}`, { headers: { authorization: `Bearer ${server.viewerToken}` } });
    expect(res.status).toBe(200);
    await shot(page, 'forecast-exec-en-card');
    expect(errors).toEqual([]);
    // A page left open keeps drawing its scene: on two cores it slows the next test's server and browser.
    await page.close();
  }, 360_000);

  it('replay shows what the forecast said at a past instant beside what then happened', async () => {
    // The forecast made at the start (recorded with its band), replayed a minute after it was made: no 5-minute
    // bucket of the day had closed by then, so the chart's band must not wait for the day's samples.
    const at = first.from + 60_000;
    const said = (await (await fetch(`${server.url}/api/forecast?day=${localDay(first.from)}&at=${at}`, { headers: { authorization: `Bearer ${server.viewerToken}` } })).json()) as Forecast;
    expect(said.from).toBeLessThanOrEqual(first.from);
    const { page, errors } = await open(`/replay?lang=en&day=${localDay(first.from)}&t=${at}`, { width: 1440, height: 900 }, server.viewerToken);
    // The page says where its fetch stands (`data-past`: loading, retrying, shown…); wait for the band it drew.
    await page.waitForFunction(
      (ids) =>
        document.querySelector('[data-testid=chart-queue-forecast]')?.getAttribute('data-past') === 'shown' &&
        ids.every((id) => (document.querySelector(`[data-testid=chart-queue] g[data-band="${id}"] path.chart-band`)?.getAttribute('d') ?? '').startsWith('M')),
      FREIGHT,
      { timeout: 90_000, polling: 500 },
    );
    expect(await page.getByTestId('chart-queue-forecast').innerText()).toContain(en.forecastPast.said.replace('{{time}}', siteTime('en', said.from, ZONES)));
    // What then happened: the recorded day's queue runs on past the replayed instant (the thin "now" line; a 5-minute
    // slot is about 1 px wide at this size), under the band. Today's recording grows while the suite runs; a paused
    // replay fetches it again once a minute.
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const chart = document.querySelector('[data-testid=chart-queue] svg')!;
            const now = Number(chart.querySelector('line.chart-now')?.getAttribute('x1') ?? NaN);
            const lines = [...chart.querySelectorAll(':scope > path[stroke-width="2"]')];
            const xs = lines.flatMap((p) => [...(p.getAttribute('d') ?? '').matchAll(/[ML](-?[\d.]+),/g)].map((m) => Number(m[1])));
            const last = xs.length > 0 ? Math.max(...xs) : NaN;
            return last > now + 1 ? 'runs on past the instant' : `lines ${lines.length}, last point at x=${last}, now at x=${now}`;
          }),
        { timeout: 150_000, interval: 1000 },
      )
      .toBe('runs on past the instant');
    await page.getByTestId('chart-queue').scrollIntoViewIfNeeded();
    await shot(page, 'forecast-replay-en');
    expect(errors).toEqual([]);
    await page.close();
  }, 360_000);
});
