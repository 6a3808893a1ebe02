import {
  assertNever,
  Flag,
  TRUCK_PHASES,
  localFrame,
  polyline,
  project,
  toX,
  toY,
  type AgvMessage,
  type Direction,
  type LocalFrame,
  type Polyline,
  type SensorMessage,
  type Site,
  type Telemetry,
  type TruckEvent,
  type TruckMessage,
  type TruckPhase,
} from '../protocol';
import type { ClearedTruck } from '../engine/types';
import type { Agv, Sensor, Tracked, Truck } from './entities';
import { newRecord, toEntityRecord } from './entityRecord';
import { HandlePool } from './handles';
import { LaneTable } from './lanes';

const PHASE_OF_EVENT: Record<TruckEvent, TruckPhase | undefined> = {
  arrived: 'queued',
  position: undefined,
  called: 'called',
  'entered-lane': 'in-lane',
  inspected: 'inspected',
  crossed: 'crossed',
  departed: 'departed',
};
const RANK = Object.fromEntries(TRUCK_PHASES.map((p, i) => [p, i])) as Record<TruckPhase, number>;
/** Sensors the twin holds at most: a device inventing ids must not grow it without bound (vehicles: 65,536 handles). */
export const MAX_SENSORS = 65_536;
/** Parked phases: a queued truck reports only events, so silence does not make it stale. */
const PARKED: ReadonlySet<TruckPhase> = new Set(['queued']);
const DEFAULT_PERIOD_MS = { truck: 5_000, agv: 1_000, sensor: 1_000 } as const;
const CLEARED_KEEP_MS = 36 * 3_600_000;

export type ApplyResult = 'applied' | 'late';

/** The instant each life event stamps on a truck (the first report of it wins); every event is listed. */
const STAMPED: { readonly [E in TruckMessage['event']]: 'queuedAt' | 'calledAt' | 'enteredLaneAt' | 'inspectedAt' | 'crossedAt' | undefined } = {
  arrived: 'queuedAt',
  called: 'calledAt',
  'entered-lane': 'enteredLaneAt',
  inspected: 'inspectedAt',
  crossed: 'crossedAt',
  position: undefined,
  departed: undefined,
};

/**
 * The live state of the zone: trucks, AGVs, sensors and lanes, built from telemetry.
 * Order-insensitive by construction: a pose or state only moves forward in seq, a truck's phase
 * only forward in its life, so a shuffled or repeated stream ends in the same state.
 */
export class Twin {
  readonly frame: LocalFrame;
  readonly trucks = new Map<string, Truck>();
  readonly agvs = new Map<string, Agv>();
  readonly sensors = new Map<string, Sensor>();
  readonly lanes: LaneTable;
  readonly cleared: ClearedTruck[] = [];
  readonly handles = new HandlePool();
  /** Trucks that departed (kept 36 h), so late messages of their visit do not resurrect them. */
  private readonly departed = new Map<string, { truck: Truck; at: number }>();
  private departedPrunedAt = 0;
  private readonly corridors: { id: string; kind: 'agv' | 'rail'; line: Polyline }[];
  private readonly crossingIds: ReadonlySet<string>;
  counters = { late: 0, unknownCrossing: 0 };

  constructor(readonly site: Site) {
    this.frame = localFrame(site.origin);
    // Only corridors in operation under the active configuration (fleet > 0) can claim a vehicle.
    this.corridors = site.corridors.filter((c) => (site.fleets[c.id] ?? 0) > 0).map((c) => ({ id: c.id, kind: c.kind, line: polyline(this.frame, c.path) }));
    this.crossingIds = new Set(site.crossings.map((c) => c.id));
    this.lanes = new LaneTable(site);
  }

  /** Applies one validated, deduplicated message received at twin time `now`. */
  apply(msg: Telemetry, now: number): ApplyResult {
    switch (msg.kind) {
      case 'truck':
        return this.applyTruck(msg, now);
      case 'agv':
        return this.applyAgv(msg, now);
      case 'sensor':
        return this.applySensor(msg, now);
      default:
        return assertNever(msg, 'telemetry kind');
    }
  }

  /** Takes over another twin's whole state in place (a follower promoted to leader reloads the recording). */
  adopt(other: Twin): void {
    for (const [mine, theirs] of [[this.trucks, other.trucks], [this.agvs, other.agvs], [this.sensors, other.sensors], [this.lanes.byId, other.lanes.byId]] as [Map<string, unknown>, Map<string, unknown>][]) {
      mine.clear();
      for (const [k, v] of theirs) mine.set(k, v);
    }
    this.cleared.splice(0, this.cleared.length, ...other.cleared);
    this.handles.restore(other.handles.snapshot());
    this.restoreDepartures(other.departures());
    this.counters = { ...other.counters };
  }

