import type { Logger } from 'pino';
import type { CommandRouter } from '../ingest/commands';
import type { Site } from '../protocol';
import type { DeviceGateways } from './gateways';
import { MqttBridge, type IngestFn } from './mqttBridge';
import { Vda5050Bridge } from './vda5050/bridge';

/** What the bridges need of the app (app.ts's App has it): the pipeline, the command router, the gateways, the site. */
export interface BridgeHost {
  pipeline: { ingest: IngestFn };
  commands: CommandRouter;
  devices: DeviceGateways;
  live: { site: Site };
}

export interface DeviceBridgesOptions {
  /** MQTT broker (`MQTT_URL`). */
  url: string;
  /** Site id: the `gatetwin/<site>/…` topics. */
  site: string;
  log: Logger;
  /** AGVs speaking VDA 5050 on the same broker (`GATETWIN_VDA5050=on`). */
  vda5050?: { interfaceName?: string; loadType?: string };
  /** Where device batches go (NATS mode: the replicated log); defaults to this gateway's pipeline. */
  ingest?: IngestFn;
}

/**
 * The broker-side devices of a site: the `gatetwin/<site>/…` MQTT bridge and, when enabled, VDA 5050 master
 * control. Only the engine leader runs them (it ingests and sends commands), so they start and stop together.
 */
export class DeviceBridges {
  private readonly mqtt: MqttBridge;
  private readonly vda: Vda5050Bridge | undefined;

  constructor(app: BridgeHost, opts: DeviceBridgesOptions) {
    const common = { ingest: opts.ingest ?? ((b: unknown, o: string) => app.pipeline.ingest(b, o)), log: opts.log, commands: app.commands, gateways: app.devices };
    this.mqtt = new MqttBridge({ url: opts.url, site: opts.site, ...common });
    this.vda = opts.vda5050 ? new Vda5050Bridge({ url: opts.url, site: app.live.site, ...opts.vda5050, ...common }) : undefined;
  }

  /** Connects and subscribes every bridge. */
  async start(): Promise<void> {
    await Promise.all([this.mqtt.start(), this.vda?.start()]);
  }

  async stop(): Promise<void> {
    await Promise.all([this.mqtt.stop(), this.vda?.stop()]);
  }
}
