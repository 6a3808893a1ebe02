import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { findChromium } from '../../scripts/chromium.mjs';
import { REPO_ROOT } from './server';

/** Where screenshots go (kept after the run, to be looked at). */
export const SHOT_DIR = join(REPO_ROOT, 'test-output', 'e2e');

/**
 * The e2e files' cap on each page's animation frames (`E2E_MAX_FPS`, 0: uncapped). SwiftShader draws WebGL on the
 * CPU, and a page draws as many frames as it can: through `client.test.ts` Chromium's GPU process took 1.2 of the
 * machine's two cores (122 CPU seconds in a 103 s run), away from the servers and the page scripts the tests wait on.
 * Capped at 2 frames a second: 64 CPU seconds, the file 76 s. Every animation of the client follows the clock, not
 * the frame count, so the pictures and positions a test reads are the same; they are only drawn less often.
 */
export const E2E_MAX_FPS = Number(process.env.E2E_MAX_FPS ?? 2);

/**
 * Launches headless Chromium with software WebGL: the one `npm test`'s pretest step (scripts/ensure-browser.mjs)
 * found or installed, by the same search (`CHROMIUM_PATH`, else chromium / chromium-browser / google-chrome on PATH).
 * With `maxFps` every page it opens draws at most that many animation frames a second (the e2e files pass
 * `E2E_MAX_FPS`; the benchmarks, which measure frames, do not).
 */
export async function launchChromium(opts: { maxFps?: number } = {}): Promise<Browser> {
  const found = findChromium();
  if (found.path === null) throw new Error(`${found.problem ?? 'no Chromium found'}: run \`node scripts/ensure-browser.mjs\` (npm test runs it first), which installs it or says how`);
  const browser = await chromium.launch({
    executablePath: found.path,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  const maxFps = opts.maxFps ?? 0;
  if (maxFps > 0) {
    const newPage = browser.newPage.bind(browser);
    browser.newPage = async (options) => {
      const page = await newPage(options);
      await page.addInitScript(capAnimationFrames, maxFps);
      return page;
    };
  }
  return browser;
}

/**
 * Runs in the page, before its scripts: `requestAnimationFrame` callbacks run at most `maxFps` times a second.
 * Those asked for in one frame still run together, in one real animation frame with its timestamp, and
 * `cancelAnimationFrame` still cancels. A canvas given a new size runs the next frame at once: that clears its
 * drawing buffer, and a screenshot taken in the wait for the next capped frame found the scene black (the wall's
 * tiles band changes height as its lines wrap, and the scene's canvas with it: 2 of 5 pictures at 1920×1080).
 * Self-contained: Playwright sends it to the page as source text.
 */
function capAnimationFrames(maxFps: number): void {
  const interval = 1000 / maxFps;
  const raf = window.requestAnimationFrame.bind(window);
  const queue = new Map<number, FrameRequestCallback>();
  let ids = 0;
  let armed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let next = 0;
  const run = (t: number) => {
    armed = false;
    timer = undefined;
    next = performance.now() + interval;
    const due = [...queue.values()];
    queue.clear();
    for (const cb of due) cb(t);
  };
  window.requestAnimationFrame = (cb) => {
    queue.set(++ids, cb);
    if (!armed) {
      armed = true;
      const wait = next - performance.now();
      if (wait <= 0) raf(run);
      else timer = setTimeout(() => raf(run), wait);
    }
    return ids;
  };
  window.cancelAnimationFrame = (id) => {
    queue.delete(id);
  };
  // r3f sets a canvas's size (its `width` and `height` attributes) after the layout changed, and that clears it.
  new MutationObserver((changes) => {
    if (!changes.some((c) => c.target instanceof HTMLCanvasElement)) return;
    next = 0;
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    raf(run);
  }).observe(document, { attributes: true, attributeFilter: ['width', 'height'], subtree: true });
}

/**
 * Collects what a user would call a broken page: uncaught errors and refusals by the page's Content-Security-Policy
 * (reported by the browser as `securitypolicyviolation`). Call before the page navigates; returns the live list.
 */
export async function pageProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)));
  page.on('console', (m) => {
    if (m.text().startsWith('CSP violation')) problems.push(m.text());
  });
  return problems;
}

/** Takes a screenshot, saves it under test-output/e2e/<name>.png and returns it decoded. */
export async function shot(page: Page, name: string): Promise<PNG> {
  mkdirSync(SHOT_DIR, { recursive: true });
  const buf = await page.screenshot({ path: join(SHOT_DIR, `${name}.png`) });
  return PNG.sync.read(buf);
}

/** A rectangle in CSS pixels of the page (a screenshot's pixels at device scale 1). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Colour statistics of a region of a screenshot: per-channel standard deviation and distinct (quantised) colours,
 * leaving out the pixels inside `skip` (e.g. what is drawn over the scene, so that a blank scene is not saved by them).
 */
export function pixelStats(png: PNG, box: Box, skip: readonly Box[] = []): { std: number; colours: number } {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(png.width, Math.floor(box.x + box.width));
  const y1 = Math.min(png.height, Math.floor(box.y + box.height));
  let n = 0;
  const sum = [0, 0, 0];
  const sq = [0, 0, 0];
  const seen = new Set<number>();
  for (let y = y0; y < y1; y += 2) {
    for (let x = x0; x < x1; x += 2) {
      if (skip.some((k) => x >= k.x && x < k.x + k.width && y >= k.y && y < k.y + k.height)) continue;
      const i = (y * png.width + x) * 4;
      for (let c = 0; c < 3; c++) {
        const v = png.data[i + c]!;
        sum[c]! += v;
        sq[c]! += v * v;
      }
      seen.add(((png.data[i]! >> 3) << 10) | ((png.data[i + 1]! >> 3) << 5) | (png.data[i + 2]! >> 3));
      n++;
    }
  }
  if (n === 0) return { std: 0, colours: 0 };
  const std = Math.sqrt([0, 1, 2].reduce((a, c) => a + (sq[c]! / n - (sum[c]! / n) ** 2), 0) / 3);
  return { std, colours: seen.size };
}

/** Fraction of pixels of a region that differ by more than `threshold` in any channel between two screenshots. */
export function diffFraction(a: PNG, b: PNG, box: { x: number; y: number; width: number; height: number }, threshold = 24): number {
  let n = 0;
  let d = 0;
  for (let y = Math.floor(box.y); y < Math.min(a.height, box.y + box.height); y++) {
    for (let x = Math.floor(box.x); x < Math.min(a.width, box.x + box.width); x++) {
      const i = (y * a.width + x) * 4;
      n++;
      if (Math.abs(a.data[i]! - b.data[i]!) > threshold || Math.abs(a.data[i + 1]! - b.data[i + 1]!) > threshold || Math.abs(a.data[i + 2]! - b.data[i + 2]!) > threshold) d++;
    }
  }
  return n ? d / n : 0;
}
