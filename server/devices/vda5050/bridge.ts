import type { Logger } from 'pino';
import { BlockingType, MasterController, Topic, type AgvId, type Connection, type Error as VdaError, type State, type Visualization } from 'vda-5050-lib';
import type { CommandRouter, CommandTransport } from '../../ingest/commands';
import { IdSchema, type Command, type Reply, type Site } from '../../protocol';
import type { DeviceGateways } from '../gateways';
import type { IngestFn } from '../mqttBridge';
import { RefusalCounts } from '../refusals';
import { mapFrames, type MapFrame } from './mapFrame';
import { applyState, newVdaVehicle, toAgvMessage, type VdaVehicle } from './mapping';
import { planMission } from './orders';

/** Why a VDA 5050 message could not be placed on the twin. */
export const VDA_REFUSALS = ['no-position', 'unknown-map', 'bad-serial', 'schema', 'seq-too-old', 'twin-full'] as const;
type VdaRefusal = (typeof VDA_REFUSALS)[number];

export interface Vda5050BridgeOptions {
  /** The MQTT broker the vehicles and we share. */
  url: string;
  /** First topic level (`<interfaceName>/v2/<manufacturer>/<serialNumber>/<topic>`); `uagv` by default. */
  interfaceName?: string;
  site: Site;
  ingest: IngestFn;
  log: Logger;
  commands?: CommandRouter;
  gateways?: DeviceGateways;
  /** `loadType` of pick/drop actions; vehicles declare what they carry in their factsheet. */
  loadType?: string;
  commandTimeoutMs?: number;
}

/**
 * AGVs that speak VDA 5050 2.x, through vda-5050-lib's MasterController. Their `state` and `visualization` become
 * ordinary AGV telemetry (twin id = serialNumber, position through the corridor map's frame), so they are validated,
 * deduplicated and recorded like any device; missions go out as `order`s, charging as `instantActions`, and the
 * vehicle's progress comes back through `state`.
 */
export class Vda5050Bridge implements CommandTransport {
  readonly name = 'vda5050';
  private mc: MasterController | undefined;
  private readonly vehicles = new Map<string, VdaVehicle>();
  private readonly byMap: Map<string, MapFrame>;
  private readonly byCorridor = new Map<string, MapFrame>();
  readonly counters = { states: 0, visualizations: 0, accepted: 0, orders: 0, ordersAccepted: 0, ordersFinished: 0, ordersFailed: 0, nodesTraversed: 0, instantActions: 0 };
  readonly refused = new RefusalCounts<VdaRefusal>(VDA_REFUSALS);

  constructor(private readonly opts: Vda5050BridgeOptions) {
    this.byMap = mapFrames(opts.site.corridors);
    for (const f of this.byMap.values()) this.byCorridor.set(f.corridor.id, f);
    const gateways = opts.gateways;
    if (gateways) this.refused.onCount = (n) => gateways.onRefused(n);
  }

  /** Connects as master control and subscribes to every vehicle's state, visualization and connection. */
  async start(): Promise<void> {
    const mc = new MasterController({ interfaceName: this.opts.interfaceName ?? 'uagv', transport: { brokerUrl: this.opts.url }, vdaVersion: '2.0.0' }, {});
    await mc.start();
    this.mc = mc;
    const guard = (f: () => void) => {
      try {
        f();
      } catch (e) {
        this.opts.log.warn({ err: (e as Error).message }, 'vda5050 message');
      }
    };
    await mc.subscribe(Topic.State, {}, (s: State, id: AgvId) => guard(() => this.onState(s, id)));
    await mc.subscribe(Topic.Visualization, {}, (v: Visualization, id: AgvId) => guard(() => this.onVisualization(v, id)));
    await mc.subscribe(Topic.Connection, {}, (c: Connection, id: AgvId) => guard(() => (this.vehicle(id).connection = c.connectionState)));
    this.opts.commands?.register(this.name, this);
    this.opts.gateways?.add(this);
  }

  /** Disconnects; missions to VDA 5050 vehicles are unroutable until it starts again. */
  async stop(): Promise<void> {
    this.opts.commands?.unregister(this.name);
    this.opts.gateways?.remove(this.name);
    const mc = this.mc;
    this.mc = undefined;
    await mc?.stop();
  }

  /** Counters, refusals by reason and each vehicle's connection and order, for `GET /api/health`. */
  health(): unknown {
    const vehicles = [...this.vehicles.values()].map((v) => ({ serialNumber: v.serialNumber, manufacturer: v.manufacturer, connection: v.connection, state: v.state, orderId: v.orderId, lastNodeId: v.lastNodeId, errors: v.errors }));
    return { ...this.counters, refused: this.refused.snapshot(), vehicles };
  }

  private vehicle(id: AgvId): VdaVehicle {
    const key = address(id);
    let v = this.vehicles.get(key);
    if (!v) this.vehicles.set(key, (v = newVdaVehicle(id.manufacturer, id.serialNumber)));
    return v;
  }

