import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { MAX_BATCH, MqttCommandReplySchema, type Command, type Reply } from '../protocol';
import type { CommandRouter, CommandTransport } from '../ingest/commands';
import type { IngestFn } from '../ingest/ingestFn';
import { isTelemetry } from '../protocol/telemetryCheck';
import { measure } from '../security/payload';
import { DEFAULT_SECURITY } from '../security/settings';
import type { DeviceGateways } from './gateways';
import { RefusalCounts } from './refusals';
import { parseDeviceTopic, type DeviceTopic } from './topics';

export type { IngestFn };

/** Why an MQTT payload (or a message in it) was refused. */
export const MQTT_REFUSALS = ['bad-topic', 'too-big', 'not-json', 'bad-batch', 'topic-mismatch', 'schema', 'seq-too-old', 'twin-full', 'bad-reply', 'unknown-reply'] as const;
export type MqttRefusal = (typeof MQTT_REFUSALS)[number];

export interface MqttBridgeOptions {
  url: string;
  /** Site id in the topic `gatetwin/<site>/<kind>/<id>`. */
  site: string;
  ingest: IngestFn;
  log: Logger;
  /** Commands to vehicles last reported over MQTT go out on their command topics. */
  commands?: CommandRouter;
  /** Where the bridge shows its counters (health) and mirrors its refusals (security counters). */
  gateways?: DeviceGateways;
  /** Payload and per-message limits; default to the socket's. */
  maxPayloadBytes?: number;
  maxMessageBytes?: number;
  maxMessageDepth?: number;
  commandTimeoutMs?: number;
  /** Broker connections sharing the subscriptions (MQTT 5 `$share`; default 16): acks are serial per connection. */
  connections?: number;
}

/**
 * Feeds MQTT telemetry into the same validation, dedupe and recording path as `/ingest`, and carries commands
 * back. Telemetry: `gatetwin/<site>/<kind>/<id>` (id URL-encoded), payload one message or an array of them, whose
 * kind and id must be the topic's. QoS 1 and 2: the PUBACK/PUBREC goes out only after the messages are durable,
 * and the sessions are persistent under fixed client ids, so the broker keeps what arrives while the ingest leader
 * changes. An MQTT client acks in order, one message at a time, so the bridge opens several connections in one
 * shared subscription (`$share/…`, MQTT 5): the broker spreads messages over them (per-device order may then vary,
 * which the seq dedupe and the order-insensitive twin absorb). QoS 0 is taken too, at most once: lost if the bridge is down. Commands: `…/<id>/command` (QoS 1, the
 * socket's `command` JSON); replies on `…/<id>/command/reply` as `{ commandId, ok, error? }`.
 */
export class MqttBridge implements CommandTransport {
  readonly name = 'mqtt';
  private clients: MqttClient[] = [];
  readonly counters = { messages: 0, accepted: 0, duplicates: 0, failed: 0, commands: 0, replies: 0, qos0: 0 };
  readonly refused = new RefusalCounts<MqttRefusal>(MQTT_REFUSALS);
  private readonly waiting = new Map<string, { address: string; done: (r: Reply) => void }>();

  constructor(private readonly opts: MqttBridgeOptions) {
    const gateways = opts.gateways;
    if (gateways) this.refused.onCount = (n) => gateways.onRefused(n);
  }

  /** Connects, subscribes, and starts serving commands to vehicles reported over MQTT. */
  async start(): Promise<void> {
    const n = Math.max(1, this.opts.connections ?? 16);
    this.clients = Array.from({ length: n }, (_, i) => this.connect(i));
    await Promise.all(this.clients.map((c) => this.subscribe(c)));
    this.opts.commands?.register(this.name, this);
    this.opts.gateways?.add(this);
  }

  private connect(i: number): MqttClient {
    const client = mqtt.connect(this.opts.url, {
      clientId: `gatetwin-${this.opts.site}-ingest-${i}`,
      // MQTT 5: acks under our control (customHandleAcks is v5-only) and a session the broker keeps for an hour.
      protocolVersion: 5,
      clean: false,
      properties: { sessionExpiryInterval: 3_600 },
      reconnectPeriod: 1_000,
      // QoS 1 and 2 only: the ack waits for durability, or is withheld so the broker redelivers.
      customHandleAcks: (topic, payload, _packet, done) => {
        this.handle(topic, payload).then(
          () => done(0),
          (e: Error) => {
            this.counters.failed++;
            done(e);
          },
        );
      },
    });
    client.on('message', (topic, payload, packet: IPublishPacket) => {
      if (packet.qos !== 0) return; // handled above, before its ack
      this.counters.qos0++;
      this.handle(topic, payload).catch(() => this.counters.failed++);
    });
    client.on('error', (e) => this.opts.log.warn({ err: e.message }, 'mqtt bridge'));
    return client;
  }

