import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { diffFraction, E2E_MAX_FPS, launchChromium, pageProblems, pixelStats, shot } from './browser';
import { movedCount, overlappingBoxes, overlappingLabels, positions, sceneSettled, smallestText, streamFrames, uncoveredChars, visibleLabels, waitForReplay, waitForTwin } from './page';
import { startServer, type TestServer } from './server';

// One server and one browser for every screen. The simulator's day starts at 06:00 with the gates closed until
// 07:00 (trucks already queue, with "outside opening hours" alerts); at 60× the lanes open after a minute.
const SIM_SPEED = '60';
const LANGS = ['vi', 'zh', 'en'] as const;
/** A queued truck's phase index (TRUCK_PHASES): queued trucks have a lane assignment and a reason. */
const QUEUED = 1;

let server: TestServer;
let browser: Browser;
/** Pages a test opened: closed after it even when it fails, so a failed page stops rendering behind the next test. */
const opened: Page[] = [];
const closeOpened = async () => {
  await Promise.all(opened.splice(0).map((p) => p.close().catch(() => undefined)));
};

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { GATETWIN_SIM_SPEED: SIM_SPEED } }), launchChromium({ maxFps: E2E_MAX_FPS })]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(path: string, viewport: { width: number; height: number }, token = server.viewerToken): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  opened.push(page);
  // CSP refusals count as page errors: the page must run under its policy without tripping it.
  const errors = await pageProblems(page);
  await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}token=${token}`);
  return { page, errors };
}

const canvasBox = async (page: Page) => (await page.locator('canvas').boundingBox())!;

/** The checks every screen passes in every language: glyphs from the bundled fonts, labels apart, no page error. */
async function checkScreen(page: Page, errors: string[], name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  const png = await shot(page, name);
  // The scene itself, not the labels and panels over it: those alone passed a black canvas (its drawing buffer cleared).
  const over = await page.evaluate(() =>
    [...document.querySelectorAll('.label, [data-occludes]')].map((el) => {
      // With a margin for the labels' shadows and borders.
      const r = el.getBoundingClientRect();
      return { x: r.x - 6, y: r.y - 6, width: r.width + 12, height: r.height + 12 };
    }),
  );
  // A blank canvas is one colour (std 0). The normal day's dawn fog (05:00–08:30, visibility 150 m, the hour this
  // file runs in) washes the overview out once the weather stations' first report arrives: std 5.7 in one run, 33–43
  // in others, depending on whether the fog had come in yet.
  expect(pixelStats(png, await canvasBox(page), over).std, `${name}: the scene is drawn, not blank`).toBeGreaterThan(3);
  expect(await uncoveredChars(page), `${name}: characters no bundled font covers`).toEqual([]);
  expect(overlappingLabels(await visibleLabels(page)), `${name}: overlapping scene labels`).toEqual([]);
  expect(errors, `${name}: page errors`).toEqual([]);
}

describe('executive view', () => {
  let page: Page;
  let errors: string[];
  beforeAll(async () => {
    ({ page, errors } = await open('/', { width: 1440, height: 900 }, server.operatorToken));
    await waitForTwin(page);
    await page.evaluate(() => document.fonts.ready);
    await sceneSettled(page);
  });
  afterAll(() => page?.close());

  it('renders the scene, key markers, crossing cards and the three charts in Vietnamese', async () => {
    await checkScreen(page, errors, 'exec-vi');
    // This Chromium draws WebGL on the CPU (SwiftShader): the scene skips multisampling there (scene/renderQuality.ts).
    expect(await page.evaluate(() => window.__gatetwin!.renderInfo()!.antialias)).toBe(false);
    // The e2e pages draw at most E2E_MAX_FPS frames a second (browser.ts), so that the GPU process leaves the
    // servers and the pages' scripts their share of the two cores; the scene still draws.
    // (Counted between two readings, a frame just after the first one and one just before the second both count: one
    // frame more than the cap allows over the time between them.)
    if (E2E_MAX_FPS > 0) {
      const [f0, t0] = await page.evaluate(() => [window.__gatetwin!.tourState().frames, performance.now()]);
      await expect.poll(() => page.evaluate(() => window.__gatetwin!.tourState().frames), { timeout: 20_000 }).toBeGreaterThanOrEqual(f0! + 2 * E2E_MAX_FPS);
      const [f1, t1] = await page.evaluate(() => [window.__gatetwin!.tourState().frames, performance.now()]);
      expect(f1! - f0!, `frames drawn in ${Math.round(t1! - t0!)} ms`).toBeLessThanOrEqual(Math.floor((E2E_MAX_FPS * (t1! - t0!)) / 1000) + 1);
    }
    const keys = (await visibleLabels(page)).map((l) => l.key);
    for (const m of ['1088', '1104', '1116', '1120']) expect(keys).toContain(`marker:${m}`);
    for (const l of await visibleLabels(page)) expect(l.fontPx, `${l.key} font size`).toBeGreaterThanOrEqual(12);
    expect(await page.locator('.crossing-card').count()).toBe(3);
    for (const id of ['chart-throughput', 'chart-waits', 'chart-queue']) await expect.poll(() => page.getByTestId(id).locator('svg').count()).toBe(1);
    // Charts fill from the KPIs and the twin: the wait chart's histogram of the trucks queued before opening time
    // (the throughput bars come once the gates open: checked at the end of this block).
    await expect.poll(() => page.getByTestId('chart-waits').locator('rect').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('chart-throughput').innerText()).toMatch(/2\.800/);
    expect(await overlappingBoxes(page, ['.presets', '.legend', '.side-panel', 'header.header'])).toEqual([]);
    await page.locator('.panel-body').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await shot(page, 'exec-vi-charts');
    await page.locator('.panel-body').evaluate((el) => (el.scrollTop = 0));
  });

  // Early, while the trucks queued before opening time raise "outside opening hours" alerts.
  it('lets an operator acknowledge an alert', async () => {
    await page.getByRole('tab', { name: /Cảnh báo/ }).click();
    const ack = page.getByRole('button', { name: 'Xác nhận' }).first();
    await expect.poll(() => ack.count(), { timeout: 60_000, message: 'an active alert to acknowledge' }).toBeGreaterThan(0);
    // The list re-renders as alerts change each engine tick, so a button may be replaced mid-click: click again
    // until the list shows the acknowledgement.
    await expect
      .poll(async () => {
        await ack.click({ timeout: 2_000 }).catch(() => undefined);
        return page.getByTestId('alert-list').innerText();
      }, { timeout: 60_000 })
      .toMatch(/Đã xác nhận/);
    await shot(page, 'exec-vi-alerts');
    await page.getByRole('tab', { name: /Chỉ số/ }).click();
  });

  it('draws vehicles that move between two screenshots', async () => {
    const first = await shot(page, 'exec-vi-moving-1');
    let moved = 0;
    const until = Date.now() + 60_000;
    while (moved === 0 && Date.now() < until) {
      const a = await positions(page);
      await streamFrames(page, 15);
      moved = movedCount(a, await positions(page));
    }
    expect(moved, 'vehicles that moved in 1.5 s').toBeGreaterThan(0);
    const second = await shot(page, 'exec-vi-moving-2');
    expect(diffFraction(first, second, await canvasBox(page))).toBeGreaterThan(0);
  });

  it('selecting a queued truck shows its cargo, wait, lane and the scheduler’s reason', async () => {
    await page.getByRole('button', { name: /Hữu Nghị – Hữu Nghị Quan · 6/ }).click();
    await sceneSettled(page);
    const box = await canvasBox(page);
    let ok = false;
    for (let attempt = 0; attempt < 6 && !ok; attempt++) {
      const v = await page.evaluate((s) => window.__gatetwin!.vehicleOnScreen(0, s), QUEUED);
      expect(v, 'a queued truck in view at Hữu Nghị').not.toBeNull();
      await page.mouse.click(box.x + v!.x, box.y + v!.y);
      ok = await page
        .waitForFunction(() => {
          const s = window.__gatetwin!.ui.getState().selection;
          return s?.status === 'ok' && s.detail.assignment !== undefined;
        }, undefined, { timeout: 4000 })
        .then(() => true, () => false);
    }
    expect(ok, 'vehicle:get answered with an assignment for a clicked truck').toBe(true);
    const card = page.getByTestId('vehicle-card');
    await expect.poll(() => card.innerText()).toMatch(/Xe tải/);
    const text = await card.innerText();
    for (const row of ['Hàng hóa', 'Thời gian chờ', 'Làn được phân']) expect(text).toContain(row);
    const reason = await page.getByTestId('vehicle-reason').innerText();
    expect(reason).toContain('Lý do của bộ điều phối');
    expect(reason, 'the rule in words and the lanes weighed').toMatch(/(Đến trước|Ưu tiên|Chờ quá lâu|Đã được gọi)[\s\S]*HN-\d/);
    await shot(page, 'exec-vi-card');
  });

  it('clicking a lane shows its details', async () => {
    const open = page.getByTestId('vehicle-card').getByRole('button');
    if (await open.count()) await open.click();
    const box = await canvasBox(page);
    const lane = await page.evaluate(() => {
      const mesh = window.__gatetwin!.scene!.getObjectByName('lanes') as unknown as { count: number };
      for (let i = 0; i < mesh.count; i++) {
        const p = window.__gatetwin!.instanceOnScreen('lanes', i);
        if (p && p.x > 40 && p.x < 600 && p.y > 150 && p.y < 700) return p;
      }
      return null;
    });
    expect(lane, 'a lane strip in view').not.toBeNull();
    // A vehicle may stand on the strip's centre: try a few points along it.
    let shown = false;
    for (const dy of [0, 8, -8, 16]) {
      await page.mouse.click(box.x + lane!.x, box.y + lane!.y + dy);
      shown = await page.getByTestId('pick-card').isVisible().catch(() => false);
      if (shown) break;
      const card = page.getByTestId('vehicle-card').getByRole('button');
      if (await card.count()) await card.click();
    }
    expect(shown, 'the lane card').toBe(true);
    expect(await page.getByTestId('pick-card').innerText()).toMatch(/Làn (HN|TT|CN)/);
    await shot(page, 'exec-vi-lane');
    await page.getByTestId('pick-card').locator('.card-close').click();
  });

  it.each([
    ['zh', '中文', '越南时间', '全景', '友谊关'],
    ['en', 'English', 'Vietnam time', 'Overview', 'Hữu Nghị'],
  ])('switches to %s, with its glyphs loaded from the bundled fonts', async (lang, button, clockLabel, overview, sample) => {
    await page.getByRole('button', { name: button, exact: true }).click();
    await page.getByRole('button', { name: overview }).click();
    await sceneSettled(page);
    await expect.poll(() => page.locator('header.header').innerText()).toContain(clockLabel);
    const family = lang === 'zh' ? 'Noto Sans SC' : 'Noto Sans';
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(([f, s]) => document.fonts.check(`16px "${f}"`, s), [family, sample] as const)).toBe(true);
    await checkScreen(page, errors, `exec-${lang}`);
    // Numbers and dates per locale.
    const day = await page.locator('.clock-day').first().innerText();
    expect(day).toMatch(lang === 'zh' ? /\d{4}年\d{1,2}月\d{1,2}日/ : /\d{1,2} [A-Z][a-z]{2} \d{4}/);
    // By now the gates are open: vehicles cleared per hour show as bars under the target lines.
    await expect.poll(() => page.getByTestId('chart-throughput').locator('rect').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Tiếng Việt', exact: true }).click();
  });
});

describe('wall view', () => {
  afterEach(closeOpened);
  /** What every wall shows at any size: no controls, big clocks and tiles, nothing small, no panel over another. */
  async function checkWall(page: Page, height: number): Promise<void> {
    expect(await page.locator('.lang, .presets, .legend-keys, button, select, input').count(), 'no controls on the wall').toBe(0);
    const clockPx = await page.locator('.clock-time').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(clockPx, 'wall clock').toBeGreaterThanOrEqual(height * 0.045);
    const tilePx = await page.locator('.tile-value').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(tilePx, 'KPI tile value').toBeGreaterThanOrEqual(height * 0.055);
    // Nothing smaller than 2 % of the screen height (≈ 2 cm on a 65" wall, ≈ 4 cm on a 130" one: readable from 5 m).
    const small = await smallestText(page);
    expect(small.px, `smallest text: ${small.where}`).toBeGreaterThanOrEqual(height * 0.02);
    for (const id of ['tile-cleared', 'tile-wait', 'tile-agv']) expect(await page.getByTestId(id).isVisible()).toBe(true);
    expect(await page.locator('.tile[data-crossing]').count(), 'a tile per freight crossing').toBe(3);
    expect(await overlappingBoxes(page, ['.tile', '.legend', '.tour-caption', '.ticker', 'header.header'])).toEqual([]);
    const tiles = (await page.getByTestId('tiles').boundingBox())!;
    const canvas = await canvasBox(page);
    const wide = (await page.evaluate(() => innerWidth / innerHeight)) > 2.5;
    if (wide) expect(tiles.x + tiles.width, 'tiles in a column beside the scene').toBeLessThanOrEqual(canvas.x + 1);
    else expect(tiles.y + tiles.height, 'tiles in a band above the scene').toBeLessThanOrEqual(canvas.y + 1);
  }

  it('is dark, large and readable in Vietnamese at 1920×1080 and on a 4K wall (3840×2160)', async () => {
    const { page, errors } = await open('/wall?lang=vi', { width: 1920, height: 1080 });
    await waitForTwin(page);
    await sceneSettled(page);
    await checkScreen(page, errors, 'wall-vi');
    await checkWall(page, 1080);
    // The tour starts on the overview: both ends of the stretch are labelled there.
    if ((await page.getByTestId('tour-caption').getAttribute('data-preset')) === 'overview') {
      expect((await visibleLabels(page)).map((l) => l.key)).toEqual(expect.arrayContaining(['marker:1088', 'marker:1120']));
    }
    await page.setViewportSize({ width: 3840, height: 2160 });
    await sceneSettled(page);
    await checkScreen(page, errors, 'wall-4k-vi');
    await checkWall(page, 2160);
    await page.close();
  });

  it.each([
    ['zh', 5120, 1440, 'wall-32x9-zh'],
    ['en', 1920, 1080, 'wall-en'],
  ] as const)('reads in %s at %d×%d', async (lang, width, height, name) => {
    const { page, errors } = await open(`/wall?lang=${lang}`, { width, height });
    await waitForTwin(page);
    await sceneSettled(page);
    await checkScreen(page, errors, name);
    await checkWall(page, height);
    if (width / height < 2.5) {
      // The scene keeps its size while the tiles' lines wrap and unwrap: a taller tile makes the band taller at once,
      // and the band keeps that height when the tile shrinks again (before, the whole 3D view jumped back and forth).
      const before = (await canvasBox(page)).height;
      await page.evaluate(() => {
        const extra = document.createElement('span');
        extra.id = 'extra-lines';
        extra.style.cssText = 'display: block; height: 3em';
        document.querySelector('.tile[data-crossing]')!.append(extra);
      });
      await expect.poll(async () => (await canvasBox(page)).height).toBeLessThan(before - 20);
      const taller = (await canvasBox(page)).height;
      await page.evaluate(() => document.getElementById('extra-lines')!.remove());
      await sceneSettled(page);
      expect((await canvasBox(page)).height, 'the scene after the tile shrank again').toBe(taller);
    }
    await page.close();
  });
});

describe('replay view', () => {
  let day: string;
  afterEach(closeOpened);
  beforeAll(async () => {
    // Today's recording, once it holds at least half an hour of twin time (a few seconds at 120×).
    const get = async <T,>(path: string): Promise<T> => (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.viewerToken}` } })).json() as Promise<T>;
    const until = Date.now() + 60_000;
    for (let span = 0; span < 30 * 60_000; await new Promise((r) => setTimeout(r, 1000))) {
      if (Date.now() > until) throw new Error('no recording of half an hour after 60 s');
      const list = await get<{ day: string }[]>('/api/recordings');
      if (!list[0]) continue;
      day = list[0].day;
      const s = await get<{ firstTs: number | null; lastTs: number | null }>(`/api/recordings/${day}`);
      span = (s.lastTs ?? 0) - (s.firstTs ?? 0);
    }
  });

  it.each(LANGS)('replays today’s recording in %s with the live scene and HUD', async (lang) => {
    const { page, errors } = await open(`/replay?day=${day}&lang=${lang}`, { width: 1440, height: 900 });
    await waitForReplay(page);
    await sceneSettled(page);
    await checkScreen(page, errors, `replay-${lang}`);
    expect(await page.locator('.crossing-card').count(), 'the same crossing cards as live').toBe(3);
    expect(await page.getByTestId('day-picker').inputValue()).toBe(day);
    // The timeline shows the day's activity density from the recording's index.
    await expect.poll(() => page.getByTestId('timeline').locator('.timeline-density rect').count()).toBeGreaterThan(0);
    await page.close();
  });

  /** What the sharing test hands to the opening one: the link, and where the replay and camera were. */
  let shared: { link: string; position: number; camera: number[] } | undefined;

  it('seeks when the timeline is clicked, plays, and shares a link without a token', async () => {
    const { page, errors } = await open(`/replay?day=${day}&lang=en`, { width: 1440, height: 900 }, server.operatorToken);
    await waitForReplay(page);
    // The token left the address bar (and history) as the page loaded; the rest of the link stays.
    expect(page.url()).toBe(`${server.url}/replay?day=${day}&lang=en`);
    expect(await page.evaluate(() => sessionStorage.getItem('gatetwin.token'))).toBe(server.operatorToken);
    const status = () => page.evaluate(() => window.__gatetwin!.ui.getState().replay!);
    const s0 = await status();
    const track = (await page.getByTestId('timeline').locator('.timeline-track').boundingBox())!;
    await page.mouse.click(track.x + track.width * 0.4, track.y + track.height / 2);
    // The paused replay moved (its status may since say `grew`: today's recording grows while it is replayed).
    await expect.poll(async () => (await status()).position).not.toBe(s0.position);
    const s1 = await status();
    // The clicked instant on the strip as drawn at the click, whose end lies between the ends seen before and after;
    // two pixels of the strip and a minute are the tolerance.
    const at = (end: number) => s0.firstTs + 0.4 * (end - s0.firstTs);
    const tolerance = ((s1.lastTs - s1.firstTs) / track.width) * 2 + 60_000;
    expect(s1.position, 'seeked to the clicked instant').toBeGreaterThanOrEqual(at(s0.lastTs) - tolerance);
    expect(s1.position, 'seeked to the clicked instant').toBeLessThanOrEqual(at(s1.lastTs) + tolerance);
    // The scene was rebuilt at the new instant: a keyframe arrived with the seek.
    await expect.poll(() => page.evaluate(() => window.__gatetwin!.live.getState().twinTime)).toBe(s1.position);
    await page.getByTestId('speed').selectOption('60');
    await page.getByTestId('play').click();
    await expect.poll(async () => (await status()).playing).toBe(true);
    await expect.poll(() => page.evaluate(() => window.__gatetwin!.live.getState().twinTime), { timeout: 15_000 }).toBeGreaterThan(s1.position + 30_000);
    await page.getByTestId('play').click();
    await expect.poll(async () => (await status()).playing).toBe(false);
    await shot(page, 'replay-en-seeked');
    await page.getByRole('button', { name: /Hữu Nghị – Youyiguan · 6 lanes/ }).click();
    await sceneSettled(page);
    await page.getByTestId('share').click();
    const link = page.url();
    // The shared link carries the place and time, never the sharer's token (here an operator's could leak).
    expect(link).toMatch(/\/replay\?day=\d{4}-\d{2}-\d{2}&t=.+&cam=/);
    expect(link).not.toContain('token');
    shared = { link, position: (await status()).position, camera: await page.evaluate(() => window.__gatetwin!.camera!.position.toArray()) };
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a shared link opens for a viewer who has their own token, at the shared instant and camera', async () => {
    if (!shared) throw new Error('needs the link the previous test shared');
    // The colleague it is sent to has their own viewer token in their tab's session storage (where a page opened
    // with ?token= put it, as above); a cheap same-origin page stands in for that earlier visit.
    const again = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    opened.push(again);
    const errors = await pageProblems(again);
    await again.goto(`${server.url}/api/health/live`);
    await again.evaluate((t) => sessionStorage.setItem('gatetwin.token', t), server.viewerToken);
    await again.goto(shared.link);
    await waitForReplay(again);
    expect(again.url()).toBe(shared.link);
    const reopened = await again.evaluate(() => window.__gatetwin!.ui.getState().replay!);
    expect(Math.abs(reopened.position - shared.position), 'reopened at the shared instant').toBeLessThan(1000);
    const cam = await again.evaluate(() => window.__gatetwin!.camera!.position.toArray());
    for (let i = 0; i < 3; i++) expect(Math.abs(cam[i]! - shared.camera[i]!), 'reopened with the shared camera').toBeLessThan(5);
    await shot(again, 'replay-en-shared');
    expect(errors).toEqual([]);
    await again.close();
  });
});
