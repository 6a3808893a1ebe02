import { toLat, toLon, toX, toY, type Direction, type LaneDirection, type LocalFrame, type Site } from '../protocol';
import type { ClearedTruck } from '../engine/types';
import type { Agv, Sensor, Truck } from './entities';
import { newRecord, toEntityRecord } from './entityRecord';
import { Twin } from './twin';

/** A truck in a keyframe: its fields without the frame record (derived again), position as WGS84. */
export type TruckKey = Omit<Truck, 'kind' | 'rec' | 'clearedEntry' | 'x' | 'y'> & {
  /** Index of its entry in the cleared log, or -1. */
  cleared: number;
  /** Present once a message carried a position. */
  lat?: number;
  lon?: number;
  heading: number;
  speed: number;
  /** When the position was measured (the broadcaster extrapolates from it). */
  poseTime?: number;
};

/** An AGV (or rail shuttle) in a keyframe; `corridor` and `along` are re-derived from the position when possible. */
export type AgvKey = Omit<Agv, 'kind' | 'rec' | 'x' | 'y'> & { lat: number; lon: number; poseTime?: number };

export type SensorKey = Omit<Sensor, 'kind'>;

/** A departed truck: only what a late message of its finished visit can still touch (its life events, its cleared entry). */
export type DepartedKey = Pick<Truck, 'id' | 'stateSeq' | 'crossing' | 'direction' | 'cargo' | 'perishable' | (typeof LIFE_EVENTS)[number]> & {
  cleared: number;
  at: number;
};

/** The life-event timestamps of a truck. */
export const LIFE_EVENTS = ['queuedAt', 'calledAt', 'enteredLaneAt', 'inspectedAt', 'crossedAt'] as const;

export interface LaneKey {
  id: string;
  open: boolean;
  direction: LaneDirection;
  barrierDown: boolean;
  runningDirection?: Direction;
}

/** The whole twin as plain data: what a recording stores every few seconds and restores on seek or restart. */
export interface TwinKeyframe {
  ts: number;
  trucks: TruckKey[];
  agvs: AgvKey[];
  sensors: SensorKey[];
  lanes: LaneKey[];
  cleared: ClearedTruck[];
  /** Trucks that left the zone, so late messages of a finished visit do not bring them back. */
  departed: DepartedKey[];
  handles: { next: number; free: number[]; pending: number[] };
  counters: { late: number; unknownCrossing: number };
}

/**
 * Captures the twin at `ts` (synchronously: the caller guarantees no message is half-applied). It runs on the ingest
 * thread, which nothing else can use meanwhile, so it copies field by field: the object rest and spread it used
 * (`{ kind, rec, x, y, ...t }`) took 8–15 µs a vehicle, 40–80 ms for a twin of 5,000, and every ack waited.
 */
export function toKeyframe(twin: Twin, ts: number): TwinKeyframe {
  const f = twin.frame;
  const clearedIndex = new Map(twin.cleared.map((c, i) => [c, i]));
  const trucks: TruckKey[] = [];
  for (const t of twin.trucks.values()) trucks.push(truckKey(t, f, clearedIndex));
  const agvs: AgvKey[] = [];
  for (const a of twin.agvs.values()) agvs.push(agvKey(a, f));
  const sensors: SensorKey[] = [];
  for (const s of twin.sensors.values()) sensors.push(sensorKey(s));
  const lanes = [...twin.lanes.byId.values()].map((l): LaneKey => {
    const k: LaneKey = { id: l.id, open: l.open, direction: l.direction, barrierDown: l.barrierDown };
    if (l.runningDirection) k.runningDirection = l.runningDirection;
    return k;
  });
  return {
    ts, trucks, agvs, sensors, lanes, cleared: twin.cleared.map((c) => ({ ...c })), departed: twin.departures().map((d) => departedKey(d.truck, d.at, clearedIndex)), handles: twin.handles.snapshot(), counters: { ...twin.counters },
  };
}

/** The fields of each entity that a keyframe leaves out (derived again on restore); a test holds the copies below to them. */
export const KEYFRAME_SKIPS = { truck: ['kind', 'rec', 'clearedEntry', 'x', 'y'], agv: ['kind', 'rec', 'x', 'y'], sensor: ['kind'] } as const;

function truckKey(t: Truck, f: LocalFrame, clearedIndex: Map<ClearedTruck, number>): TruckKey {
  const k: TruckKey = {
    id: t.id, handle: t.handle, stateSeq: t.stateSeq, lastSeen: t.lastSeen, periodMs: t.periodMs, intervals: t.intervals, stale: t.stale,
    crossing: t.crossing, direction: t.direction, cargo: t.cargo, perishable: t.perishable, phase: t.phase, seqs: { ...t.seqs },
    cleared: t.clearedEntry ? (clearedIndex.get(t.clearedEntry) ?? -1) : -1, heading: t.rec.heading, speed: t.rec.speed,
  };
  if (t.channel !== undefined) k.channel = t.channel;
  if (t.mode !== undefined) k.mode = t.mode;
  if (t.yard !== undefined) k.yard = t.yard;
  if (t.lane !== undefined) k.lane = t.lane;
  for (const e of LIFE_EVENTS) if (t[e] !== undefined) k[e] = t[e];
  if (t.rec.poseTime !== undefined) k.poseTime = t.rec.poseTime;
  if (t.seqs.pos >= 0) {
    k.lat = toLat(f, t.y);
    k.lon = toLon(f, t.x);
  }
  return k;
}

