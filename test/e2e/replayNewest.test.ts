import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingEntry, RecordingSummary, ReplayStatus } from '../../server/protocol/replay';
import { buildSimRecording } from '../support/simRecording';
import { E2E_MAX_FPS, launchChromium, pageProblems, pixelStats, shot } from './browser';
import { pageState, sceneSettled, waitForReplay } from './page';
import { startServer, type TestServer } from './server';

// A newcomer opens `/replay` with nothing but the token. The server holds an older day (2026-06-01, recorded by
// the real recorder before it starts) and records today with its simulator at 40×, so that today spans four twin
// minutes 6 s after the start (at 10× the file waited 24 s for it): the screen must show today's scene at its
// latest minute, not an empty "choose a day" screen.
const SIM_SPEED = 40;
/** Today's recording is waited for until it spans this much twin time, so that "latest" and "first" differ. */
const SPAN_MS = 4 * 60_000;

let server: TestServer;
let browser: Browser;
let dataDir: string;

const get = async <T>(path: string): Promise<T> => (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.viewerToken}` } })).json() as Promise<T>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gatetwin-e2e-newest-'));
  await buildSimRecording(join(dataDir, 'recordings'), 20);
  [server, browser] = await Promise.all([startServer({ dataDir, env: { GATETWIN_SIM_SPEED: String(SIM_SPEED) } }), launchChromium({ maxFps: E2E_MAX_FPS })]);
  const until = Date.now() + 90_000;
  for (;;) {
    const today = (await get<RecordingEntry[]>('/api/recordings')).find((r) => r.kind === 'day' && r.day !== '2026-06-01');
    const s = today && (await get<RecordingSummary>(`/api/recordings/${today.day}`));
    if (s && s.firstTs !== null && s.lastTs !== null && s.lastTs - s.firstTs >= SPAN_MS) break;
    if (Date.now() > until) throw new Error(`today's recording did not reach ${SPAN_MS / 60_000} minutes in 90 s:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('replay without parameters', () => {
  it('opens the newest recorded day at its latest minute, with its scene', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors = await pageProblems(page);
    const today = (await get<RecordingEntry[]>('/api/recordings')).filter((r) => r.kind === 'day').map((r) => r.day).sort().at(-1)!;
    const endBefore = (await get<RecordingSummary>(`/api/recordings/${today}`)).lastTs!;
    await page.goto(`${server.url}/replay?token=${server.viewerToken}&lang=en`);
    await waitForReplay(page);
    const status = await page.evaluate(() => window.__gatetwin!.ui.getState().replay!) as ReplayStatus;
    const days = (await get<RecordingEntry[]>('/api/recordings')).filter((r) => r.kind === 'day').map((r) => r.day).sort();
    expect(days, 'the older day is there too').toContain('2026-06-01');
    expect(status.day, `the newest day of ${days.join(', ')}`).toBe(days.at(-1));
    expect(status.day).not.toBe('2026-06-01');
    // Opened a minute before the recording's end as the page found it: an end between the one seen just before the
    // page was opened and the one the replay started with (today's recording grows meanwhile).
    const foundEnd = status.position + 60_000;
    expect(foundEnd, `opened at ${status.position}; ends seen ${endBefore} and ${status.lastTs}: ${await pageState(page)}`).toBeGreaterThanOrEqual(endBefore);
    expect(foundEnd).toBeLessThanOrEqual(status.lastTs);
    expect(status.position - status.firstTs, 'not at the start of the day').toBeGreaterThan(SPAN_MS - 2 * 60_000);
    expect(status.playing, 'paused, ready to play').toBe(false);
    // The scene is that instant's: the keyframe of the open was drawn.
    await expect.poll(() => page.evaluate(() => window.__gatetwin!.live.getState().twinTime)).toBe(status.position);
    expect(await page.getByTestId('day-picker').inputValue()).toBe(status.day);
    expect(await page.locator('.stage-empty').count(), 'no empty "choose a day" stage').toBe(0);
    await page.evaluate(() => document.fonts.ready);
    await sceneSettled(page);
    const png = await shot(page, 'replay-newest-en');
    const canvas = (await page.locator('canvas').boundingBox())!;
    expect(pixelStats(png, canvas).std, 'the canvas is drawn, not blank').toBeGreaterThan(10);
    expect(pixelStats(png, canvas).colours, 'terrain, lanes and vehicles: many colours').toBeGreaterThan(50);
    expect(await page.locator('.crossing-card').count(), 'the crossing cards of the replayed KPIs').toBe(3);
    expect(errors).toEqual([]);
    await page.close();
  });
});
