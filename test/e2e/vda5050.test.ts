import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { AgvController, VirtualAgvAdapter } from 'vda-5050-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSensorMessage } from '../support/builders';
import { MQTT, needMosquitto, uniqueSite } from '../integration/services';
import { diffFraction, launchChromium, pageProblems, shot, SHOT_DIR } from './browser';
import { movedCount, positions, waitForTwin } from './page';
import { startServer, type TestServer } from './server';

// A VDA 5050 AGV of vda-5050-lib's own vehicle side, seen moving in the browser: the real server (no simulator)
// with GATETWIN_VDA5050=on and the machine's Mosquitto; the engine sends it a mission, it drives the corridor.
const up = await needMosquitto();
const iface = uniqueSite('uagv-e2e');
const siteId = uniqueSite('vda-e2e');

describe.runIf(up)('a VDA 5050 AGV in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let agv: AgvController;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ env: { GATETWIN_SIM: 'off', MQTT_URL: MQTT.url, GATETWIN_VDA5050: 'on', GATETWIN_VDA5050_INTERFACE: iface, GATETWIN_SITE_ID: siteId } }),
      launchChromium(),
    ]);
    agv = new AgvController({ manufacturer: 'GateTwinE2E', serialNumber: 'VDA-E2E-01' }, { interfaceName: iface, transport: { brokerUrl: MQTT.url }, vdaVersion: '2.0.0' }, { agvAdapterType: VirtualAgvAdapter, publishVisualizationInterval: 200 }, {
      initialPosition: { mapId: 'hn-agv', x: 0, y: 0, theta: 0, lastNodeId: 'hn-agv-0' }, timeLapse: 10, vehicleSpeed: 6,
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

  it('is drawn, gets its mission and is seen moving along the corridor', async () => {
    await page.evaluate(() => window.__gatetwin!.ui.setState((s) => ({ camera: { preset: 'huu-nghi-freight', nonce: s.camera.nonce + 1 } })));
    expect(await page.evaluate(() => window.__gatetwin!.counts().agvs)).toBe(1);
    // Containers wait at the Youyiguan terminal (a queue sensor over MQTT): the engine sends the AGV to carry one.
    const pub = await mqtt.connectAsync(MQTT.url, { clientId: `${siteId}-queue` });
    let seq = 0;
    const queue = setInterval(() => {
      const m = buildSensorMessage({ id: 'TERM-Q', seq: ++seq, ts: Date.now(), type: 'queue', lane: undefined, zone: 'youyiguan-terminal', value: 4, unit: 'containers' });
      void pub.publishAsync(`gatetwin/${siteId}/sensor/TERM-Q`, JSON.stringify(m), { qos: 0 });
    }, 250);
    try {
      await page.waitForTimeout(2_000); // the camera flight
      const first = await shot(page, 'vda5050-agv-1');
      let moved = 0;
      const until = Date.now() + 45_000;
      while (moved === 0 && Date.now() < until) {
        const a = await positions(page);
        await page.waitForTimeout(1_000);
        moved = movedCount(a, await positions(page), 5);
      }
      expect(moved, 'the AGV moved more than 5 m in 1 s').toBe(1);
      await page.waitForTimeout(3_000);
      const second = await shot(page, 'vda5050-agv-2');
      const box = (await page.locator('canvas').boundingBox())!;
      expect(diffFraction(first, second, box)).toBeGreaterThan(0);
      // A close look at the vehicle where it is drawn now (it is small at crossing scale).
      const at = await page.evaluate(() => window.__gatetwin!.instanceOnScreen('vehicles-1', 0));
      expect(at, 'the AGV is on screen').not.toBeNull();
      const clip = { x: Math.max(0, at!.x - 120), y: Math.max(0, at!.y - 90), width: 240, height: 180 };
      await page.screenshot({ path: `${SHOT_DIR}/vda5050-agv-closeup.png`, clip });
      const health = (await (await fetch(`${server.url}/api/health`, { headers: { authorization: `Bearer ${server.viewerToken}` } })).json()) as { commands: { acked: number }; devices: { vda5050: { ordersAccepted: number } } };
      expect(health.devices.vda5050.ordersAccepted).toBeGreaterThanOrEqual(1);
      expect(health.commands.acked).toBeGreaterThanOrEqual(1);
      expect(errors).toEqual([]);
    } finally {
      clearInterval(queue);
      await pub.endAsync();
    }
  }, 120_000);
});
