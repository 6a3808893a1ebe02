import type { Side, Site, TruckCallCommand, TruckEvent } from '../protocol';
import { DIVERT_TRANSFER_MIN } from '../engine/divert';
import type { EngineTruck } from '../engine/types';
import { latLonAt, type CrossingGeometry, type SiteGeometry } from './geometry';
import type { Outbox } from './outbox';
import type { Rng } from './rng';

const ROAD_SPEED = 11; // m/s, ~40 km/h on the approach roads
const QUEUE_SPEED = 4; // m/s, creeping forward in a queue
const TRUCK_SPACING_M = 18; // bumper to bumper in a queue
const REPORT_MS = 2_000; // position reports while moving

type Stage = 'approach' | 'queued' | 'to-gate' | 'gate-wait' | 'service' | 'exit';

export interface SimTruck extends TruckSpec {
  id: string;
  /** Side it queues on: exports wait in Vietnam, imports in China. */
  side: Side;
  stage: Stage;
  /** Metres from the gate along the road of the side it is on. */
  along: number;
  lane?: string;
  serviceEnd: number;
  lastReport: number;
}

/** What a simulated truck is: the engine's view of it, and whether it is a third-country vehicle (protocol revision 2). */
export interface TruckSpec extends Pick<EngineTruck, 'crossing' | 'direction' | 'cargo' | 'perishable' | 'channel' | 'mode'> {
  thirdCountry?: boolean;
}

/** Trucks: approach, queue in yard then on the road, go to the lane they are called to, get served, cross, leave. */
export class TruckModel {
  readonly trucks = new Map<string, SimTruck>();
  /** Queue order per crossing and side (arrival order); a called truck leaves it wherever it stood. */
  private readonly queues = new Map<string, SimTruck[]>();
  /** Trucks waiting at or served by each lane, in arrival order at the gate. */
  private readonly laneQueues = new Map<string, SimTruck[]>();
  private readonly lanes: Map<string, { crossing: string; serviceS: number }>;
  private next = 0;
  counters = { arrived: 0, crossed: 0 };
  /** Vehicles that entered each lane (what its loop detector counts). */
  readonly laneEntries = new Map<string, number>();

  constructor(
    private readonly site: Site,
    private readonly geo: SiteGeometry,
    private readonly out: Outbox,
    private readonly rng: Rng,
    private readonly serviceFactor: () => number,
    /** A truck's lane time from the lane's nominal one (its crossing mode, sampling at the vehicle); default: the lane's. */
    private readonly laneSeconds: (baseS: number, t: SimTruck) => number = (baseS) => baseS,
  ) {
    this.lanes = new Map(site.crossings.flatMap((c) => c.lanes.map((l) => [l.id, { crossing: c.id, serviceS: l.serviceS }] as const)));
  }

  /** A new truck at the far end of its road; `queued` places it straight into the queue (initial backlog). */
  spawn(spec: TruckSpec, now: number, queued = false): SimTruck {
    const g = this.geo.crossings.get(spec.crossing);
    if (!g) throw new Error(`unknown crossing ${spec.crossing}`);
    const side: Side = spec.direction === 'export' ? 'vn' : 'cn';
    const t: SimTruck = { id: `T${String(++this.next).padStart(6, '0')}`, ...spec, side, stage: 'approach', along: g.roads[side].length, serviceEnd: 0, lastReport: -Infinity };
    this.trucks.set(t.id, t);
    const q = this.queue(spec.crossing, side);
    q.push(t);
    if (queued) {
      t.along = this.slotAlong(g, side, q.length - 1);
      this.arrive(t, g, now);
    } else this.emit(t, 'position', now);
    return t;
  }

  /**
   * Obeys a call-forward: the truck leaves its queue and drives to the gate. A call to another crossing's lane (an
   * export diverted between freight crossings) sends it there by the roads between them: it drives
   * DIVERT_TRANSFER_MIN at road speed before it reaches that crossing's road, then in to the gate.
   */
  call(cmd: TruckCallCommand, now: number): string | undefined {
    const t = this.trucks.get(cmd.truck);
    if (!t) return `no truck ${cmd.truck}`;
    if (t.stage !== 'queued' && t.stage !== 'approach') return `truck ${t.id} is not waiting (${t.stage})`;
    const lane = this.lanes.get(cmd.lane);
    if (!lane) return `no lane ${cmd.lane}`;
    if (lane.crossing !== t.crossing && !(t.direction === 'export' && cmd.crossing === lane.crossing)) return `lane ${cmd.lane} is not at ${t.crossing}`;
    const q = this.queue(t.crossing, t.side);
    q.splice(q.indexOf(t), 1);
    if (lane.crossing !== t.crossing) {
      t.crossing = lane.crossing;
      t.along = this.geo.crossings.get(lane.crossing)!.roads[t.side].length + DIVERT_TRANSFER_MIN * 60 * ROAD_SPEED;
    }
    t.stage = 'to-gate';
    t.lane = cmd.lane;
    this.emit(t, 'called', now);
    return undefined;
  }

