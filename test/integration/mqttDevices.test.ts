import mqtt from 'mqtt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandSchema, type Command } from '../../server/protocol';
import { joinCluster } from '../../server/scale/cluster';
import { ScaledClock } from '../../server/clock';
import { loadScenario, scenarioSite } from '../../server/sim/scenario';
import { atLocal } from '../../server/sim/world';
import { buildAgvMessage, buildSite, buildTruckMessage } from '../support/builders';
import { startServer, TOKENS, type Harness } from './harness';
import { MQTT, needMosquitto, uniqueSite } from './services';

// MQTT devices as full citizens, with the machine's real Mosquitto: every QoS, ids with '/', refusals counted by
// reason, and commands out on the vehicle's command topic with its reply counted like a socket ack.
const up = await needMosquitto();
const site = uniqueSite('mqtt-it');
const log = pino({ level: 'silent' });
const clock = new ScaledClock(atLocal(Date.now(), '10:00'), 1);

type Health = { commands: { sent: number; acked: number }; security: { deviceRefused: number }; devices: { mqtt: { qos0: number; refused: Record<string, number> } } };
const health = async (h: Harness) => (await (await fetch(`${h.url}/api/health`, { headers: { authorization: `Bearer ${TOKENS.admin}` } })).json()) as Health;

describe.runIf(up)('MQTT devices (Mosquitto)', () => {
  let h: Harness;
  let leave: () => Promise<void>;
  let device: mqtt.MqttClient;

  beforeAll(async () => {
    // Twin time at 10:00 in Lạng Sơn today, whenever the test runs: the crossings are open.
    h = await startServer({ site: scenarioSite(buildSite(), loadScenario('normal')), engineMs: 200, clock });
    leave = await joinCluster(h.app, undefined, { site, nodeId: 'mqtt-it', log, mqttUrl: MQTT.url });
    device = await mqtt.connectAsync(MQTT.url, { clientId: `${site}-device` });
  });
  afterAll(async () => {
    await device?.endAsync();
    await leave?.();
    await h?.close();
  });

  it('a device publishing at QoS 0 with an id holding "/" reaches the twin', async () => {
    const id = 'LS/AGV/Q0';
    const topic = `gatetwin/${site}/agv/${encodeURIComponent(id)}`;
    expect(topic.split('/')).toHaveLength(4);
    await device.publishAsync(topic, JSON.stringify(buildAgvMessage({ id, seq: 1, ts: Date.now() })), { qos: 0 });
    await expect.poll(() => h.app.live.twin.agvs.has(id), { timeout: 10_000 }).toBe(true);
    expect((await health(h)).devices.mqtt.qos0).toBeGreaterThanOrEqual(1);
  });

  it('QoS 2 is taken too, once', async () => {
    const id = 'AGV-Q2';
    const msg = JSON.stringify(buildAgvMessage({ id, seq: 7, ts: Date.now() }));
    // PUBCOMP answers the publisher, not the bridge: wait for the twin, then check nothing came twice.
    await device.publishAsync(`gatetwin/${site}/agv/${id}`, msg, { qos: 2 });
    await expect.poll(() => h.app.live.twin.agvs.get(id)?.stateSeq, { timeout: 10_000 }).toBe(7);
    expect(h.app.pipeline.counters.duplicates).toBe(0);
  });

  it('a truck reported over MQTT at an open crossing gets its truck:call on its command topic; its reply counts as acked', async () => {
    const id = 'TRK/MQ-1';
    const base = `gatetwin/${site}/truck/${encodeURIComponent(id)}`;
    const before = await health(h);
    const got = new Promise<Command>((resolve) => {
      device.on('message', (topic, payload) => {
        if (topic !== `${base}/command`) return;
        const cmd = CommandSchema.parse(JSON.parse(payload.toString()));
        void device.publishAsync(`${base}/command/reply`, JSON.stringify({ commandId: cmd.commandId, ok: true }), { qos: 1 });
        resolve(cmd);
      });
    });
    await device.subscribeAsync(`${base}/command`, { qos: 1 });
    await device.publishAsync(base, JSON.stringify(buildTruckMessage({ id, seq: 1, ts: clock.now(), crossing: 'huu-nghi-freight', event: 'arrived' })), { qos: 1 });
    const cmd = await got;
    expect(cmd).toMatchObject({ type: 'truck:call', truck: id, crossing: 'huu-nghi-freight' });
    expect(h.app.commands.routeOf(id)).toBe('mqtt');
    await expect.poll(async () => (await health(h)).commands.acked - before.commands.acked, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('refused payloads are counted by reason, in the health details and the security counters', async () => {
    const before = await health(h);
    const pub = (topic: string, payload: string) => device.publishAsync(`gatetwin/${site}/${topic}`, payload, { qos: 1 });
    await pub('agv/BAD-1', '{not json');
    await pub('agv/BAD-2', JSON.stringify(buildAgvMessage({ id: 'SOMEONE-ELSE', ts: Date.now() })));
    await pub('truck/BAD-3', JSON.stringify(buildAgvMessage({ id: 'BAD-3', ts: Date.now() })));
    await pub('agv/BAD-4', JSON.stringify({ ...buildAgvMessage({ id: 'BAD-4', ts: Date.now() }), battery: 7 }));
    await pub('agv/BAD-5', JSON.stringify({ ...buildAgvMessage({ id: 'BAD-5', ts: Date.now() }), note: 'x'.repeat(10_000) }));
    await pub('robot/BAD-6', JSON.stringify(buildAgvMessage({ id: 'BAD-6', ts: Date.now() })));
    await pub('agv/BAD-7', '[]');
    await pub('agv/BAD-8/command/reply', JSON.stringify({ commandId: 'never-sent', ok: true }));
    await pub('agv/BAD-9/command/reply', JSON.stringify({ ok: 'yes' }));
    // Each QoS 1 publish resolves on its PUBACK, which the bridge sends only once it has judged the payload.
    const after = await health(h);
    const delta = (r: string) => (after.devices.mqtt.refused[r] ?? 0) - (before.devices.mqtt.refused[r] ?? 0);
    expect({
      notJson: delta('not-json'), mismatch: delta('topic-mismatch'), schema: delta('schema'), big: delta('too-big'),
      topic: delta('bad-topic'), batch: delta('bad-batch'), unknownReply: delta('unknown-reply'), badReply: delta('bad-reply'),
    }).toEqual({ notJson: 1, mismatch: 2, schema: 1, big: 1, topic: 1, batch: 1, unknownReply: 1, badReply: 1 });
    expect(after.security.deviceRefused - before.security.deviceRefused).toBe(9);
    for (const id of ['BAD-2', 'BAD-3', 'BAD-4', 'BAD-5', 'BAD-6']) expect(h.app.live.twin.agvs.has(id)).toBe(false);
  });
});
