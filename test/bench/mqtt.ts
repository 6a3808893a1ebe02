import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { createApp } from '../../server/app';
import { SystemClock } from '../../server/clock';
import { MqttBridge } from '../../server/devices/mqttBridge';
import { SqliteRecorder } from '../../server/recorder/sqliteRecorder';
import { TokenStore } from '../../server/tokens';
import { buildAgvMessage, buildSite } from '../support/builders';
import type { BenchResult } from './types';

// MQTT ingest through the bridge into the real pipeline (validation, dedupe, twin, SQLite group commit), with the
// machine's Mosquitto: QoS 1 over one connection (the baseline: each PUBACK waits for its commit, in order), QoS 1
// over the bridge's shared subscription (16 connections, its default), and QoS 0 (no ack to wait for). Same run, same load.
// Within Mosquitto's default queue per subscriber (max_queued_messages 1000): beyond it a broker drops QoS 1 too.
const MESSAGES = 900;
const URL = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';

async function measure(connections: number, qos: 0 | 1): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'gatetwin-bench-mqtt-'));
  const app = createApp({ site: buildSite(), configuration: 'today', clock: new SystemClock(), tokens: new TokenStore({ tokens: [] }), recorder: new SqliteRecorder(join(dir, 'rec')) });
  const site = `bench-${process.pid}-${connections}-${qos}-${Date.now().toString(36)}`;
  const bridge = new MqttBridge({ url: URL, site, ingest: (b, o) => app.pipeline.ingest(b, o), log: pino({ level: 'silent' }), connections });
  const pub = await mqtt.connectAsync(URL, { clientId: `${site}-pub` });
  try {
    await bridge.start();
    const t0 = performance.now();
    // Done when all arrived, or when nothing more arrived for 3 s (a broker dropped some: then the figure says so).
    let last = 0;
    let lastAt = performance.now();
    const done = new Promise<void>((resolve) => {
      const t = setInterval(() => {
        const n = app.pipeline.counters.accepted;
        if (n !== last) {
          last = n;
          lastAt = performance.now();
        }
        if (n >= MESSAGES || performance.now() - lastAt > 3_000) {
          clearInterval(t);
          resolve();
        }
      }, 5);
    });
    // 100 devices, 30 messages each, published as fast as the client lets us.
    for (let i = 0; i < MESSAGES; i++) {
      const id = `B-${i % 100}`;
      pub.publish(`gatetwin/${site}/agv/${id}`, JSON.stringify(buildAgvMessage({ id, seq: Math.floor(i / 100) + 1, ts: Date.now() })), { qos });
    }
    await done;
    const n = app.pipeline.counters.accepted;
    if (n < MESSAGES) throw new Error(`only ${n} of ${MESSAGES} messages arrived (qos ${qos}, ${connections} connections)`);
    return n / ((lastAt - t0) / 1000);
  } finally {
    await pub.endAsync();
    await bridge.stop();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Messages per second through the MQTT bridge, QoS 1 on 1 vs 16 connections, and QoS 0. */
export async function run(): Promise<BenchResult[]> {
  const one = await measure(1, 1);
  const many = await measure(16, 1);
  const q0 = await measure(16, 0);
  const r = (v: number) => Math.round(v);
  return [
    { name: 'mqtt-qos1-1-connection', value: r(one), unit: 'msg/s' },
    { name: 'mqtt-qos1-16-connections', value: r(many), unit: 'msg/s', baseline: r(one), ratio: +(many / one).toFixed(2) },
    { name: 'mqtt-qos0', value: r(q0), unit: 'msg/s', baseline: r(one), ratio: +(q0 / one).toFixed(2) },
  ];
}