function agvKey(a: Agv, f: LocalFrame): AgvKey {
  const k: AgvKey = {
    id: a.id, handle: a.handle, stateSeq: a.stateSeq, lastSeen: a.lastSeen, periodMs: a.periodMs, intervals: a.intervals, stale: a.stale,
    conveyance: a.conveyance, along: a.along, heading: a.heading, speed: a.speed, battery: a.battery, state: a.state, lat: toLat(f, a.y), lon: toLon(f, a.x),
  };
  if (a.corridor !== undefined) k.corridor = a.corridor;
  if (a.container !== undefined) k.container = a.container;
  if (a.rec.poseTime !== undefined) k.poseTime = a.rec.poseTime;
  return k;
}

function sensorKey(s: Sensor): SensorKey {
  const k: SensorKey = { id: s.id, stateSeq: s.stateSeq, lastSeen: s.lastSeen, periodMs: s.periodMs, intervals: s.intervals, stale: s.stale, type: s.type, value: s.value };
  if (s.lane !== undefined) k.lane = s.lane;
  if (s.zone !== undefined) k.zone = s.zone;
  if (s.unit !== undefined) k.unit = s.unit;
  return k;
}

/** A twin of `site` in the state a keyframe holds; lanes the site does not have are skipped. */
export function fromKeyframe(site: Site, kf: TwinKeyframe): Twin {
  const twin = new Twin(site);
  const f = twin.frame;
  for (const c of kf.cleared) twin.cleared.push({ ...c });
  for (const k of kf.trucks) {
    const t = truckOf(twin, k);
    twin.trucks.set(t.id, t);
  }
  for (const { lat, lon, poseTime, ...k } of kf.agvs) {
    const x = toX(f, lon);
    const y = toY(f, lat);
    const a: Agv = { ...k, kind: 'agv', x, y, rec: newRecord(k.handle) };
    if (poseTime !== undefined) a.rec.poseTime = poseTime;
    // The live twin derived `along` from the unrounded position; deriving it again keeps seek and play identical.
    twin.relocate(a);
    toEntityRecord(a);
    twin.agvs.set(a.id, a);
  }
  for (const s of kf.sensors) twin.sensors.set(s.id, { ...s, kind: 'sensor' });
  applyLanes(twin, kf.lanes);
  twin.restoreDepartures(kf.departed.map((d) => ({ truck: departedTruck(twin, d), at: d.at })));
  twin.handles.restore(kf.handles);
  twin.counters = { ...kf.counters };
  return twin;
}

/** A live truck object from its keyframe form, linked to its cleared-log entry. */
function truckOf(twin: Twin, k: TruckKey): Truck {
  const has = k.lat !== undefined && k.lon !== undefined;
  const x = has ? toX(twin.frame, k.lon!) : 0;
  const y = has ? toY(twin.frame, k.lat!) : 0;
  // Field by field rather than a spread: thousands of trucks per seek, and a spread of decoded objects is slow.
  const t: Truck = {
    kind: 'truck', id: k.id, handle: k.handle, stateSeq: k.stateSeq, lastSeen: k.lastSeen, periodMs: k.periodMs, intervals: k.intervals, stale: k.stale,
    crossing: k.crossing, direction: k.direction, cargo: k.cargo, perishable: k.perishable, phase: k.phase, seqs: { ...k.seqs }, x, y,
    rec: { ...newRecord(k.handle), heading: k.heading, speed: k.speed },
  };
  toEntityRecord(t);
  if (k.poseTime !== undefined) t.rec.poseTime = k.poseTime;
  if (k.channel !== undefined) t.channel = k.channel;
  if (k.yard !== undefined) t.yard = k.yard;
  if (k.lane !== undefined) t.lane = k.lane;
  if (k.mode !== undefined) t.mode = k.mode;
  for (const e of LIFE_EVENTS) if (k[e] !== undefined) t[e] = k[e];
  const entry = twin.cleared[k.cleared];
  if (entry) t.clearedEntry = entry;
  return t;
}

function departedKey(t: Truck, at: number, clearedIndex: Map<ClearedTruck, number>): DepartedKey {
  const d: DepartedKey = { id: t.id, stateSeq: t.stateSeq, crossing: t.crossing, direction: t.direction, cargo: t.cargo, perishable: t.perishable, cleared: t.clearedEntry ? (clearedIndex.get(t.clearedEntry) ?? -1) : -1, at };
  for (const e of LIFE_EVENTS) if (t[e] !== undefined) d[e] = t[e];
  return d;
}

/** A departed truck as the twin keeps it: its visit is over, so only its identity, life events and cleared entry matter. */
function departedTruck(twin: Twin, d: DepartedKey): Truck {
  return truckOf(twin, {
    id: d.id, handle: 0, stateSeq: d.stateSeq, lastSeen: d.at, periodMs: 0, intervals: 0, stale: false, crossing: d.crossing, direction: d.direction, cargo: d.cargo,
    perishable: d.perishable, phase: 'departed', seqs: { channel: -1, yard: -1, lane: -1, pos: -1 }, cleared: d.cleared, heading: 0, speed: 0,
    ...Object.fromEntries(LIFE_EVENTS.filter((e) => d[e] !== undefined).map((e) => [e, d[e]])),
  });
}

/**
 * Sets the twin's lanes to a keyframe's (operator overrides, reversible directions and, unless `barriers` is false,
 * barriers). Replay passes keyframes with `barriers: false`: its barrier sensors' own messages set those.
 */
export function applyLanes(twin: Twin, lanes: readonly LaneKey[], { barriers = true } = {}): void {
  for (const k of lanes) {
    const l = twin.lanes.byId.get(k.id);
    if (!l) continue;
    l.open = k.open;
    l.direction = k.direction;
    if (barriers) l.barrierDown = k.barrierDown;
    if (k.runningDirection) l.runningDirection = k.runningDirection;
    else delete l.runningDirection;
  }
}