  step(now: number, dt: number): void {
    for (const [key, q] of this.queues) {
      const [crossing, side] = key.split('|') as [string, Side];
      const g = this.geo.crossings.get(crossing)!;
      for (let k = 0; k < q.length; k++) this.moveInQueue(q[k]!, g, side, k, now, dt);
    }
    for (const t of this.trucks.values()) {
      if (t.stage === 'to-gate') this.toGate(t, now, dt);
      else if (t.stage === 'exit') this.exit(t, now, dt);
    }
    for (const [laneId, lq] of this.laneQueues) this.serve(laneId, lq, now);
  }

  private moveInQueue(t: SimTruck, g: CrossingGeometry, side: Side, k: number, now: number, dt: number): void {
    const target = this.slotAlong(g, side, k);
    if (t.along <= target) {
      if (t.stage === 'approach') this.arrive(t, g, now);
      return;
    }
    t.along = Math.max(target, t.along - (t.stage === 'approach' ? ROAD_SPEED : QUEUE_SPEED) * dt);
    this.report(t, now, t.stage === 'approach' ? ROAD_SPEED : QUEUE_SPEED);
  }

  private arrive(t: SimTruck, g: CrossingGeometry, now: number): void {
    t.stage = 'queued';
    this.counters.arrived++;
    this.emit(t, 'arrived', now, g.yardId[t.side]);
  }

  private toGate(t: SimTruck, now: number, dt: number): void {
    t.along = Math.max(0, t.along - ROAD_SPEED * dt);
    if (t.along > 0) return this.report(t, now, ROAD_SPEED);
    t.stage = 'gate-wait';
    let lq = this.laneQueues.get(t.lane!);
    if (!lq) this.laneQueues.set(t.lane!, (lq = []));
    lq.push(t);
    this.emit(t, 'position', now);
  }

  private serve(laneId: string, lq: SimTruck[], now: number): void {
    const head = lq[0];
    if (!head) return;
    if (head.stage === 'gate-wait') {
      const lane = this.lanes.get(laneId)!;
      const factor = this.site.channelServiceFactor[head.channel] * this.serviceFactor();
      head.stage = 'service';
      head.serviceEnd = now + this.laneSeconds(lane.serviceS, head) * factor * this.rng.range(0.8, 1.2) * 1000;
      this.laneEntries.set(laneId, (this.laneEntries.get(laneId) ?? 0) + 1);
      this.emit(head, 'entered-lane', now);
    } else if (head.stage === 'service' && now >= head.serviceEnd) {
      this.emit(head, 'inspected', now);
      lq.shift();
      head.side = head.side === 'vn' ? 'cn' : 'vn';
      head.stage = 'exit';
      head.along = 0;
      this.counters.crossed++;
      this.emit(head, 'crossed', now);
    }
  }

  private exit(t: SimTruck, now: number, dt: number): void {
    const road = this.geo.crossings.get(t.crossing)!.roads[t.side];
    t.along = Math.min(road.length, t.along + ROAD_SPEED * dt);
    if (t.along < road.length) return this.report(t, now, ROAD_SPEED);
    this.emit(t, 'departed', now);
    this.trucks.delete(t.id);
  }

  /** Where the k-th truck of a queue stands: in the yard while it has room, then back along the road. */
  private slotAlong(g: CrossingGeometry, side: Side, k: number): number {
    const cap = g.yardCapacity[side];
    const road = g.roads[side];
    if (k < cap) return g.yardAlong[side];
    return Math.min(road.length - 5, g.yardAlong[side] + (k - cap + 1) * TRUCK_SPACING_M);
  }

  private queue(crossing: string, side: Side): SimTruck[] {
    const key = `${crossing}|${side}`;
    let q = this.queues.get(key);
    if (!q) this.queues.set(key, (q = []));
    return q;
  }

  private report(t: SimTruck, now: number, speed: number): void {
    if (now - t.lastReport >= REPORT_MS) this.emit(t, 'position', now, undefined, speed);
  }

  private emit(t: SimTruck, event: TruckEvent, now: number, yard?: string, speed = 0): void {
    t.lastReport = now;
    const road = this.geo.crossings.get(t.crossing)!.roads[t.side];
    const p = latLonAt(this.geo, road, t.along);
    // Headings along the road point away from the gate; a truck heading to the gate faces the other way.
    const heading = t.stage === 'exit' ? p.heading : (p.heading + 180) % 360;
    this.out.push({
      kind: 'truck', id: t.id, seq: this.out.seq(t.id), ts: Math.round(now), event, crossing: t.crossing, direction: t.direction,
      cargo: t.cargo, perishable: t.perishable, channel: t.channel, lat: p.lat, lon: p.lon, heading, speed,
      ...(t.lane ? { lane: t.lane } : {}), ...(yard ? { yard } : {}),
      ...(t.mode ? { mode: t.mode } : {}), ...(t.thirdCountry !== undefined ? { thirdCountry: t.thirdCountry } : {}),
    });
  }

  /** Trucks waiting per crossing and side (the queue cameras' ground truth). */
  queueLength(crossing: string, side: Side): number {
    return this.queues.get(`${crossing}|${side}`)?.length ?? 0;
  }
}
