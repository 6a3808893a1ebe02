import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import type { PNG } from 'pngjs';
import type { InstancedMesh } from 'three';
import { AgvController, VirtualAgvAdapter } from 'vda-5050-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSensorMessage } from '../support/builders';
import { MQTT, needMosquitto, uniqueSite } from '../integration/services';
import { diffFraction, E2E_MAX_FPS, launchChromium, pageProblems, shot } from './browser';
import { waitForTwin } from './page';
import { startServer, type TestServer } from './server';

// A VDA 5050 AGV of vda-5050-lib's own vehicle side (not our code), seen moving in the browser: the real server
// (no simulator) with GATETWIN_VDA5050=on and the machine's Mosquitto; the engine sends it a mission as an `order`,
// it drives the corridor and reports through `state`/`visualization`; the executive screen draws it moving.
const up = await needMosquitto();
const iface = uniqueSite('uagv-e2e');
const siteId = uniqueSite('vda-e2e');

/** Where the AGV is drawn: scene metres (from its instance matrix) and CSS pixels of the page, or null. */
function agvDrawn(page: Page): Promise<{ x: number; y: number; z: number; sx: number; sy: number } | null> {
  return page.evaluate(() => {
    const g = window.__gatetwin!;
    const mesh = g.scene?.getObjectByName('vehicles-agv') as InstancedMesh | undefined;
    if (!mesh || mesh.count === 0) return null;
    // The shader poses the vehicles; the hook brings the CPU copies of their matrices up to the last frame.
    const s = g.vehicleOnScreen(1);
    const m = mesh.instanceMatrix.array;
    const base = g.renderer!.domElement.getBoundingClientRect();
    return { x: m[12]!, y: m[13]!, z: m[14]!, sx: (s?.x ?? Number.NaN) + base.left, sy: (s?.y ?? Number.NaN) + base.top };
  });
}

/** A point of the page over the canvas, at least 200 px from each of `avoid` and not under a HUD panel (clocks and cards change). */
function quietSpot(page: Page, avoid: { x: number; y: number }[]): Promise<{ x: number; y: number }> {
  return page.evaluate((pts) => {
    const canvas = window.__gatetwin!.renderer!.domElement;
    const base = canvas.getBoundingClientRect();
    const panels = [...document.querySelectorAll('[data-occludes], header, aside, [role=status], [role=alert]')].map((el) => el.getBoundingClientRect());
    for (let y = 100; y < canvas.clientHeight - 100; y += 40) {
      for (let x = 100; x < canvas.clientWidth - 100; x += 40) {
        const free = panels.every((r) => x + base.left + 70 < r.left || x + base.left - 70 > r.right || y + base.top + 70 < r.top || y + base.top - 70 > r.bottom);
        if (free && pts.every((p) => Math.hypot(p.x - x - base.left, p.y - y - base.top) > 200)) return { x: x + base.left, y: y + base.top };
      }
    }
    throw new Error('no part of the view is free of HUD panels');
  }, avoid);
}

/** A square of `half` pixels around a point, inside the canvas. */
const around = (x: number, y: number, half: number) => ({ x: Math.max(0, x - half), y: Math.max(0, y - half), width: 2 * half, height: 2 * half });