  private subscribe(client: MqttClient): Promise<void> {
    const { site } = this.opts;
    const share = `$share/gatetwin-${site}`;
    return new Promise((resolve, reject) => {
      client.once('connect', () => {
        const topics = { [`${share}/gatetwin/${site}/+/+`]: { qos: 2 as const }, [`${share}/gatetwin/${site}/+/+/command/reply`]: { qos: 1 as const } };
        client.subscribe(topics, (err, granted) => {
          const refused = granted?.find((g) => g.qos > 2);
          if (err || refused) return reject(err ?? new Error(`the broker refused ${refused!.topic} (MQTT 5 shared subscriptions needed)`));
          resolve();
        });
      });
    });
  }

  /** Counters and refusals by reason, for `GET /api/health`. */
  health(): unknown {
    return { connected: this.clients.filter((c) => c.connected).length, ...this.counters, refused: this.refused.snapshot() };
  }

  /** Publishes a command on the vehicle's command topic; resolves with its reply, or an error after the timeout. */
  deliver(cmd: Command, address: string): Promise<Reply> {
    const client = this.clients[0];
    if (!client) return Promise.reject(new Error('the MQTT bridge is stopped'));
    this.counters.commands++;
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(cmd.commandId);
        reject(new Error(`no reply on ${address}/command/reply within ${this.opts.commandTimeoutMs ?? 10_000} ms`));
      }, this.opts.commandTimeoutMs ?? 10_000);
      this.waiting.set(cmd.commandId, {
        address,
        done: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
      client.publish(`gatetwin/${this.opts.site}/${address}/command`, JSON.stringify(cmd), { qos: 1 }, (err) => {
        if (!err) return;
        clearTimeout(timer);
        this.waiting.delete(cmd.commandId);
        reject(err);
      });
    });
  }

  private async handle(topic: string, payload: Buffer): Promise<void> {
    this.counters.messages++;
    const to = parseDeviceTopic(this.opts.site, topic);
    if (!to) return this.refused.count('bad-topic');
    if (payload.length > (this.opts.maxPayloadBytes ?? DEFAULT_SECURITY.maxPacketBytes)) return this.refused.count('too-big');
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload.toString('utf8'));
    } catch {
      return this.refused.count('not-json'); // acked and counted: there is nothing worth resending
    }
    if (to.what === 'reply') return this.reply(to, parsed);
    const batch = Array.isArray(parsed) ? parsed : [parsed];
    if (batch.length === 0 || batch.length > MAX_BATCH) return this.refused.count('bad-batch');
    const maxBytes = this.opts.maxMessageBytes ?? DEFAULT_SECURITY.maxMessageBytes;
    const maxDepth = this.opts.maxMessageDepth ?? DEFAULT_SECURITY.maxMessageDepth;
    const matching: unknown[] = [];
    for (const m of batch) {
      if (!isTelemetry(m)) {
        const size = measure(m, maxBytes, maxDepth);
        if (size.tooDeep || size.bytes > maxBytes) {
          this.refused.count('too-big');
          continue;
        }
      }
      if (isFor(m, to)) matching.push(m);
      else this.refused.count('topic-mismatch');
    }
    if (matching.length === 0) return;
    const ack = await this.opts.ingest(matching, `mqtt:${to.address}`);
    this.counters.accepted += ack.accepted;
    this.counters.duplicates += ack.duplicates;
    for (const r of ack.rejected) this.refused.count(r.error.startsWith('seq:') ? 'seq-too-old' : r.error.startsWith('twin:') ? 'twin-full' : 'schema');
  }

  private reply(to: DeviceTopic, parsed: unknown): void {
    const r = MqttCommandReplySchema.safeParse(parsed);
    if (!r.success) return this.refused.count('bad-reply');
    const w = this.waiting.get(r.data.commandId);
    // A reply must come from the vehicle the command went to.
    if (!w || w.address !== to.address) return this.refused.count('unknown-reply');
    this.waiting.delete(r.data.commandId);
    this.counters.replies++;
    w.done(r.data.ok ? { ok: true, data: undefined } : { ok: false, error: r.data.error ?? 'refused by the device' });
  }

  /** Disconnects; commands to MQTT vehicles are unroutable until the bridge starts again. */
  async stop(): Promise<void> {
    this.opts.commands?.unregister(this.name);
    this.opts.gateways?.remove(this.name);
    for (const [id, w] of this.waiting) {
      this.waiting.delete(id);
      w.done({ ok: false, error: 'the MQTT bridge stopped' });
    }
    const clients = this.clients.splice(0);
    await Promise.all(clients.map((c) => new Promise<void>((resolve) => c.end(false, {}, () => resolve()))));
  }
}

/** A message published on a device's topic must be that device's. */
function isFor(m: unknown, to: DeviceTopic): boolean {
  return typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === to.kind && (m as { id?: unknown }).id === to.id;
}
