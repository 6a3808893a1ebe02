import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiHistory } from '../../server/protocol/history';
import { buildSimRecording, SIM_START } from '../support/simRecording';
import { E2E_MAX_FPS, launchChromium, pageProblems, shot } from './browser';
import { pageState, waitForReplay } from './page';
import { startServer, type TestServer } from './server';

// The December 2021 jam recorded from 06:00 to 08:30 by the real recorder (as live records: messages, keyframes,
// alerts and the 5-minute KPI buckets), replayed at 08:00, a congested moment (thousands waiting). The server runs no simulator: the
// recorded day is all there is. Each language gets one page; its timeline must show the day's tracks per crossing,
// hour ticks, the playhead's time with its zone, the time under the pointer, and alert marks that seek.
const HOURS = 2.5;
const AT = SIM_START + 2 * 3_600_000;
const DAY = '2026-06-01';
const LANGS = ['vi', 'zh', 'en'] as const;
/** How the playhead's time says its zone in each language. */
const ZONE = { vi: '(UTC+7)', en: '(UTC+7)', zh: '越南' } as const;
const WAIT_MS = 180_000;

let server: TestServer;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gatetwin-e2e-timeline-'));
  await buildSimRecording(join(dataDir, 'recordings'), HOURS * 60, 'jam-2021');
  [server, browser] = await Promise.all([startServer({ dataDir, env: { GATETWIN_SIM: 'off' } }), launchChromium({ maxFps: E2E_MAX_FPS })]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const get = async <T>(path: string): Promise<T> => (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.viewerToken}` } })).json() as Promise<T>;
const position = (page: Page) => page.evaluate(() => window.__gatetwin!.ui.getState().replay?.position ?? null);

describe('the replay timeline of a recorded jam', () => {
  it('the recorded day serves its buckets', async () => {
    const h = await get<KpiHistory>(`/api/kpi/history?day=${DAY}`);
    expect(h.source).toBe('recording');
    expect(h.buckets.filter((b) => b.crossing === 'huu-nghi-freight' && b.direction === 'export').length).toBeGreaterThanOrEqual(HOURS * 12 - 1);
    expect(h.buckets.some((b) => b.status === 'critical')).toBe(true);
    expect(h.alerts.length).toBeGreaterThan(0);
  });

  it.each(LANGS)('%s: tracks per crossing, hour ticks, times with their zone, alert marks that seek, charts full at open', async (lang) => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    try {
      await checkTimeline(page, lang);
    } finally {
      await page.close();
    }
  }, 300_000);
});

/** Opens the replay at the congested moment in `lang` and checks its timeline (see the file's header). */
async function checkTimeline(page: Page, lang: (typeof LANGS)[number]): Promise<void> {
  const errors = await pageProblems(page);
  await page.goto(`${server.url}/replay?token=${server.viewerToken}&lang=${lang}&day=${DAY}&t=${AT}`);
  await waitForReplay(page, WAIT_MS);
  expect(await position(page)).toBe(AT);
  // One track per freight crossing, each drawn from the recorded buckets, with the jam's status bands.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="day-track"] path.track-queue').length === 3, undefined, { timeout: WAIT_MS, polling: 250 }).catch(async (e: unknown) => {
    throw new Error(`${String(e)}\n${await pageState(page)}`);
  });
  const points = await page.locator('[data-testid="day-track"]').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-points'))));
  expect(points.every((n) => n >= HOURS * 12 - 2), `points per track: ${points.join(', ')}`).toBe(true);
  expect(await page.locator('[data-testid="day-track"] rect.band-critical').count(), 'critical bands').toBeGreaterThan(0);
  // Hour ticks over 06:00–08:30, labelled (the one at the very start has its tick but no label).
  const hours = await page.getByTestId('timeline-hour').allInnerTexts();
  expect(hours).toEqual(['', '07:00', '08:00']);
  // The playhead's time and the axis carry the zone; the Chinese interface gives both clocks.
  await expect.poll(() => page.getByTestId('timeline-playhead-time').innerText(), { timeout: 10_000 }).toContain(ZONE[lang]);
  expect(await page.getByTestId('timeline-playhead-time').innerText()).toContain('08:00:00');
  if (lang === 'zh') expect(await page.getByTestId('timeline-playhead-time').innerText()).toBe('08:00:00 越南 / 09:00:00 北京');
  // The time under the pointer follows it (no press: nothing is sought).
  const track = (await page.locator('.timeline-track').boundingBox())!;
  await page.mouse.move(track.x + track.width * 0.25, track.y + track.height - 8);
  const under = await page.getByTestId('timeline-pointer-time').innerText();
  expect(under).toMatch(/0[67]:\d{2}:\d{2}/);
  expect(under).toContain(ZONE[lang]);
  expect(await position(page)).toBe(AT);
  // The queue chart holds the morning up to the playhead at once (06:00–07:55 from the recorded buckets, every
  // 5 minutes), not only the replayed instant.
  const samples = await page.locator('[data-testid="chart-queue"] path').evaluateAll((els) => Math.max(...els.map((el) => (el.getAttribute('d') ?? '').split(/[ML]/).length - 1)));
  expect(samples, 'samples in the longest queue line').toBeGreaterThanOrEqual(20);
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.fonts.ready);
  await shot(page, `replay-timeline-${lang}`);
  // An alert mark seeks to the alert, as the alert list's jump does.
  const marks = await page.getByTestId('timeline-alert').evaluateAll((els) => els.map((el) => ({ ts: Number(el.getAttribute('data-ts')), x: el.getBoundingClientRect().x })));
  expect(marks.length).toBeGreaterThan(0);
  // A mark away from the playhead with no other mark under the pointer (marks of the same minute overlap).
  const target = marks.findIndex((m) => Math.abs(m.ts - AT) > 20 * 60_000 && marks.every((o) => o === m || Math.abs(o.x - m.x) > 6));
  expect(target, `a lone mark away from the playhead among ${marks.length}`).toBeGreaterThanOrEqual(0);
  await page.getByTestId('timeline-alert').nth(target).click();
  await expect.poll(() => position(page), { timeout: 15_000 }).toBe(marks[target]!.ts);
  expect(errors).toEqual([]);
}
