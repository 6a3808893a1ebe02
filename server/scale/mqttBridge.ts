import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { TelemetryAck } from '../protocol';

export type IngestFn = (batch: unknown, origin: string) => Promise<TelemetryAck>;

export interface MqttBridgeOptions {
  url: string;
  /** Site id in the topic `gatetwin/<site>/<kind>/<id>`. */
  site: string;
  ingest: IngestFn;
  log: Logger;
}

/**
 * Feeds MQTT telemetry into the same validation, dedupe and recording path as `/ingest`.
 * Topic `gatetwin/<site>/<kind>/<id>`, QoS 1, payload one message or an array of them; the topic's kind and id
 * must match each message's. The PUBACK goes out only after the messages are durable, and the session is
 * persistent under a fixed client id, so the broker keeps what arrives while the ingest leader changes.
 */
export class MqttBridge {
  private client: MqttClient | undefined;
  readonly counters = { messages: 0, accepted: 0, duplicates: 0, rejected: 0, failed: 0 };

  constructor(private readonly opts: MqttBridgeOptions) {}

  start(): Promise<void> {
    const { site, log } = this.opts;
    const client = mqtt.connect(this.opts.url, {
      clientId: `gatetwin-${site}-ingest`,
      // MQTT 5: acks under our control (customHandleAcks is v5-only) and a session the broker keeps for an hour.
      protocolVersion: 5,
      clean: false,
      properties: { sessionExpiryInterval: 3_600 },
      reconnectPeriod: 1_000,
      customHandleAcks: (topic, payload, _packet, done) => {
        this.handle(topic, payload).then(
          () => done(0),
          (e: Error) => {
            this.counters.failed++;
            done(e); // no PUBACK: the broker redelivers
          },
        );
      },
    });
    client.on('error', (e) => log.warn({ err: e.message }, 'mqtt bridge'));
    this.client = client;
    return new Promise((resolve, reject) => {
      client.once('connect', () => {
        client.subscribe(`gatetwin/${site}/+/+`, { qos: 1 }, (err) => (err ? reject(err) : resolve()));
      });
    });
  }

  private async handle(topic: string, payload: Buffer): Promise<void> {
    this.counters.messages++;
    const [, , kind, id] = topic.split('/');
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload.toString('utf8'));
    } catch {
      this.counters.rejected++;
      return; // malformed payload: acked and counted, nothing to resend
    }
    const batch = Array.isArray(parsed) ? parsed : [parsed];
    const matching = batch.filter((m) => isFor(m, kind, id));
    this.counters.rejected += batch.length - matching.length;
    if (matching.length === 0) return;
    const ack = await this.opts.ingest(matching, `mqtt:${kind}/${id}`);
    this.counters.accepted += ack.accepted;
    this.counters.duplicates += ack.duplicates;
    this.counters.rejected += ack.rejected.length;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.client ? this.client.end(false, {}, () => resolve()) : resolve()));
  }
}

/** A message published on a device's topic must be that device's. */
function isFor(m: unknown, kind: string | undefined, id: string | undefined): boolean {
  return typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === kind && (m as { id?: unknown }).id === id;
}
