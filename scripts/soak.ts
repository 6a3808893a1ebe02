// Soak: the simulator at high speed for one simulated day with the control-room wall open in Chromium. Samples,
// after a forced GC, the server's RSS and heap (from /api/health), the browser's JS heap, DOM size and the
// renderer's GPU resources (renderer.info.memory), and watches for CSP violations and page errors.
//
//   npm run soak -- [--speed 1200] [--hours 24] [--width 1920 --height 1080] [--sample-s 10]
//
// Prints progress on stderr and one JSON line per figure on stdout (the shape of `npm run bench`). Exits 1 if the
// day did not complete, if memory grew beyond its budget, if the renderer's geometries, textures or shader
// programs rose after the first simulated hour, or if the page threw or broke its CSP. `--hours 6` shortens it.
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium, pageProblems } from '../test/e2e/browser';
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
const SAMPLE_MS = arg('sample-s', 10) * 1000;
/** Growth from start to end that still counts as bounded (MB): caches fill once, nothing should keep growing. */
const BROWSER_HEAP_BUDGET_MB = 40;
const SERVER_RSS_BUDGET_MB = 150;
/** GPU resources may still be created during the first simulated hour (labels, first alerts); after it they stay flat. */
const GPU_WARMUP_H = 1;
const GPU_SLACK = { geometries: 2, textures: 0, programs: 0 } as const;

interface Sample {
  twinTime: number;
  serverRssMb: number;
  serverHeapMb: number;
  heapUsedMb: number;
  domNodes: number;
  geometries: number;
  textures: number;
  programs: number;
  alerts: number;
  frames: number;
  accepted: number;
}

interface Health {
  twinTime: number;
  memory: { rssMB: number; heapUsedMB: number };
  ingest: { accepted: number };
}

/** One sample of both sides, the browser's after a full garbage collection. */
async function sample(page: Page, cdp: CDPSession, url: string, token: string): Promise<Sample> {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const metrics = await cdp.send('Performance.getMetrics');
  const health = (await (await fetch(`${url}/api/health`, { headers: { authorization: `Bearer ${token}` } })).json()) as Health;
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
  return {
    ...page3d,
    serverRssMb: health.memory.rssMB,
    serverHeapMb: health.memory.heapUsedMB,
    accepted: health.ingest.accepted,
    heapUsedMb: heap.usedSize / 1e6,
    domNodes: metrics.metrics.find((m) => m.name === 'Nodes')?.value ?? NaN,
  };
}

/**
 * Shows every camera preset once: three.js uploads a mesh's geometry the first time it is drawn, and the
 * trouble-driven tour may first visit a crossing hours into the day; after this, any new GPU resource is growth.
 */