  /** Marks devices that missed two reporting periods as stale; returns how many changed. */
  updateStaleness(now: number): number {
    let changed = 0;
    const check = (e: Tracked | Sensor, exempt: boolean) => {
      const stale = !exempt && now - e.lastSeen > 2 * e.periodMs;
      if (stale !== e.stale) {
        e.stale = stale;
        changed++;
        if ('rec' in e) e.rec.flags = stale ? e.rec.flags | Flag.stale : e.rec.flags & ~Flag.stale;
      }
    };
    for (const t of this.trucks.values()) check(t, PARKED.has(t.phase));
    for (const a of this.agvs.values()) check(a, false);
    for (const s of this.sensors.values()) check(s, false);
    this.trimCleared(now);
    return changed;
  }

  private applyTruck(m: TruckMessage, now: number): ApplyResult {
    let t = this.trucks.get(m.id);
    if (!t) {
      // A message of a visit that already ended (it arrived after `departed`) is late: it still dates that visit's
      // life events (the cleared entry), but must not bring the truck back. A higher seq is a new visit.
      const gone = this.departed.get(m.id);
      if (gone && m.seq <= gone.truck.stateSeq) {
        this.stamp(gone.truck, m);
        return this.late();
      }
      // First, as it may refuse (the twin is full): nothing is changed for a refused message.
      const handle = this.handles.take();
      if (gone) this.departed.delete(m.id);
      if (!this.crossingIds.has(m.crossing)) this.counters.unknownCrossing++;
      t = {
        kind: 'truck', id: m.id, handle, crossing: m.crossing, direction: m.direction, cargo: m.cargo, perishable: m.perishable,
        phase: 'approaching', x: 0, y: 0, seqs: { channel: -1, yard: -1, lane: -1, pos: -1 }, stateSeq: -1, lastSeen: now, periodMs: DEFAULT_PERIOD_MS.truck, intervals: 0, stale: false,
        rec: newRecord(handle),
      };
      this.trucks.set(m.id, t);
    }
    touch(t, now);
    const late = m.seq < t.stateSeq;
    if (!late) t.stateSeq = m.seq;
    // Each field follows the newest message that carries it, so arrival order does not matter.
    // Plain assignments, not `[a, b] = [c, d]`: no array per message on the hot path.
    if (m.channel && m.seq > t.seqs.channel) {
      t.channel = m.channel;
      t.seqs.channel = m.seq;
    }
    if (m.mode !== undefined) t.mode ??= m.mode;
    // A call to another crossing's lane diverts the truck there (an export sent between freight crossings).
    if (!late && m.crossing !== t.crossing && this.crossingIds.has(m.crossing)) t.crossing = m.crossing;
    if (m.yard && m.seq > t.seqs.yard) {
      t.yard = m.yard;
      t.seqs.yard = m.seq;
    }
    if (m.lane && m.event !== 'arrived' && m.event !== 'position' && m.seq > t.seqs.lane) {
      t.lane = m.lane;
      t.seqs.lane = m.seq;
    }
    if (m.lat !== undefined && m.lon !== undefined && m.seq > t.seqs.pos) {
      t.seqs.pos = m.seq;
      t.x = toX(this.frame, m.lon);
      t.y = toY(this.frame, m.lat);
      if (m.heading !== undefined) t.rec.heading = m.heading;
      t.rec.speed = m.speed ?? 0;
      t.rec.poseTime = now;
    }
    const phase = PHASE_OF_EVENT[m.event];
    if (phase && RANK[phase] > RANK[t.phase]) t.phase = phase;
    this.stamp(t, m);
    toEntityRecord(t);
    if (t.phase === 'departed') this.removeTruck(t);
    return late ? this.late() : 'applied';
  }

  /** Records when each life event happened, whatever order the events arrive in. */
  private stamp(t: Truck, m: TruckMessage): void {
    const field = STAMPED[m.event];
    if (field) t[field] ??= m.ts;
    if (t.crossedAt === undefined) return;
    if (!t.clearedEntry) {
      t.clearedEntry = { crossing: t.crossing, direction: t.direction, perishable: t.perishable, queuedAt: 0, enteredLaneAt: 0, crossedAt: t.crossedAt };
      this.cleared.push(t.clearedEntry);
    }
    t.clearedEntry.enteredLaneAt = t.enteredLaneAt ?? t.crossedAt;
    t.clearedEntry.queuedAt = t.queuedAt ?? t.clearedEntry.enteredLaneAt;
  }

  private removeTruck(t: Truck): void {
    this.departed.set(t.id, { truck: t, at: t.lastSeen });
    this.trucks.delete(t.id);
    this.handles.give(t.handle);
  }

