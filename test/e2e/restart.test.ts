import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_MAX_FPS, launchChromium, shot } from './browser';
import { waitForTwin } from './page';
import { startServer, type TestServer } from './server';
import { freePort } from '../support/ports';

/** Sends a signal to the server's whole process group (npx → tsx → node). */
const signal = (server: TestServer, sig: NodeJS.Signals) => process.kill(-server.process.pid!, sig);

let server: TestServer;
let browser: Browser;
let page: Page;
let port: number;

beforeAll(async () => {
  port = await freePort();
  [server, browser] = await Promise.all([startServer({ port, env: { GATETWIN_SIM_SPEED: '60' } }), launchChromium({ maxFps: E2E_MAX_FPS })]);
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${server.url}/wall?token=${server.viewerToken}`);
  await waitForTwin(page);
  // Marks this document: if the page reloaded, the mark would be gone.
  await page.evaluate(() => ((window as unknown as { __mark: number }).__mark = 42));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  // The restarted server was given the first one's data directory, so it does not remove it itself.
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
});

const banner = () => page.getByTestId('stale-banner');
const frames = () => page.evaluate(() => window.__gatetwin!.live.getState().frames);

describe('the wall and a server that stops', () => {
  it('says "stale data" within 2 s when frames stop on an open connection, and clears when they resume', async () => {
    // The delay is taken in the page, from the last frame it received to the instant it called the stream stale:
    // what the wall itself does. (Timed from this process, it also counted Playwright's polling and a page whose
    // every frame SwiftShader draws on the CPU: 2.7 s once on a loaded machine, against 1.75 s in the page's logic.)
    await page.evaluate(() => {
      const w = window as unknown as { __staleAt?: number };
      delete w.__staleAt;
      window.__gatetwin!.ui.subscribe((s) => {
        if (s.stale && w.__staleAt === undefined) w.__staleAt = performance.now();
      });
    });
    signal(server, 'SIGSTOP');
    try {
      await banner().waitFor({ state: 'visible', timeout: 4000 });
      const { staleAt, lastFrame } = await page.evaluate(() => ({
        staleAt: (window as unknown as { __staleAt?: number }).__staleAt,
        lastFrame: window.__gatetwin!.live.getState().receivedAt,
      }));
      expect(staleAt, 'the page called the stream stale').toBeDefined();
      expect(staleAt! - lastFrame, 'ms from the last frame to "stale"').toBeLessThanOrEqual(2000);
      expect(await page.evaluate(() => window.__gatetwin!.ui.getState().conn), 'the socket is still open').toBe('connected');
      // Nobody knows whether there are alerts now: the strip does not say "no alerts" in green under the stale banner.
      const strip = await page.getByTestId('alerts').innerText();
      expect(strip, 'the alert strip while the data is stale').not.toContain('Không có cảnh báo');
      if ((await page.locator('[data-testid="alerts"] .alert').count()) === 0) expect(strip).toContain('Chưa rõ cảnh báo');
      // Nor do the clocks run on: they stop at the last frame's time, the one the banner gives, in amber. (Running,
      // they told the room the picture was live; at the server's 60× they were minutes past the banner's time by now.)
      expect(await page.getByTestId('clocks').getAttribute('data-stopped')).toBe('true');
      const vn = await page.locator('[data-clock="vn"] .clock-time').innerText();
      expect(await banner().innerText(), 'the banner names the time the clocks stopped at').toContain(vn);
      const colour = await page.locator('[data-clock="vn"] .clock-time').evaluate((el) => getComputedStyle(el).color);
      expect(colour, 'the stopped clock in the stale colour').toBe('rgb(255, 204, 77)');
      await shot(page, 'wall-stale');
    } finally {
      signal(server, 'SIGCONT');
    }
    await banner().waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('survives a server restart: reconnects by itself, resyncs, and the banner clears', async () => {
    const dataDir = server.dataDir;
    signal(server, 'SIGKILL');
    await server.stop({ keepData: true });
    // (How soon it shows is the first test's business; here the page may still be drawing its last frames.)
    await banner().waitFor({ state: 'visible', timeout: 15_000 });
    expect(await banner().innerText()).toMatch(/Dữ liệu không cập nhật/);
    server = await startServer({ port, dataDir, env: { GATETWIN_SIM_SPEED: '60' } });
    await banner().waitFor({ state: 'detached', timeout: 30_000 });
    const before = await frames();
    await expect.poll(frames, { timeout: 10_000 }).toBeGreaterThan(before + 5);
    expect(await page.evaluate(() => (window as unknown as { __mark?: number }).__mark), 'same document: no reload').toBe(42);
    expect(await page.evaluate(() => window.__gatetwin!.ui.getState().conn)).toBe('connected');
    expect(await page.evaluate(() => window.__gatetwin!.counts().trucks)).toBeGreaterThan(0);
    await shot(page, 'wall-after-restart');
  });
});
