import mqtt, { type MqttClient } from 'mqtt';
import type { Clock } from '../clock';
import { deviceTopic, parseDeviceTopic } from '../devices/topics';
import { CommandSchema, formatZodError, MAX_BATCH, type Telemetry, type TelemetryKind } from '../protocol';
import type { World } from './world';

export interface MqttDriverOptions {
  url: string;
  /** Site id of the `gatetwin/<site>/…` topics. */
  site: string;
  clock: Clock;
  stepMs?: number;
  /** Kinds published some other way (AGVs speaking VDA 5050). */
  skip?: ReadonlySet<TelemetryKind>;
  log?: (msg: string) => void;
}

/** A truck's life event must arrive; a position or a sensor reading is replaced by the next one. */
const isEvent = (m: Telemetry) => m.kind === 'truck' && m.event !== 'position';

/**
 * Plays the world as MQTT devices, the way device fleets use MQTT: periodic readings (positions, sensors) at QoS 0,
 * a truck's life events at QoS 1 (the broker and mqtt.js keep what is not acked across a reconnect). Each device
 * publishes on its own topic and obeys the commands on its command topic, replying
 * `{ commandId, ok, error? }` on `…/command/reply`.
 */
export class MqttDriver {
  private client: MqttClient | undefined;
  private timer: NodeJS.Timeout | undefined;
  readonly counters = { sent: 0, commands: 0, refused: 0 };

  constructor(
    private readonly world: World,
    private readonly opts: MqttDriverOptions,
  ) {}

  async start(): Promise<void> {
    const { site } = this.opts;
    const client = await mqtt.connectAsync(this.opts.url, { clientId: `gatetwin-${site}-sim`, clean: false, reconnectPeriod: 1_000 });
    client.on('error', (e) => this.opts.log?.(`simulator (mqtt): ${e.message}`));
    client.on('message', (topic, payload) => this.command(topic, payload));
    await client.subscribeAsync(`gatetwin/${site}/+/+/command`, { qos: 1 });
    this.client = client;
    this.timer = setInterval(() => this.tick(), this.opts.stepMs ?? 100);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client?.endAsync();
  }

  private tick(): void {
    this.world.step(this.opts.clock.now());
    const byTopic = new Map<string, Telemetry[]>();
    for (const m of this.world.drain()) {
      if (this.opts.skip?.has(m.kind)) continue;
      const topic = deviceTopic(this.opts.site, m.kind, m.id);
      const list = byTopic.get(topic);
      if (list) list.push(m);
      else byTopic.set(topic, [m]);
    }
    for (const [topic, msgs] of byTopic) {
      for (let i = 0; i < msgs.length; i += MAX_BATCH) {
        const batch = msgs.slice(i, i + MAX_BATCH);
        this.counters.sent += batch.length;
        this.client?.publish(topic, JSON.stringify(batch.length === 1 ? batch[0] : batch), { qos: batch.some(isEvent) ? 1 : 0 });
      }
    }
  }

  private command(topic: string, payload: Buffer): void {
    const replyTopic = `${topic}/reply`;
    const to = parseDeviceTopic(this.opts.site, replyTopic);
    if (!to) return;
    let raw: unknown;
    try {
      raw = JSON.parse(payload.toString('utf8'));
    } catch {
      return;
    }
    const parsed = CommandSchema.safeParse(raw);
    const commandId = typeof raw === 'object' && raw !== null && typeof (raw as { commandId?: unknown }).commandId === 'string' ? (raw as { commandId: string }).commandId : undefined;
    if (!parsed.success) {
      if (commandId) this.client?.publish(replyTopic, JSON.stringify({ commandId, ok: false, error: formatZodError(parsed.error).slice(0, 500) }), { qos: 1 });
      return;
    }
    this.counters.commands++;
    const error = this.world.command(parsed.data);
    if (error) this.counters.refused++;
    this.client?.publish(replyTopic, JSON.stringify(error ? { commandId: parsed.data.commandId, ok: false, error: error.slice(0, 500) } : { commandId: parsed.data.commandId, ok: true }), { qos: 1 });
  }
}