describe.runIf(up)('a VDA 5050 AGV in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let agv: AgvController;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ env: { GATETWIN_SIM: 'off', MQTT_URL: MQTT.url, GATETWIN_VDA5050: 'on', GATETWIN_VDA5050_INTERFACE: iface, GATETWIN_SITE_ID: siteId } }),
      launchChromium({ maxFps: E2E_MAX_FPS }),
    ]);
    agv = new AgvController({ manufacturer: 'GateTwinE2E', serialNumber: 'VDA-E2E-01' }, { interfaceName: iface, transport: { brokerUrl: MQTT.url }, vdaVersion: '2.0.0' }, { agvAdapterType: VirtualAgvAdapter, publishVisualizationInterval: 200 }, {
      initialPosition: { mapId: 'hn-agv', x: 0, y: 0, theta: 0, lastNodeId: 'hn-agv-0' }, timeLapse: 1, vehicleSpeed: 6,
    } as ConstructorParameters<typeof AgvController>[3]);
    await agv.start();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    errors = await pageProblems(page);
    await page.goto(`${server.url}/?token=${server.viewerToken}&lang=en`);
    await waitForTwin(page);
  }, 120_000);
  afterAll(async () => {
    await agv?.stop();
    await browser?.close();
    await server?.stop();
  });

  it('gets its mission and is seen moving along the corridor in two screenshots', async () => {
    await page.waitForFunction(() => window.__gatetwin!.counts().agvs === 1, undefined, { timeout: 30_000 });
    const start = (await agvDrawn(page))!;
    expect(start, 'the AGV is drawn').not.toBeNull();
    // Containers wait at the Youyiguan terminal (a queue sensor over MQTT): the engine sends the AGV an order.
    const pub = await mqtt.connectAsync(MQTT.url, { clientId: `${siteId}-queue` });
    let seq = 0;
    const queue = setInterval(() => {
      const m = buildSensorMessage({ id: 'TERM-Q', seq: ++seq, ts: Date.now(), type: 'queue', lane: undefined, zone: 'youyiguan-terminal', value: 4, unit: 'containers' });
      void pub.publishAsync(`gatetwin/${siteId}/sensor/TERM-Q`, JSON.stringify(m), { qos: 0 });
    }, 250);
    try {
      // It moves on the twin: its drawn position leaves where it stood, out of the terminal and its cranes (60 m).
      await page.waitForFunction(
        ([x0, z0]) => {
          const mesh = window.__gatetwin!.scene?.getObjectByName('vehicles-agv') as InstancedMesh | undefined;
          window.__gatetwin!.positions(0);
          const m = mesh?.instanceMatrix.array;
          return !!m && Math.hypot(m[12]! - x0!, m[14]! - z0!) > 60;
        },
        [start.x, start.z],
        { timeout: 60_000, polling: 200 },
      );
      // Look at it from about 200 m, held still, so that only the vehicle changes between two screenshots.
      const now = (await agvDrawn(page))!;
      const pose: [number, number, number, number, number, number] = [now.x + 110, now.y + 150, now.z + 110, now.x, now.y, now.z];
      await page.evaluate((p) => {
        window.__gatetwin!.ui.setState((s) => ({ camera: { preset: 'pose', nonce: s.camera.nonce + 1, pose: p } }));
      }, pose);
      await page.waitForFunction(
        (p) => {
          const c = window.__gatetwin!.camera!.position;
          return Math.hypot(c.x - p[0], c.y - p[1], c.z - p[2]) < 1;
        },
        pose,
        { timeout: 20_000, polling: 100 },
      );
      const before = (await agvDrawn(page))!;
      const first: PNG = await shot(page, 'vda5050-agv-1');
      const at1 = (await agvDrawn(page))!;
      expect(Number.isFinite(at1.sx), 'the AGV is on screen').toBe(true);
      // Wait until it has driven at least 60 px across the screen, then look again.
      await page.waitForFunction(
        ([sx, sy]) => {
          const g = window.__gatetwin!;
          const s = g.vehicleOnScreen(1);
          const base = g.renderer!.domElement.getBoundingClientRect();
          return !!s && Math.hypot(s.x + base.left - sx!, s.y + base.top - sy!) > 60;
        },
        [at1.sx, at1.sy],
        { timeout: 30_000, polling: 100 },
      );
      const before2 = (await agvDrawn(page))!;
      const second: PNG = await shot(page, 'vda5050-agv-2');
      const at2 = (await agvDrawn(page))!;
      // Where it was, the picture changed (it left); where it is now, it changed (it came); far from both, the
      // ground and the corridor did not change (the camera held still).
      // (A screenshot takes a moment, and the AGV drives on: it was drawn between where it was just before and just after.)
      const p1 = { x: (before.sx + at1.sx) / 2, y: (before.sy + at1.sy) / 2 };
      const p2 = { x: (before2.sx + at2.sx) / 2, y: (before2.sy + at2.sy) / 2 };
      expect(diffFraction(first, second, around(p1.x, p1.y, 14)), 'the AGV left its first place').toBeGreaterThan(0.04);
      expect(diffFraction(first, second, around(p2.x, p2.y, 14)), 'the AGV is drawn at its new place').toBeGreaterThan(0.04);
      const far = await quietSpot(page, [p1, p2]);
      expect(diffFraction(first, second, around(far.x, far.y, 60)), 'the rest of the view held still').toBeLessThan(0.02);
      const health = (await (await fetch(`${server.url}/api/health`, { headers: { authorization: `Bearer ${server.viewerToken}` } })).json()) as { commands: { acked: number }; devices: { vda5050: { ordersAccepted: number } } };
      expect(health.devices.vda5050.ordersAccepted).toBeGreaterThanOrEqual(1);
      expect(health.commands.acked).toBeGreaterThanOrEqual(1);
      expect(errors).toEqual([]);
    } finally {
      clearInterval(queue);
      await pub.endAsync();
    }
  }, 150_000);
});
