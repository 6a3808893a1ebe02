import mqtt from 'mqtt';
import { AgvController, VirtualAgvAdapter, type Order } from 'vda-5050-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localFrame, toX, toY } from '../../server/protocol';
import { loadScenario, scenarioSite } from '../../server/sim/scenario';
import { buildSensorMessage, buildSite } from '../support/builders';
import { TOKENS, type Harness } from './harness';
import { MQTT, needMosquitto, startMqttGateway, uniqueSite } from './services';

// A VDA 5050 AGV driven by vda-5050-lib's own vehicle side (AgvController + VirtualAgvAdapter, not our code), on
// the machine's Mosquitto: it appears on the twin where its map pose says, gets an `order` for the engine's mission,
// and its progress comes back through `state`.
const up = await needMosquitto();
const site = scenarioSite(buildSite(), loadScenario('normal'));
const corridor = site.corridors.find((c) => c.id === 'hn-agv')!;
const iface = uniqueSite('uagv-it'); // a topic prefix of its own on the shared broker
const siteId = uniqueSite('vda-it');
const agvId = { manufacturer: 'GateTwinTest', serialNumber: 'VDA-HN-01' };

describe.runIf(up)('VDA 5050 AGVs (Mosquitto, vda-5050-lib on both sides)', () => {
  let h: Harness;
  let close: Awaited<ReturnType<typeof startMqttGateway>>['close'] | undefined;
  let agv: AgvController;
  let spy: mqtt.MqttClient;
  const orders: Order[] = [];

  beforeAll(async () => {
    ({ h, close } = await startMqttGateway({ site, engineMs: 200 }, siteId, 'vda-it', iface));
    // Watches the wire as a third party would: the orders master control publishes.
    spy = await mqtt.connectAsync(MQTT.url, { clientId: `${iface}-spy` });
    spy.on('message', (_t, p) => orders.push(JSON.parse(p.toString()) as Order));
    await spy.subscribeAsync(`${iface}/v2/+/+/order`, { qos: 0 });
    // Parked at the corridor's Youyiguan end, the map origin; 20× time lapse so a test sees it travel.
    agv = new AgvController(agvId, { interfaceName: iface, transport: { brokerUrl: MQTT.url }, vdaVersion: '2.0.0' }, { agvAdapterType: VirtualAgvAdapter, publishVisualizationInterval: 200 }, {
      initialPosition: { mapId: 'hn-agv', x: 0, y: 0, theta: 0, lastNodeId: 'hn-agv-0' }, timeLapse: 20, vehicleSpeed: 6,
    } as ConstructorParameters<typeof AgvController>[3]);
    await agv.start();
  }, 30_000);
  afterAll(() => close?.(() => agv?.stop(), () => spy?.endAsync()));

  it('appears on the twin at its map pose, on its corridor, as serialNumber', async () => {
    await expect.poll(() => h.app.live.twin.agvs.has(agvId.serialNumber), { timeout: 10_000 }).toBe(true);
    const a = h.app.live.twin.agvs.get(agvId.serialNumber)!;
    const f = localFrame(site.origin);
    const [lat, lon] = corridor.path[0]!;
    expect(Math.hypot(a.x - toX(f, lon), a.y - toY(f, lat))).toBeLessThan(1);
    expect(a.corridor).toBe('hn-agv');
    expect(a.battery).toBeCloseTo(1, 2);
    expect(h.app.commands.routeOf(agvId.serialNumber)).toBe('vda5050');
  });

  it("gets an order for the engine's mission, along the corridor with pick and drop; progress comes back through state", async () => {
    // Containers waiting at the terminal: the engine sends the idle AGV to carry one.
    let seq = 0;
    const pub = await mqtt.connectAsync(MQTT.url, { clientId: `${siteId}-queue` });
    const queue = setInterval(() => {
      const m = buildSensorMessage({ id: 'TERM-Q', seq: ++seq, ts: Date.now(), type: 'queue', lane: undefined, zone: 'youyiguan-terminal', value: 4, unit: 'containers' });
      void pub.publishAsync(`gatetwin/${siteId}/sensor/TERM-Q`, JSON.stringify(m), { qos: 0 });
    }, 250);
    try {
      await expect.poll(() => orders.length, { timeout: 15_000 }).toBeGreaterThan(0);
    } finally {
      clearInterval(queue);
      await pub.endAsync();
    }
    const order = orders[0]!;
    expect(order.nodes.map((n) => n.nodeId)).toEqual(corridor.path.map((_, i) => `hn-agv-${i}`));
    expect(order.edges).toHaveLength(corridor.path.length - 1);
    expect(order.nodes[0]!.actions.map((a) => a.actionType)).toEqual(['pick']);
    expect(order.nodes.at(-1)!.actions.map((a) => a.actionType)).toEqual(['drop']);
    // The vehicle takes it (the reply counts as acked), picks the load and drives off along the corridor.
    await expect.poll(() => h.app.live.commandCounters().acked, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    await expect.poll(() => h.app.live.twin.agvs.get(agvId.serialNumber)?.state, { timeout: 20_000 }).toBe('loaded');
    await expect.poll(() => h.app.live.twin.agvs.get(agvId.serialNumber)!.along, { timeout: 20_000 }).toBeGreaterThan(100);
    const health = (await (await fetch(`${h.url}/api/health`, { headers: { authorization: `Bearer ${TOKENS.admin}` } })).json()) as { devices: { vda5050: { nodesTraversed: number; vehicles: { serialNumber: string; orderId: string }[] } } };
    expect(health.devices.vda5050.nodesTraversed).toBeGreaterThanOrEqual(1);
    expect(health.devices.vda5050.vehicles.find((v) => v.serialNumber === agvId.serialNumber)?.orderId).toBe(order.orderId);
  }, 60_000);
});
