#!/usr/bin/env node
// Soak: the simulator at high speed for a simulated day with the wall page open in Chromium; reports the server's
// RSS and heap and the browser's JS heap (after a forced GC) and renderer memory at the start and the end.
//
//   node scripts/soak.mjs [--speed 240] [--hours 24] [--max-minutes 20] [--sample-s 15]
//
// Prints progress lines on stderr and one JSON summary on stdout. Exits 1 if memory grew without bound (the end
// above 2× the start plus 64 MB, for the server RSS or the browser heap), if the page broke its CSP or threw.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const speed = Number(args.speed ?? 240);
const hours = Number(args.hours ?? 24);
const maxMinutes = Number(args['max-minutes'] ?? 20);
const sampleS = Number(args['sample-s'] ?? 15);
const root = resolve(import.meta.dirname, '..');
const log = (m) => process.stderr.write(`[soak] ${m}\n`);

if (!existsSync(join(root, 'dist', 'client', 'index.html'))) {
  log('building the client (dist/client missing)');
  await run('npx', ['vite', 'build']);
}

const dir = mkdtempSync(join(tmpdir(), 'gatetwin-soak-'));
const viewer = 'soak-viewer-token-0123456789';
writeFileSync(join(dir, 'tokens.json'), JSON.stringify({ tokens: [
  { token: viewer, role: 'viewer', id: 'soak-wall' },
  { token: 'soak-device-token-0123456789', role: 'device', id: 'simulator' },
] }));
const server = spawn('npx', ['tsx', 'server/index.ts'], {
  cwd: root,
  detached: true,
  stdio: ['ignore', 'pipe', 'pipe'],
  env: {
    ...process.env, PORT: '0', HOST: '127.0.0.1', GATETWIN_DATA_DIR: dir, GATETWIN_TOKENS_FILE: join(dir, 'tokens.json'),
    GATETWIN_SIM: 'on', GATETWIN_SIM_SPEED: String(speed), GATETWIN_INGEST_RATE: '200000', LOG_LEVEL: 'error',
  },
});
let out = '';
server.stdout.on('data', (d) => (out += d));
server.stderr.on('data', (d) => (out += d));
let browser;
try {
  const url = await new Promise((ok, fail) => {
    const t = setTimeout(() => fail(new Error(`server did not start:\n${out}`)), 90_000);
    server.stdout.on('data', () => {
      const m = /GateTwin listening on (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(t);
      ok(m[1]);
    });
    server.once('exit', (c) => fail(new Error(`server exited ${c}:\n${out}`)));
  });
  log(`server at ${url}, simulator at ${speed}×; a simulated ${hours} h takes ~${((hours * 3600) / speed / 60).toFixed(1)} min`);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const problems = { csp: [], errors: [] };
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.csp.push(m.text().slice(0, 300));
  });
  page.on('pageerror', (e) => problems.errors.push(String(e).slice(0, 300)));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to … CSP ${e.violatedDirective} ${e.blockedURI}`)));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${url}/wall?token=${viewer}`);
  await page.waitForFunction(() => window.__gatetwin?.ui.getState().conn === 'connected' && (window.__gatetwin.renderInfo()?.calls ?? 0) > 0, undefined, { timeout: 120_000 });

  const health = async () => (await fetch(`${url}/api/health`)).json();
  const sample = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const h = await health();
    const render = await page.evaluate(() => window.__gatetwin?.renderInfo() ?? null);
    const counts = await page.evaluate(() => window.__gatetwin?.counts() ?? null);
    return {
      wallS: Math.round((Date.now() - t0) / 1000),
      twinHours: Number(((h.twinTime - twin0) / 3_600_000).toFixed(2)),
      serverRssMB: h.memory.rssMB,
      serverHeapMB: h.memory.heapUsedMB,
      browserHeapMB: Number((metrics.JSHeapUsedSize / 1e6).toFixed(1)),
      domNodes: metrics.Nodes,
      geometries: render?.geometries,
      textures: render?.textures,
      vehicles: counts ? counts.trucks + counts.agvs + counts.rail : null,
      accepted: h.ingest.accepted,
    };
  };
  const t0 = Date.now();
  const twin0 = (await health()).twinTime;
  const samples = [await sample()];
  log(JSON.stringify(samples[0]));
  while (samples.at(-1).twinHours < hours && Date.now() - t0 < maxMinutes * 60_000) {
    await new Promise((r) => setTimeout(r, sampleS * 1000));
    samples.push(await sample());
    log(JSON.stringify(samples.at(-1)));
  }
  const [first, last] = [samples[0], samples.at(-1)];
  const max = (k) => Math.max(...samples.map((s) => s[k]));
  const bounded = (a, b) => b <= 2 * a + 64;
  const summary = {
    speed, simulatedHours: last.twinHours, wallMinutes: Number(((Date.now() - t0) / 60_000).toFixed(1)), messages: last.accepted,
    server: { rssMB: { start: first.serverRssMB, end: last.serverRssMB, max: max('serverRssMB') }, heapMB: { start: first.serverHeapMB, end: last.serverHeapMB, max: max('serverHeapMB') } },
    browser: {
      heapMB: { start: first.browserHeapMB, end: last.browserHeapMB, max: max('browserHeapMB') },
      geometries: { start: first.geometries, end: last.geometries }, textures: { start: first.textures, end: last.textures },
      domNodes: { start: first.domNodes, end: last.domNodes },
    },
    // zod's probe `Function('')` (is eval allowed?) is refused by the CSP and caught by zod: reported, not a failure.
    cspViolations: problems.csp.length, evalProbes: problems.csp.filter((t) => /script-src eval/.test(t)).length,
    pageErrors: problems.errors.length, firstProblems: [...problems.csp, ...problems.errors].slice(0, 5),
    bounded: bounded(first.serverRssMB, last.serverRssMB) && bounded(first.browserHeapMB, last.browserHeapMB),
    completed: last.twinHours >= hours,
  };
  console.log(JSON.stringify(summary, null, 2));
  process.exitCode = summary.bounded && summary.cspViolations === summary.evalProbes && problems.errors.length === 0 ? 0 : 1;
} finally {
  await browser?.close();
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  await new Promise((r) => setTimeout(r, 1_000));
  rmSync(dir, { recursive: true, force: true });
}

function run(cmd, argv) {
  return new Promise((ok, fail) => spawn(cmd, argv, { cwd: root, stdio: 'inherit' }).once('exit', (c) => (c === 0 ? ok() : fail(new Error(`${cmd} exited ${c}`)))));
}
