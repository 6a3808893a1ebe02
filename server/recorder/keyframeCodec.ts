import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { AGV_STATE_CODES, CARGO_CODES, CROSSING_MODES, LaneDirectionSchema, SensorTypeSchema, TRUCK_PHASES, ChannelSchema, type Cargo } from '../protocol';
import { LIFE_EVENTS, type AgvKey, type DepartedKey, type LaneKey, type SensorKey, type TruckKey, type TwinKeyframe } from '../twin/keyframe';
import { BATTERY_SCALE, HEADING_SCALE, LATLON_SCALE, SPEED_SCALE } from './blockCodec';
import { ByteReader, ByteWriter } from './bytes';
import { StringTable } from './strings';

/**
 * Binary keyframe: self-contained (its own string table), deflated. Positions, headings, speeds and battery
 * are rounded exactly as the telemetry blocks round them, so a twin restored from a keyframe equals one that
 * replayed the blocks up to the same point.
 */
// Format 4 added each truck's crossing mode (a restored or replayed twin lost it, and the engine with it); format 3
// keyframes, without it, are still read.
const FORMAT = 4;
const OLDEST_FORMAT = 3;
const DIRS = ['export', 'import'] as const;
const CHANNELS = ChannelSchema.options;
const LANE_DIRS = LaneDirectionSchema.options;
const SENSOR_TYPES = SensorTypeSchema.options;
const TRUCK_TIMES = LIFE_EVENTS;

const q = (v: number, scale: number) => Math.round(v * scale);
const opt = (w: ByteWriter, strings: StringTable, s: string | undefined) => w.uint(s === undefined ? 0 : strings.ref(s) + 1);
const optRead = (r: ByteReader, strings: StringTable): string | undefined => {
  const i = r.uint();
  return i === 0 ? undefined : strings.get(i - 1);
};

