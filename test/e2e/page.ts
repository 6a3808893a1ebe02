import type { Page } from 'playwright-core';

/** A label's text and box as the browser lays it out. */
export interface LabelBox {
  key: string;
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
  fontPx: number;
}

/** What the page's stores say, for a failure message. */
export function pageState(page: Page): Promise<string> {
  return page
    .evaluate(() => {
      const g = window.__gatetwin;
      if (!g) return 'no debug hook';
      const u = g.ui.getState();
      return JSON.stringify({ conn: u.conn, connError: u.connError, site: !!u.site, kpi: !!u.kpi, replay: u.replay && { ...u.replay, alerts: u.replay.alerts?.length }, frames: g.live.getState().frames, counts: g.counts(), calls: g.renderInfo()?.calls });
    })
    .catch((e: unknown) => `page not answering: ${String(e)}`);
}

/** Runs a wait; on timeout, fails with the page's state in the message. */
async function explained(page: Page, what: string, wait: Promise<unknown>): Promise<void> {
  try {
    await wait;
  } catch (e) {
    throw new Error(`${what}: ${e instanceof Error ? e.message : String(e)}\npage state: ${await pageState(page)}`);
  }
}

/** Waits until the twin is connected, has frames and KPIs, and draws vehicles. */
export async function waitForTwin(page: Page, timeout = 60_000): Promise<void> {
  await explained(page, 'waiting for the live twin', page.waitForFunction(
    () => {
      const g = window.__gatetwin;
      if (!g || g.ui.getState().conn !== 'connected' || !g.ui.getState().kpi) return false;
      const c = g.counts();
      return g.live.getState().frames > 5 && c.trucks + c.agvs > 0 && (g.renderInfo()?.calls ?? 0) > 0;
    },
    undefined,
    { timeout, polling: 250 },
  ));
}

/**
 * Waits until the scene has settled for a screenshot or a click: the camera not flying (a preset's flight, the wall
 * tour's; a flight is marked as soon as it is asked for) and a frame drawn since the call, so whatever was just
 * clicked, resized or loaded has been drawn.
 */
export async function sceneSettled(page: Page, timeout = 60_000): Promise<void> {
  const f = await page.evaluate(() => window.__gatetwin!.tourState().frames);
  await explained(page, 'waiting for the scene to settle', page.waitForFunction((n) => {
    const s = window.__gatetwin!.tourState();
    return !s.flying && s.frames > n;
  }, f, { timeout, polling: 100 }));
}

/** Waits until `n` more stream frames reached the page (10 a second while live): vehicles had time to move. */
export async function streamFrames(page: Page, n: number, timeout = 60_000): Promise<void> {
  const f = await page.evaluate(() => window.__gatetwin!.live.getState().frames);
  await explained(page, `waiting for ${n} stream frames`, page.waitForFunction((m) => window.__gatetwin!.live.getState().frames >= m, f + n, { timeout, polling: 100 }));
}

/** The scene labels currently shown (visible and inside the viewport). */
export function visibleLabels(page: Page): Promise<LabelBox[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.label')]
      .filter((el) => getComputedStyle(el).visibility === 'visible')
      .map((el) => {
        const r = el.getBoundingClientRect();
        const text = el.querySelector<HTMLElement>('.label-text');
        return { key: el.dataset.label ?? '', text: el.textContent ?? '', x: r.x, y: r.y, w: r.width, h: r.height, fontPx: parseFloat(getComputedStyle(text ?? el).fontSize) };
      })
      .filter((b) => b.x + b.w > 0 && b.y + b.h > 0 && b.x < innerWidth && b.y < innerHeight),
  );
}

/** Pairs of shown labels whose boxes overlap. */
export function overlappingLabels(labels: LabelBox[]): [string, string][] {
  const out: [string, string][] = [];
  labels.forEach((a, i) =>
    labels.slice(i + 1).forEach((b) => {
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) out.push([a.key, b.key]);
    }),
  );
  return out;
}

/** Drawn positions (local metres) of vehicles, by handle. */
export const positions = (page: Page): Promise<Record<number, [number, number]>> => page.evaluate(() => window.__gatetwin!.positions(5000));

