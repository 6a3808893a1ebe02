// Wall soak: one simulated day on the control-room wall at high speed, with the browser's memory at the start and
// at the end. `npx tsx scripts/wallSoak.ts [--speed 1200] [--hours 24] [--width 1920 --height 1080]`; prints
// one JSON line per figure (the same shape as `npm run bench`) and exits non-zero if memory grew without bound.
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../test/e2e/browser';
import buildClient from '../test/e2e/globalSetup';
import { waitForTwin } from '../test/e2e/page';
import { startServer } from '../test/e2e/server';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const SPEED = arg('speed', 1200);
const HOURS = arg('hours', 24);
const WIDTH = arg('width', 1920);
const HEIGHT = arg('height', 1080);
/** Heap growth over the day that counts as "bounded" (MB): caches fill, nothing should keep growing. */
const HEAP_BUDGET_MB = 40;

interface Sample {
  twinTime: number;
  heapUsedMb: number;
  heapTotalMb: number;
  domNodes: number;
  listeners: number;
  geometries: number;
  textures: number;
  programs: number;
  alerts: number;
  frames: number;
}

/** Memory after a full garbage collection: JS heap (CDP), DOM, and the renderer's GPU resources. */
async function sample(page: Page, cdp: CDPSession): Promise<Sample> {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const metrics = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.metrics.find((m) => m.name === name)?.value ?? NaN;
  const page3d = await page.evaluate(() => {
    const g = window.__gatetwin!;
    const r = g.renderer!;
    return {
      twinTime: g.live.getState().twinTime,
      geometries: r.info.memory.geometries,
      textures: r.info.memory.textures,
      programs: r.info.programs?.length ?? 0,
      alerts: g.ui.getState().alerts.length,
      frames: g.live.getState().frames,
    };
  });
  return { ...page3d, heapUsedMb: heap.usedSize / 1e6, heapTotalMb: heap.totalSize / 1e6, domNodes: metric('Nodes'), listeners: metric('JSEventListeners') };
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function main(): Promise<number> {
  buildClient();
  const [server, browser] = await Promise.all([startServer({ env: { GATETWIN_SIM_SPEED: String(SPEED) }, timeoutMs: 120_000 }), launchChromium()]);
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/wall?token=${server.viewerToken}`);
    await waitForTwin(page, 120_000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.waitForTimeout(5000);
    const start = await sample(page, cdp);
    const until = start.twinTime + HOURS * 3_600_000;
    const wallDeadline = Date.now() + ((HOURS * 3_600_000) / SPEED) * 3 + 120_000;
    let peakHeap = start.heapUsedMb;
    let twin = start.twinTime;
    while (twin < until && Date.now() < wallDeadline) {
      await page.waitForTimeout(10_000);
      twin = await page.evaluate(() => window.__gatetwin!.live.getState().twinTime);
      const heap = await cdp.send('Runtime.getHeapUsage');
      peakHeap = Math.max(peakHeap, heap.usedSize / 1e6);
      process.stderr.write(`soak: twin +${round((twin - start.twinTime) / 3_600_000)} h, heap ${round(heap.usedSize / 1e6)} MB\n`);
    }
    const end = await sample(page, cdp);
    const simulatedH = (end.twinTime - start.twinTime) / 3_600_000;
    const lines = [
      { name: 'wall_soak.simulated_hours', value: round(simulatedH), unit: `h at ${SPEED}×` },
      { name: 'wall_soak.js_heap_mb', value: round(end.heapUsedMb), unit: 'MB used after GC, end', baseline: round(start.heapUsedMb), ratio: round(end.heapUsedMb / start.heapUsedMb, 2) },
      { name: 'wall_soak.js_heap_peak_mb', value: round(peakHeap), unit: 'MB used, highest sample (before GC)' },
      { name: 'wall_soak.renderer_geometries', value: end.geometries, unit: 'renderer.info.memory.geometries, end', baseline: start.geometries },
      { name: 'wall_soak.renderer_textures', value: end.textures, unit: 'renderer.info.memory.textures, end', baseline: start.textures },
      { name: 'wall_soak.renderer_programs', value: end.programs, unit: 'shader programs, end', baseline: start.programs },
      { name: 'wall_soak.dom_nodes', value: end.domNodes, unit: 'DOM nodes, end', baseline: start.domNodes },
      { name: 'wall_soak.alerts_held', value: end.alerts, unit: 'alerts in memory, end (bounded at 100)' },
      { name: 'wall_soak.frames', value: end.frames - start.frames, unit: 'frames applied during the soak' },
    ];
    for (const l of lines) console.log(JSON.stringify(l));
    if (errors.length) console.error(`page errors: ${errors.join(' | ')}`);
    const bounded = end.heapUsedMb - start.heapUsedMb < HEAP_BUDGET_MB && end.geometries <= start.geometries + 5 && end.textures <= start.textures + 2;
    if (!bounded) console.error('wall soak: memory grew beyond the budget');
    return bounded && errors.length === 0 && simulatedH >= HOURS * 0.95 ? 0 : 1;
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