/** Encodes and deflates a keyframe (in `format`: the current one; 3, without modes, is for tests of old recordings). */
export function encodeKeyframe(kf: TwinKeyframe, format: 3 | typeof FORMAT = FORMAT): Buffer {
  const strings = new StringTable();
  const w = new ByteWriter(64 * 1024);
  const ts = kf.ts;
  w.uint(kf.counters.late);
  w.uint(kf.counters.unknownCrossing);
  w.uint(kf.handles.next);
  for (const list of [kf.handles.free, kf.handles.pending]) {
    w.uint(list.length);
    for (const h of list) w.uint(h);
  }
  let lat = 0;
  let lon = 0;
  const pos = (a: number, o: number) => {
    const qa = q(a, LATLON_SCALE);
    const qo = q(o, LATLON_SCALE);
    w.int(qa - lat);
    w.int(qo - lon);
    [lat, lon] = [qa, qo];
  };
  const timing = (e: { stateSeq: number; lastSeen: number; periodMs: number; intervals: number; stale: boolean }) => {
    w.uint(e.stateSeq + 1);
    w.exact(e.lastSeen, ts);
    w.f64(e.periodMs);
    w.uint(e.intervals * 2 + (e.stale ? 1 : 0));
  };
  const poseTime = (p: number | undefined) => {
    w.uint(p === undefined ? 0 : 1);
    if (p !== undefined) w.exact(p, ts);
  };
  const truck = (t: TruckKey) => {
    w.uint(strings.ref(t.id));
    w.uint(t.handle);
    w.uint(strings.ref(t.crossing));
    w.uint((CARGO_CODES.indexOf(t.cargo) * 2 + (t.perishable ? 1 : 0)) * 2 + DIRS.indexOf(t.direction));
    w.uint(TRUCK_PHASES.indexOf(t.phase) * 4 + (t.channel ? CHANNELS.indexOf(t.channel) + 1 : 0));
    opt(w, strings, t.yard);
    opt(w, strings, t.lane);
    const hasPos = t.lat !== undefined && t.lon !== undefined;
    w.uint(TRUCK_TIMES.reduce((bits, k, i) => bits | (t[k] !== undefined ? 1 << i : 0), hasPos ? 32 : 0));
    for (const k of TRUCK_TIMES) if (t[k] !== undefined) w.exact(t[k], ts);
    w.uint(t.cleared + 1);
    for (const s of [t.seqs.channel, t.seqs.yard, t.seqs.lane, t.seqs.pos]) w.uint(s + 1);
    timing(t);
    if (hasPos) pos(t.lat!, t.lon!);
    w.int(q(t.heading, HEADING_SCALE));
    w.int(q(t.speed, SPEED_SCALE));
    poseTime(t.poseTime);
    if (format >= 4) w.uint(t.mode === undefined ? 0 : CROSSING_MODES.indexOf(t.mode) + 1);
  };
  w.uint(kf.trucks.length);
  for (const t of kf.trucks) truck(t);
  w.uint(kf.agvs.length);
  for (const a of kf.agvs) {
    w.uint(strings.ref(a.id));
    w.uint(a.handle);
    w.uint(AGV_STATE_CODES.indexOf(a.state) * 2 + (a.conveyance === 'rail' ? 1 : 0));
    opt(w, strings, a.corridor);
    w.f64(a.along);
    pos(a.lat, a.lon);
    w.int(q(a.heading, HEADING_SCALE));
    w.int(q(a.speed, SPEED_SCALE));
    w.int(q(a.battery, BATTERY_SCALE));
    opt(w, strings, a.container);
    timing(a);
    poseTime(a.poseTime);
  }
  w.uint(kf.sensors.length);
  for (const s of kf.sensors) {
    w.uint(strings.ref(s.id));
    w.uint(SENSOR_TYPES.indexOf(s.type));
    opt(w, strings, s.lane);
    opt(w, strings, s.zone);
    opt(w, strings, s.unit);
    w.exact(s.value, 0);
    timing(s);
  }
  w.uint(kf.lanes.length);
  for (const l of kf.lanes) {
    w.uint(strings.ref(l.id));
    w.uint((l.open ? 1 : 0) | (l.barrierDown ? 2 : 0) | (LANE_DIRS.indexOf(l.direction) << 2) | ((l.runningDirection ? DIRS.indexOf(l.runningDirection) + 1 : 0) << 4));
  }
  w.uint(kf.cleared.length);
  let crossed = ts;
  for (const c of kf.cleared) {
    w.uint(strings.ref(c.crossing));
    w.uint((c.perishable ? 2 : 0) + DIRS.indexOf(c.direction));
    w.exact(c.crossedAt, crossed);
    w.exact(c.enteredLaneAt, c.crossedAt);
    w.exact(c.queuedAt, c.enteredLaneAt);
    crossed = c.crossedAt;
  }
  w.uint(kf.departed.length);
  let at = ts;
  for (const d of kf.departed) {
    w.uint(strings.ref(d.id));
    w.uint(d.stateSeq + 1);
    w.uint(strings.ref(d.crossing));
    w.uint((CARGO_CODES.indexOf(d.cargo) * 2 + (d.perishable ? 1 : 0)) * 2 + DIRS.indexOf(d.direction));
    w.exact(d.at, at);
    at = d.at;
    w.uint(d.cleared + 1);
    // Per life event, 2 bits: absent, written out, or the same as in the truck's cleared entry (most are).
    const entry = kf.cleared[d.cleared];
    const code = (k: (typeof TRUCK_TIMES)[number]) => (d[k] === undefined ? 0 : entry && Object.hasOwn(entry, k) && entry[k as keyof typeof entry] === d[k] ? 2 : 1);
    w.uint(TRUCK_TIMES.reduce((bits, k, i) => bits | (code(k) << (2 * i)), 0));
    for (const k of TRUCK_TIMES) if (code(k) === 1) w.exact(d[k]!, d.at);
  }
  const out = new ByteWriter(w.length + 4096);
  out.uint(format);
  out.f64(ts);
  out.uint(strings.list.length);
  for (const s of strings.list) out.str(s);
  out.bytes(w.finish());
  return deflateRawSync(out.finish());
}

