import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../server/clock';
import { MqttDriver } from '../../server/sim/mqttDriver';
import { loadScenario, scenarioSite } from '../../server/sim/scenario';
import { VdaFleet } from '../../server/sim/vdaFleet';
import { atLocal, World } from '../../server/sim/world';
import { buildSite } from '../support/builders';
import type { Harness } from './harness';
import { MQTT, needMosquitto, startMqttGateway, uniqueSite } from './services';

// `npm run sim -- --mqtt URL --vda5050`: the simulator as MQTT devices, its AGVs as vda-5050-lib vehicles, against a
// server whose only device inputs are the broker's. The loop closes: trucks are called over their command topics.
const up = await needMosquitto();
const scenario = loadScenario('normal');
const site = scenarioSite(buildSite(), scenario);
const siteId = uniqueSite('sim-it');
const iface = uniqueSite('uagv-sim');
const clock = new ScaledClock(atLocal(Date.now(), '09:00'), 10);

describe.runIf(up)('the simulator as MQTT and VDA 5050 devices', () => {
  let h: Harness;
  let close: Awaited<ReturnType<typeof startMqttGateway>>['close'] | undefined;
  let driver: MqttDriver;
  let fleet: VdaFleet;

  beforeAll(async () => {
    ({ h, close } = await startMqttGateway({ site, clock, engineMs: 250 }, siteId, 'sim-it', iface));
    const world = new World(site, scenario, clock.now());
    driver = new MqttDriver(world, { url: MQTT.url, site: siteId, clock, skip: new Set(['agv'] as const) });
    fleet = new VdaFleet(world, site, { url: MQTT.url, interfaceName: iface, speed: 10 });
    await Promise.all([driver.start(), fleet.start()]);
  }, 30_000);
  afterAll(() => close?.(() => driver?.stop(), () => fleet?.stop()));

  it('trucks and sensors arrive over MQTT, AGVs over VDA 5050, and trucks obey calls sent on their command topics', async () => {
    const twin = h.app.live.twin;
    expect(fleet.vehicles.length).toBeGreaterThan(0);
    await expect.poll(() => twin.agvs.size, { timeout: 20_000 }).toBe(fleet.vehicles.length);
    for (const id of twin.agvs.keys()) expect(h.app.commands.routeOf(id)).toBe('vda5050');
    await expect.poll(() => twin.trucks.size, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(h.app.commands.routeOf([...twin.trucks.keys()][0]!)).toBe('mqtt');
    await expect.poll(() => driver.counters.commands, { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => h.app.live.commandCounters().acked, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(h.app.live.commandCounters().unroutable).toBe(0);
    // The terminals' container queues (sensors over MQTT) get AGV missions, which the vehicles take as orders.
    const vda = () => (h.app.devices.snapshot() as { vda5050: { ordersAccepted: number } }).vda5050;
    await expect.poll(() => vda().ordersAccepted, { timeout: 30_000 }).toBeGreaterThan(0);
  }, 60_000);
});