/** How many vehicles present in both samples moved more than `minM` metres. */
export function movedCount(a: Record<number, [number, number]>, b: Record<number, [number, number]>, minM = 0.5): number {
  return Object.entries(a).filter(([h, p]) => {
    const q = b[Number(h)];
    return q !== undefined && Math.hypot(p[0] - q[0], p[1] - q[1]) > minM;
  }).length;
}

/** Waits until a replay is open and its first keyframe is drawn. */
export async function waitForReplay(page: Page, timeout = 60_000): Promise<void> {
  await explained(page, 'waiting for the replay', page.waitForFunction(
    () => {
      const g = window.__gatetwin;
      if (!g || !g.ui.getState().replay || !g.ui.getState().site) return false;
      const c = g.counts();
      return c.trucks + c.agvs > 0 && (g.renderInfo()?.calls ?? 0) > 0;
    },
    undefined,
    { timeout, polling: 250 },
  ));
}

/**
 * Characters on the page that no bundled font face covers (they would draw as boxes, or in some system font the
 * wall PC may not have): every text node and attribute title, checked against the unicode-range of the
 * @fontsource faces (Noto Sans, Noto Sans SC).
 */
export function uncoveredChars(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const ranges: [number, number][] = [];
    document.fonts.forEach((f) => {
      if (!/Noto Sans/.test(f.family)) return;
      for (const part of f.unicodeRange.split(',')) {
        const m = /U\+([0-9A-F?]+)(?:-([0-9A-F]+))?/i.exec(part.trim());
        if (!m) continue;
        const a = parseInt(m[1]!.replace(/\?/g, '0'), 16);
        const b = m[2] ? parseInt(m[2], 16) : m[1]!.includes('?') ? parseInt(m[1]!.replace(/\?/g, 'F'), 16) : a;
        ranges.push([a, b]);
      }
    });
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.parentElement?.closest('script, style') === null) texts.push(n.textContent ?? '');
    document.querySelectorAll('[title]').forEach((el) => texts.push(el.getAttribute('title') ?? ''));
    const missing = new Set<string>();
    for (const ch of texts.join('')) {
      const cp = ch.codePointAt(0)!;
      if (cp <= 0x20 || cp === 0xa0) continue;
      if (!ranges.some(([a, b]) => cp >= a && cp <= b)) missing.add(`${ch} U+${cp.toString(16).toUpperCase()}`);
    }
    return [...missing];
  });
}

/** The smallest font size (CSS px) of any visible text on the page, and the element that has it. */
export function smallestText(page: Page): Promise<{ px: number; where: string }> {
  return page.evaluate(() => {
    let px = Infinity;
    let where = '';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !(n.textContent ?? '').trim() || el.closest('script, style')) continue;
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      if (cs.visibility === 'hidden' || cs.display === 'none' || r.width === 0 || r.height === 0 || r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth) continue;
      const size = parseFloat(cs.fontSize);
      if (size < px) {
        px = size;
        where = `${el.className || el.tagName}: ${(n.textContent ?? '').trim().slice(0, 30)}`;
      }
    }
    return { px, where };
  });
}

/** Boxes of HUD elements (by selector) that overlap each other: panels must not cover one another. */
export function overlappingBoxes(page: Page, selectors: string[]): Promise<[string, string][]> {
  return page.evaluate((sels) => {
    const boxes = sels.flatMap((s) => [...document.querySelectorAll<HTMLElement>(s)].map((el, i) => ({ key: `${s}#${i}`, r: el.getBoundingClientRect() }))).filter((b) => b.r.width > 0 && b.r.height > 0);
    const out: [string, string][] = [];
    boxes.forEach((a, i) =>
      boxes.slice(i + 1).forEach((b) => {
        if (a.r.left < b.r.right - 1 && b.r.left < a.r.right - 1 && a.r.top < b.r.bottom - 1 && b.r.top < a.r.bottom - 1) out.push([a.key, b.key]);
      }),
    );
    return out;
  }, selectors);
}