async function visitEveryPreset(page: Page): Promise<void> {
  const ids = await page.evaluate(() => ['overview', ...(window.__gatetwin!.ui.getState().site?.crossings.map((c) => c.id) ?? []), 'overview']);
  for (const id of ids) {
    await page.evaluate((p) => window.__gatetwin!.ui.setState((s) => ({ camera: { preset: p, nonce: s.camera.nonce + 1 } })), id);
    await page.waitForFunction((p) => { const t = window.__gatetwin!.tourState(); return t.stop === p && !t.flying; }, id, { timeout: 120_000, polling: 250 });
    const f = await page.evaluate(() => window.__gatetwin!.tourState().frames);
    await page.waitForFunction((n) => window.__gatetwin!.tourState().frames >= n + 2, f, { timeout: 60_000, polling: 250 });
  }
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function main(): Promise<number> {
  buildClient();
  const env = { GATETWIN_SIM_SPEED: String(SPEED), GATETWIN_INGEST_RATE: '200000', LOG_LEVEL: 'error' };
  const [server, browser] = await Promise.all([startServer({ env, timeoutMs: 120_000 }), launchChromium()]);
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
    const problems = await pageProblems(page);
    await page.goto(`${server.url}/wall?token=${server.viewerToken}`);
    await waitForTwin(page, 120_000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.waitForTimeout(5000);
    await visitEveryPreset(page);
    const start = await sample(page, cdp, server.url, server.viewerToken);
    const until = start.twinTime + HOURS * 3_600_000;
    const deadline = Date.now() + ((HOURS * 3_600_000) / SPEED) * 3 + 120_000;
    const peak = { heap: start.heapUsedMb, rss: start.serverRssMb };
    // The GPU resources after warm-up (the first sample past GPU_WARMUP_H) and the most of each seen after it.
    let gpuBase: Sample | null = null;
    const gpuPeak = { geometries: 0, textures: 0, programs: 0 };
    let last = start;
    while (last.twinTime < until && Date.now() < deadline) {
      await page.waitForTimeout(SAMPLE_MS);
      last = await sample(page, cdp, server.url, server.viewerToken);
      peak.heap = Math.max(peak.heap, last.heapUsedMb);
      peak.rss = Math.max(peak.rss, last.serverRssMb);
      if (!gpuBase && last.twinTime - start.twinTime >= GPU_WARMUP_H * 3_600_000) gpuBase = last;
      if (gpuBase) for (const k of ['geometries', 'textures', 'programs'] as const) gpuPeak[k] = Math.max(gpuPeak[k], last[k]);
      process.stderr.write(`soak: twin +${round((last.twinTime - start.twinTime) / 3_600_000)} h, server RSS ${last.serverRssMb} MB, browser heap ${round(last.heapUsedMb)} MB, geometries ${last.geometries}, textures ${last.textures}, programs ${last.programs}\n`);
    }
    const end = last;
    const simulatedH = (end.twinTime - start.twinTime) / 3_600_000;
    const lines = [
      { name: 'soak.simulated_hours', value: round(simulatedH), unit: `h at ${SPEED}×, ${end.accepted - start.accepted} messages` },
      { name: 'soak.server_rss_mb', value: end.serverRssMb, unit: 'MB, end', baseline: start.serverRssMb, ratio: round(end.serverRssMb / start.serverRssMb, 2) },
      { name: 'soak.server_rss_peak_mb', value: peak.rss, unit: 'MB, highest sample' },
      { name: 'soak.server_heap_mb', value: end.serverHeapMb, unit: 'MB used, end', baseline: start.serverHeapMb },
      { name: 'soak.browser_heap_mb', value: round(end.heapUsedMb), unit: 'MB used after GC, end', baseline: round(start.heapUsedMb), ratio: round(end.heapUsedMb / start.heapUsedMb, 2) },
      { name: 'soak.browser_heap_peak_mb', value: round(peak.heap), unit: 'MB used after GC, highest sample' },
      { name: 'soak.renderer_geometries', value: end.geometries, unit: 'renderer.info.memory.geometries, end', baseline: start.geometries },
      { name: 'soak.renderer_textures', value: end.textures, unit: 'renderer.info.memory.textures, end', baseline: start.textures },
      { name: 'soak.renderer_programs', value: end.programs, unit: 'shader programs, end', baseline: start.programs },
      ...(['geometries', 'textures', 'programs'] as const).map((k) => ({
        name: `soak.renderer_${k}_after_warmup_max`, value: gpuPeak[k], unit: `most ${k} in any sample after the first ${GPU_WARMUP_H} simulated h (flat: ≤ baseline + ${GPU_SLACK[k]})`, baseline: gpuBase?.[k] ?? NaN,
      })),
      { name: 'soak.dom_nodes', value: end.domNodes, unit: 'DOM nodes, end', baseline: start.domNodes },
      { name: 'soak.alerts_held', value: end.alerts, unit: 'alerts in browser memory, end (bounded at 100)' },
      { name: 'soak.frames', value: end.frames - start.frames, unit: 'frames applied during the soak' },
    ];
    for (const l of lines) console.log(JSON.stringify(l));
    if (problems.length) console.error(`page problems:\n${problems.slice(0, 10).join('\n')}`);
    const bounded =
      end.heapUsedMb - start.heapUsedMb < BROWSER_HEAP_BUDGET_MB &&
      end.serverRssMb - start.serverRssMb < SERVER_RSS_BUDGET_MB &&
      end.geometries <= start.geometries + 5 &&
      end.textures <= start.textures + 2 &&
      gpuBase !== null &&
      (['geometries', 'textures', 'programs'] as const).every((k) => gpuPeak[k] <= gpuBase![k] + GPU_SLACK[k]);
    if (!bounded) console.error('soak: memory grew beyond the budget');
    if (simulatedH < HOURS * 0.95) console.error(`soak: only ${round(simulatedH)} of ${HOURS} simulated hours before the deadline`);
    return bounded && problems.length === 0 && simulatedH >= HOURS * 0.95 ? 0 : 1;
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