  private applyAgv(m: AgvMessage, now: number): ApplyResult {
    let a = this.agvs.get(m.id);
    if (!a) {
      const handle = this.handles.take();
      a = {
        kind: 'agv', id: m.id, handle, conveyance: 'agv', along: 0, x: 0, y: 0, heading: 0, speed: 0, battery: 1, state: 'idle',
        stateSeq: -1, lastSeen: now, periodMs: DEFAULT_PERIOD_MS.agv, intervals: 0, stale: false,
        rec: newRecord(handle),
      };
      this.agvs.set(m.id, a);
    }
    touch(a, now);
    if (m.seq < a.stateSeq) return this.late();
    a.stateSeq = m.seq;
    a.x = toX(this.frame, m.lon);
    a.y = toY(this.frame, m.lat);
    a.heading = m.heading;
    a.speed = m.speed;
    a.battery = m.battery;
    a.state = m.state;
    if (m.container) a.container = m.container;
    else delete a.container;
    this.locateOnCorridor(a);
    toEntityRecord(a).poseTime = now;
    return 'applied';
  }

  private locateOnCorridor(a: Agv): void {
    let best = 150;
    for (const c of this.corridors) {
      const p = project(c.line, a.x, a.y);
      if (p.offset < best) {
        best = p.offset;
        a.corridor = c.id;
        a.conveyance = c.kind;
        a.along = p.along;
      }
    }
  }

  /** Trucks that departed and when (kept so late messages of their visit stay late), for keyframes. */
  departures(): { truck: Truck; at: number }[] {
    return [...this.departed.values()];
  }

  /** Puts back the departures a keyframe holds. */
  restoreDepartures(list: readonly { truck: Truck; at: number }[]): void {
    this.departed.clear();
    for (const d of list) this.departed.set(d.truck.id, { truck: d.truck, at: d.at });
  }

  /** Re-derives an AGV's corridor and distance along it from its position (restoring a keyframe). */
  relocate(a: Agv): void {
    this.locateOnCorridor(a);
  }

  private applySensor(m: SensorMessage, now: number): ApplyResult {
    let s = this.sensors.get(m.id);
    if (!s) {
      if (this.sensors.size >= MAX_SENSORS) throw new RangeError(`the twin already holds ${MAX_SENSORS} sensors; a new sensor id is refused`);
      s = { kind: 'sensor', id: m.id, type: m.type, value: m.value, stateSeq: -1, lastSeen: now, periodMs: DEFAULT_PERIOD_MS.sensor, intervals: 0, stale: false };
      this.sensors.set(m.id, s);
    }
    touch(s, now);
    if (m.seq < s.stateSeq) return this.late();
    s.stateSeq = m.seq;
    s.type = m.type;
    s.value = m.value;
    if (m.lane) s.lane = m.lane;
    if (m.zone) s.zone = m.zone;
    if (m.unit) s.unit = m.unit;
    if (m.type === 'barrier' && m.lane) {
      const lane = this.lanes.byId.get(m.lane);
      if (lane) lane.barrierDown = m.value === 0;
    }
    return 'applied';
  }

  private late(): ApplyResult {
    this.counters.late++;
    return 'late';
  }

  /** Queued trucks per crossing and direction. */
  queues(): { crossing: string; direction: Direction; queue: number }[] {
    const counts = new Map<string, number>();
    for (const t of this.trucks.values()) {
      if (t.phase !== 'queued') continue;
      const k = `${t.crossing}|${t.direction}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const out: { crossing: string; direction: Direction; queue: number }[] = [];
    for (const c of this.site.crossings) {
      if (c.kind !== 'freight') continue;
      for (const direction of ['export', 'import'] as const) out.push({ crossing: c.id, direction, queue: counts.get(`${c.id}|${direction}`) ?? 0 });
    }
    return out;
  }

  private trimCleared(now: number): void {
    let drop = 0;
    while (drop < this.cleared.length && this.cleared[drop]!.crossedAt < now - CLEARED_KEEP_MS) drop++;
    if (drop > 0) this.cleared.splice(0, drop);
    if (now - this.departedPrunedAt > 60_000) {
      this.departedPrunedAt = now;
      for (const [id, d] of this.departed) if (d.at < now - CLEARED_KEEP_MS) this.departed.delete(id);
    }
  }
}

/** Records a message's arrival and refreshes the period estimate and staleness. */
function touch(e: Tracked | Sensor, now: number): void {
  const dt = now - e.lastSeen;
  // The first interval replaces the kind's default period; later ones are smoothed.
  if (dt > 0) e.periodMs = e.intervals++ === 0 ? dt : 0.8 * e.periodMs + 0.2 * dt;
  e.lastSeen = now;
  if (e.stale) {
    e.stale = false;
    if ('rec' in e) e.rec.flags &= ~Flag.stale;
  }
}
