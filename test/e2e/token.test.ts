import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { E2E_MAX_FPS, launchChromium, pageProblems, shot } from './browser';
import { waitForReplay, waitForTwin } from './page';
import { startServer, type TestServer } from './server';

// Tokens stay secret in the browser: a real server (simulator on) and a real Chromium.
let server: TestServer;
let browser: Browser;
let day: string;
const opened: Page[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { GATETWIN_SIM_SPEED: '60' } }), launchChromium({ maxFps: E2E_MAX_FPS })]);
  // Any recording of today with something in it is enough to replay.
  const get = async <T,>(path: string): Promise<T> => (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.viewerToken}` } })).json() as Promise<T>;
  const until = Date.now() + 60_000;
  for (;;) {
    const list = await get<{ day: string }[]>('/api/recordings');
    if (list[0] && (await get<{ lastTs: number | null }>(`/api/recordings/${list[0].day}`)).lastTs !== null) {
      day = list[0].day;
      break;
    }
    if (Date.now() > until) throw new Error('no recording with data after 60 s');
    await new Promise((r) => setTimeout(r, 1000));
  }
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((p) => p.close().catch(() => undefined)));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  opened.push(page);
  return { page, errors: await pageProblems(page) };
}

const stored = (page: Page) => page.evaluate(() => sessionStorage.getItem('gatetwin.token'));

describe('tokens in the browser', () => {
  it('after the page loads the address bar holds no token; the tab keeps it across a reload', async () => {
    const { page, errors } = await newPage();
    await page.goto(`${server.url}/?token=${server.viewerToken}&lang=en`);
    await waitForTwin(page);
    expect(page.url()).toBe(`${server.url}/?lang=en`);
    expect(await stored(page)).toBe(server.viewerToken);
    await page.reload();
    await waitForTwin(page);
    expect(page.url()).toBe(`${server.url}/?lang=en`);
    expect(errors).toEqual([]);
  });

  let link = '';

  it('a shared replay link carries no token, not even when an operator shares it', async () => {
    const { page: sharer } = await newPage();
    await sharer.goto(`${server.url}/replay?token=${server.operatorToken}&day=${day}&lang=en`);
    await waitForReplay(sharer);
    expect(sharer.url()).toBe(`${server.url}/replay?day=${day}&lang=en`);
    await sharer.getByTestId('share').click();
    link = sharer.url();
    expect(link).toMatch(new RegExp(`/replay\\?day=${day}&t=.+&cam=.+&lang=en$`));
    expect(link).not.toContain('token');
    expect(link).not.toContain(server.operatorToken);
  });

  it('the shared link opens for a viewer who has their own token, and not for a stranger', async () => {
    if (!link) throw new Error('needs the link the previous test shared');
    // A viewer whose tab already holds their own token (a page opened with ?token= earlier put it there).
    const { page: viewer, errors } = await newPage();
    await viewer.goto(`${server.url}/api/health/live`);
    await viewer.evaluate((t) => sessionStorage.setItem('gatetwin.token', t), server.viewerToken);
    await viewer.goto(link);
    await waitForReplay(viewer);
    expect(await viewer.evaluate(() => window.__gatetwin!.ui.getState().replay!.day)).toBe(day);
    await shot(viewer, 'token-shared-link-viewer');
    expect(errors).toEqual([]);

    // A stranger with the link alone gets the "no token" screen, nothing of the recording.
    const { page: stranger } = await newPage();
    await stranger.goto(link);
    await expect.poll(() => stranger.locator('.splash-msg').textContent(), { timeout: 30_000 }).toMatch(/token/i);
    expect(await stranger.evaluate(() => window.__gatetwin?.ui.getState().replay ?? null)).toBeNull();
  });
});