/** Inflates and decodes a keyframe made by encodeKeyframe. */
export function decodeKeyframe(data: Uint8Array): TwinKeyframe {
  const r = new ByteReader(inflateRawSync(data));
  const format = r.uint();
  if (format < OLDEST_FORMAT || format > FORMAT) throw new Error(`unknown keyframe format ${format}`);
  const ts = r.f64();
  const strings = new StringTable();
  for (let n = r.uint(); n > 0; n--) strings.ref(r.str());
  const counters = { late: r.uint(), unknownCrossing: r.uint() };
  const next = r.uint();
  const list = () => Array.from({ length: r.uint() }, () => r.uint());
  const handles = { next, free: list(), pending: list() };
  let lat = 0;
  let lon = 0;
  const pos = () => {
    lat += r.int();
    lon += r.int();
    return { lat: lat / LATLON_SCALE, lon: lon / LATLON_SCALE };
  };
  const timing = () => {
    const stateSeq = r.uint() - 1;
    const lastSeen = r.exact(ts);
    const periodMs = r.f64();
    const iv = r.uint();
    return { stateSeq, lastSeen, periodMs, intervals: Math.floor(iv / 2), stale: iv % 2 === 1 };
  };
  const poseTime = (): number | undefined => (r.uint() === 1 ? r.exact(ts) : undefined);
  const truck = (): TruckKey => {
    const id = strings.get(r.uint());
    const handle = r.uint();
    const crossing = strings.get(r.uint());
    const statics = r.uint();
    const phaseCh = r.uint();
    const yard = optRead(r, strings);
    const lane = optRead(r, strings);
    const bits = r.uint();
    const times: Partial<Record<(typeof TRUCK_TIMES)[number], number>> = {};
    TRUCK_TIMES.forEach((k, i) => {
      if (bits & (1 << i)) times[k] = r.exact(ts);
    });
    const cleared = r.uint() - 1;
    const [channelSeq, yardSeq, laneSeq, posSeq] = [r.uint() - 1, r.uint() - 1, r.uint() - 1, r.uint() - 1];
    const t: TruckKey = {
      id, handle, crossing, direction: DIRS[statics % 2]!, perishable: Math.floor(statics / 2) % 2 === 1, cargo: CARGO_CODES[Math.floor(statics / 4)] as Cargo,
      phase: TRUCK_PHASES[phaseCh >> 2]!, ...times, cleared, seqs: { channel: channelSeq!, yard: yardSeq!, lane: laneSeq!, pos: posSeq! }, ...timing(),
      heading: 0, speed: 0,
    };
    if (phaseCh & 3) t.channel = CHANNELS[(phaseCh & 3) - 1]!;
    if (yard !== undefined) t.yard = yard;
    if (lane !== undefined) t.lane = lane;
    if (bits & 32) Object.assign(t, pos());
    t.heading = r.int() / HEADING_SCALE;
    t.speed = r.int() / SPEED_SCALE;
    const p = poseTime();
    if (p !== undefined) t.poseTime = p;
    if (format >= 4) {
      const mode = r.uint();
      if (mode > 0) t.mode = CROSSING_MODES[mode - 1]!;
    }
    return t;
  };
  const trucks = Array.from({ length: r.uint() }, truck);
  const agvs: AgvKey[] = Array.from({ length: r.uint() }, () => {
    const id = strings.get(r.uint());
    const handle = r.uint();
    const sc = r.uint();
    const corridor = optRead(r, strings);
    const along = r.f64();
    const p = pos();
    const heading = r.int() / HEADING_SCALE;
    const speed = r.int() / SPEED_SCALE;
    const battery = r.int() / BATTERY_SCALE;
    const container = optRead(r, strings);
    const a: AgvKey = { id, handle, conveyance: sc % 2 === 1 ? 'rail' : 'agv', along, ...p, heading, speed, battery, state: AGV_STATE_CODES[sc >> 1]!, ...timing() };
    if (corridor !== undefined) a.corridor = corridor;
    if (container !== undefined) a.container = container;
    const pt = poseTime();
    if (pt !== undefined) a.poseTime = pt;
    return a;
  });
  const sensors: SensorKey[] = Array.from({ length: r.uint() }, () => {
    const id = strings.get(r.uint());
    const type = SENSOR_TYPES[r.uint()]!;
    const [lane, zone, unit] = [optRead(r, strings), optRead(r, strings), optRead(r, strings)];
    const s: SensorKey = { id, type, value: r.exact(0), ...timing() };
    if (lane !== undefined) s.lane = lane;
    if (zone !== undefined) s.zone = zone;
    if (unit !== undefined) s.unit = unit;
    return s;
  });
  const lanes: LaneKey[] = Array.from({ length: r.uint() }, () => {
    const id = strings.get(r.uint());
    const b = r.uint();
    const l: LaneKey = { id, open: (b & 1) === 1, barrierDown: (b & 2) === 2, direction: LANE_DIRS[(b >> 2) & 3]! };
    if (b >> 4) l.runningDirection = DIRS[(b >> 4) - 1]!;
    return l;
  });
  let crossed = ts;
  const cleared = Array.from({ length: r.uint() }, () => {
    const crossing = strings.get(r.uint());
    const dp = r.uint();
    const crossedAt = (crossed = r.exact(crossed));
    const enteredLaneAt = r.exact(crossedAt);
    const queuedAt = r.exact(enteredLaneAt);
    return { crossing, direction: DIRS[dp % 2]!, perishable: dp >= 2, queuedAt, enteredLaneAt, crossedAt };
  });
  let at = ts;
  const departed = Array.from({ length: r.uint() }, (): DepartedKey => {
    const id = strings.get(r.uint());
    const stateSeq = r.uint() - 1;
    const crossing = strings.get(r.uint());
    const statics = r.uint();
    at = r.exact(at);
    const d: DepartedKey = { id, stateSeq, crossing, direction: DIRS[statics % 2]!, perishable: Math.floor(statics / 2) % 2 === 1, cargo: CARGO_CODES[Math.floor(statics / 4)] as Cargo, cleared: r.uint() - 1, at };
    const entry = cleared[d.cleared] as Record<string, unknown> | undefined;
    const bits = r.uint();
    TRUCK_TIMES.forEach((k, i) => {
      const c = (bits >> (2 * i)) & 3;
      if (c === 1) d[k] = r.exact(d.at);
      else if (c === 2) d[k] = entry![k] as number;
    });
    return d;
  });
  return { ts, trucks, agvs, sensors, lanes, cleared, departed, handles, counters };
}