  private onState(s: State, id: AgvId): void {
    this.counters.states++;
    const v = this.vehicle(id);
    applyState(v, s);
    this.feed(v, s.timestamp, 1);
  }

  private onVisualization(vis: Visualization, id: AgvId): void {
    this.counters.visualizations++;
    const v = this.vehicle(id);
    if (vis.agvPosition) v.position = vis.agvPosition;
    if (vis.velocity) v.velocity = vis.velocity;
    this.feed(v, vis.timestamp, 0);
  }

  /** Hands the vehicle's current view to the ingest as one AGV message. */
  private feed(v: VdaVehicle, timestamp: string, topicBit: 0 | 1): void {
    if (!v.position?.positionInitialized) return this.refused.count('no-position');
    const frame = this.byMap.get(v.position.mapId);
    if (!frame) return this.refused.count('unknown-map');
    if (!IdSchema.safeParse(v.serialNumber).success) return this.refused.count('bad-serial');
    const parsed = Date.parse(timestamp);
    const ts = Number.isFinite(parsed) ? parsed : Date.now();
    // One seq per (instant, topic): a redelivered message is a duplicate, state and visualization of one instant are not.
    const msg = toAgvMessage(v, frame, ts * 2 + topicBit, ts);
    if (!msg) return;
    this.opts.ingest([msg], `vda5050:${address(v)}`).then(
      (ack) => {
        this.counters.accepted += ack.accepted;
        for (const r of ack.rejected) this.refused.count(r.error.startsWith('seq:') ? 'seq-too-old' : r.error.startsWith('twin:') ? 'twin-full' : 'schema');
      },
      (e: Error) => this.opts.log.warn({ err: e.message }, 'vda5050 ingest'),
    );
  }

  /** Sends an AGV mission as an `order` (and a charge as `instantActions`); resolves once the vehicle takes it. */
  deliver(cmd: Command, addr: string): Promise<Reply> {
    const mc = this.mc;
    const v = this.vehicles.get(addr);
    if (!mc || !v) return Promise.resolve({ ok: false, error: 'the VDA 5050 bridge does not know this vehicle' });
    if (cmd.type !== 'agv:mission') return Promise.resolve({ ok: false, error: 'a VDA 5050 vehicle takes AGV missions only' });
    const frame = this.byCorridor.get(cmd.corridor);
    const p = v.position;
    if (!frame || !p) return Promise.resolve({ ok: false, error: `corridor ${cmd.corridor} has no VDA 5050 map, or the vehicle no position` });
    const plan = planMission(cmd, this.opts.site, frame, { mapId: p.mapId, x: p.x, y: p.y, lastNodeId: v.lastNodeId ?? '' }, {
      orderId: cmd.commandId, actionId: () => mc.createUuid(), loadType: this.opts.loadType ?? 'EPAL',
    });
    if (!plan.ok) return Promise.resolve({ ok: false, error: plan.error });
    const agv: AgvId = { manufacturer: v.manufacturer, serialNumber: v.serialNumber };
    return new Promise<Reply>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => settle(undefined, new Error('the vehicle did not take the order in time')), this.opts.commandTimeoutMs ?? 10_000);
      const settle = (r: Reply | undefined, e?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (r) resolve(r);
        else reject(e ?? new Error('refused'));
      };
      const charge = () => {
        this.counters.instantActions++;
        // vda-5050-lib names the list `instantActions` (its 2.0 schema does too).
        mc.initiateInstantActions(agv, { instantActions: [{ actionId: mc.createUuid(), actionType: 'startCharging', blockingType: BlockingType.Hard }] }, {
          onActionStateChanged: () => settle({ ok: true, data: undefined }),
          onActionError: (err: VdaError) => settle({ ok: false, error: err.errorDescription ?? err.errorType }),
        }).catch((e: Error) => settle(undefined, e));
      };
      if (!plan.order) return charge();
      this.counters.orders++;
      const taken = () => {
        if (!settled) this.counters.ordersAccepted++;
        settle({ ok: true, data: undefined });
      };
      mc.assignOrder(agv, plan.order, {
        onOrderProcessed: (err) => {
          if (err) {
            this.counters.ordersFailed++;
            return settle({ ok: false, error: err.errorDescription ?? err.errorType });
          }
          this.counters.ordersFinished++;
          taken();
          if (plan.charge) charge();
        },
        onNodeTraversed: () => {
          this.counters.nodesTraversed++;
          taken();
        },
        onEdgeTraversing: taken,
        onActionStateChanged: taken,
      }).catch((e: Error) => settle(undefined, e));
    });
  }
}

/** A vehicle's route address: manufacturer and serial number, each URL-encoded. */
function address(id: AgvId): string {
  return `${encodeURIComponent(id.manufacturer)}/${encodeURIComponent(id.serialNumber)}`;
}
