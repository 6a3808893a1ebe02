import {
  AGV_STATE_CODES,
  assertNever,
  kindOfBlockCode,
  TELEMETRY_KINDS,
  CARGO_CODES,
  ChannelSchema,
  CrossingModeSchema,
  SensorTypeSchema,
  TruckEventSchema,
  type AgvMessage,
  type SensorMessage,
  type Telemetry,
  type TruckMessage,
} from '../protocol';
import { ByteReader, ByteWriter, splitColumns } from './bytes';
import type { StringTable } from './strings';

/**
 * Columnar block encoding of telemetry (and the high-rate events that ride along), before deflate.
 * Every field goes to its own column so deflate sees runs of similar bytes; per-id context turns seq, ts and
 * positions into deltas (delta-of-delta for ts and positions, as devices report at a steady rate and speed).
 * The context carries from block to block along a chain that starts fresh at every keyframe, so small blocks
 * stay small. Positions are stored at 1e-7° (~1 cm), headings at 0.01°, speeds at 0.01 m/s, battery at 1e-4:
 * finer than any device measures. Everything else (ids, seqs, timestamps, sensor values) is exact.
 */
export const LATLON_SCALE = 1e7;
export const HEADING_SCALE = 100;
export const SPEED_SCALE = 100;
export const BATTERY_SCALE = 1e4;
const FORMAT = 1;

/** An event stored inside the blocks (high-rate kinds such as engine plan summaries). */
export interface BlockEvent {
  ts: number;
  kind: string;
  data: string;
}

/** What one block holds: messages in arrival order, the twin time each was received at, and events. */
export interface BlockContent {
  msgs: Telemetry[];
  rts: number[];
  events: BlockEvent[];
}

interface IdContext {
  seq: number;
  ts: number;
  tsD: number;
  lat: number;
  lon: number;
  latD: number;
  lonD: number;
  hdg: number;
  spd: number;
  bat: number;
  refA: number;
  refB: number;
  refC: number;
  statics: number;
  val: number;
}

/** Per-chain state shared by encoder and decoder; a fresh one starts every chain. */
export class ChainContext {
  /** By the id's index in the day's string table (dense: an array, not a map, on the recorder's hottest path). */
  private readonly ids: (IdContext | undefined)[] = [];
  rt = 0;
  ts = 0;
  lat = 0;
  lon = 0;
  evTs = 0;

  idCtx(id: number): IdContext {
    let c = this.ids[id];
    if (!c) {
      // A new id starts from the stream's last values, so its first deltas are small too.
      c = { seq: -1, ts: this.ts, tsD: 0, lat: this.lat, lon: this.lon, latD: 0, lonD: 0, hdg: 0, spd: 0, bat: 0, refA: -1, refB: -1, refC: -1, statics: -1, val: 0 };
      this.ids[id] = c;
    }
    return c;
  }
}

const COLS = 12;
const [KIND, ID, SEQ, TS, RT, POS, MOTION, STATE, REFS, FLAGS, VALUE, EVENTS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
const EVENTS_CODES = TruckEventSchema.options;
const CHANNELS = ChannelSchema.options;
const SENSOR_TYPES = SensorTypeSchema.options;
const DIRS = ['export', 'import'] as const;
const MODES = CrossingModeSchema.options;

/** An enum's codes by value: one hashed lookup instead of `indexOf`'s string compares along the list, per message. */
const codes = (list: readonly string[]): Map<string, number> => new Map(list.map((v, i) => [v, i]));
const AGV_STATE_CODE = codes(AGV_STATE_CODES);
const CARGO_CODE = codes(CARGO_CODES);
const DIR_CODE = codes(DIRS);
const CHANNEL_CODE = codes(CHANNELS);
const MODE_CODE = codes(MODES);
const EVENT_CODE = codes(EVENTS_CODES);
const SENSOR_TYPE_CODE = codes(SENSOR_TYPES);
/** The code of `v` (validated telemetry: always listed; -1 otherwise, as `indexOf` gave). */
const code = (m: Map<string, number>, v: string): number => m.get(v) ?? -1;

// Scratch writers, reused from block to block (encoding is synchronous): grown once to a block's size, not doubled
// from 64 bytes in every block of every column (that growth was an eighth of the recorder thread's encoding time).
const scratchCols = Array.from({ length: COLS }, () => new ByteWriter(4096));
const scratchHead = new ByteWriter(65_536);

/** Encodes one block; `ctx` carries on to the next block of the chain. */
export function encodeBlock(content: BlockContent, strings: StringTable, ctx: ChainContext): Uint8Array {
  const cols = scratchCols;
  for (const c of cols) c.reset();
  const head = scratchHead;
  head.reset();
  head.uint(FORMAT);
  head.uint(content.msgs.length);
  for (let i = 0; i < content.msgs.length; i++) {
    const m = content.msgs[i]!;
    const id = strings.ref(m.id);
    const c = ctx.idCtx(id);
    cols[KIND]!.byte(TELEMETRY_KINDS[m.kind].blockCode);
    cols[ID]!.uint(id);
    cols[SEQ]!.int(m.seq - c.seq - 1);
    cols[TS]!.int(m.ts - c.ts - c.tsD);
    cols[RT]!.exact(content.rts[i]!, ctx.rt);
    ctx.rt = content.rts[i]!;
    c.seq = m.seq;
    c.tsD = m.ts - c.ts;
    c.ts = ctx.ts = m.ts;
    switch (m.kind) {
      case 'agv':
        encodeAgv(m, c, cols, strings, ctx);
        break;
      case 'truck':
        encodeTruck(m, c, cols, strings, ctx);
        break;
      case 'sensor':
        encodeSensor(m, c, cols, strings);
        break;
      default:
        assertNever(m, 'telemetry kind');
    }
  }
  const ev = cols[EVENTS]!;
  ev.uint(content.events.length);
  for (const e of content.events) {
    ev.exact(e.ts, ctx.evTs);
    ctx.evTs = e.ts;
    ev.uint(strings.ref(e.kind));
    ev.str(e.data);
  }
  for (const c of cols) head.column(c);
  // A copy: the scratch writer is reused by the next block.
  return head.finish().slice();
}

function encodePos(lat: number, lon: number, c: IdContext, cols: ByteWriter[], ctx: ChainContext): void {
  const qa = Math.round(lat * LATLON_SCALE);
  const qo = Math.round(lon * LATLON_SCALE);
  cols[POS]!.int(qa - c.lat - c.latD);
  cols[POS]!.int(qo - c.lon - c.lonD);
  c.latD = qa - c.lat;
  c.lonD = qo - c.lon;
  c.lat = ctx.lat = qa;
  c.lon = ctx.lon = qo;
}

function motion(v: number, scale: number, prev: number, cols: ByteWriter[]): number {
  const q = Math.round(v * scale);
  cols[MOTION]!.int(q - prev);
  return q;
}

function encodeAgv(m: AgvMessage, c: IdContext, cols: ByteWriter[], strings: StringTable, ctx: ChainContext): void {
  encodePos(m.lat, m.lon, c, cols, ctx);
  c.hdg = motion(m.heading, HEADING_SCALE, c.hdg, cols);
  c.spd = motion(m.speed, SPEED_SCALE, c.spd, cols);
  c.bat = motion(m.battery, BATTERY_SCALE, c.bat, cols);
  const cont = m.container === undefined ? -1 : strings.ref(m.container);
  const contCode = cont < 0 ? 0 : cont === c.refA ? 1 : 2;
  cols[STATE]!.byte(code(AGV_STATE_CODE, m.state) | (contCode << 3));
  if (contCode === 2) cols[REFS]!.uint(cont);
  c.refA = cont;
}

/** Writes an optional reference: 0 = same as before, else index + 1. */
function ref(s: string | undefined, prev: number, strings: StringTable, cols: ByteWriter[]): number {
  if (s === undefined) return prev;
  const i = strings.ref(s);
  cols[REFS]!.uint(i === prev ? 0 : i + 1);
  return i;
}

function encodeTruck(m: TruckMessage, c: IdContext, cols: ByteWriter[], strings: StringTable, ctx: ChainContext): void {
  const crossing = strings.ref(m.crossing);
  const statics = (((crossing * 16 + code(CARGO_CODE, m.cargo)) * 2 + (m.perishable ? 1 : 0)) * 2) + code(DIR_CODE, m.direction);
  const flags =
    (m.channel === undefined ? 0 : code(CHANNEL_CODE, m.channel) + 1) |
    (m.lat !== undefined ? 4 : 0) | (m.lon !== undefined ? 8 : 0) | (m.heading !== undefined ? 16 : 0) | (m.speed !== undefined ? 32 : 0) |
    (m.lane !== undefined ? 64 : 0) | (m.yard !== undefined ? 128 : 0) | (statics !== c.statics ? 256 : 0) |
    // Protocol revision 2 (optional fields): bits 9–11 the crossing mode + 1, bit 12 thirdCountry known, bit 13 its value.
    (m.mode === undefined ? 0 : (code(MODE_CODE, m.mode) + 1) << 9) | (m.thirdCountry === undefined ? 0 : 4096 | (m.thirdCountry ? 8192 : 0));
  cols[STATE]!.byte(code(EVENT_CODE, m.event));
  cols[FLAGS]!.uint(flags);
  if (statics !== c.statics) cols[REFS]!.uint(statics);
  c.statics = statics;
  if (m.lat !== undefined && m.lon !== undefined) encodePos(m.lat, m.lon, c, cols, ctx);
  else if (m.lat !== undefined) cols[VALUE]!.f64(m.lat);
  else if (m.lon !== undefined) cols[VALUE]!.f64(m.lon);
  if (m.heading !== undefined) c.hdg = motion(m.heading, HEADING_SCALE, c.hdg, cols);
  if (m.speed !== undefined) c.spd = motion(m.speed, SPEED_SCALE, c.spd, cols);
  c.refA = ref(m.lane, c.refA, strings, cols);
  c.refB = ref(m.yard, c.refB, strings, cols);
}

function encodeSensor(m: SensorMessage, c: IdContext, cols: ByteWriter[], strings: StringTable): void {
  const flags = code(SENSOR_TYPE_CODE, m.type) | (m.lane !== undefined ? 8 : 0) | (m.zone !== undefined ? 16 : 0) | (m.unit !== undefined ? 32 : 0);
  cols[FLAGS]!.uint(flags);
  c.refA = ref(m.lane, c.refA, strings, cols);
  c.refB = ref(m.zone, c.refB, strings, cols);
  c.refC = ref(m.unit, c.refC, strings, cols);
  cols[VALUE]!.exact(m.value, c.val);
  c.val = m.value;
}

/** Decodes one block; `ctx` must be the chain's context as the previous block left it. */
export function decodeBlock(buf: Uint8Array, strings: StringTable, ctx: ChainContext): BlockContent {
  const head = new ByteReader(buf);
  const format = head.uint();
  if (format !== FORMAT) throw new Error(`unknown block format ${format}`);
  const n = head.uint();
  const cols = splitColumns(buf.subarray(head.pos), COLS);
  const msgs: Telemetry[] = new Array<Telemetry>(n);
  const rts: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const kind = kindOfBlockCode(cols[KIND]!.byte());
    if (kind === undefined) throw new Error('unknown telemetry kind code in a block');
    const idx = cols[ID]!.uint();
    const c = ctx.idCtx(idx);
    const seq = c.seq + 1 + cols[SEQ]!.int();
    const ts = c.ts + c.tsD + cols[TS]!.int();
    rts[i] = ctx.rt = cols[RT]!.exact(ctx.rt);
    c.seq = seq;
    c.tsD = ts - c.ts;
    c.ts = ctx.ts = ts;
    const id = strings.get(idx);
    msgs[i] = decodeMessage(kind, id, seq, ts, c, cols, strings, ctx);
  }
  const ev = cols[EVENTS]!;
  const events: BlockEvent[] = [];
  for (let k = ev.uint(); k > 0; k--) {
    ctx.evTs = ev.exact(ctx.evTs);
    events.push({ ts: ctx.evTs, kind: strings.get(ev.uint()), data: ev.str() });
  }
  return { msgs, rts, events };
}

function decodeMessage(kind: Telemetry['kind'], id: string, seq: number, ts: number, c: IdContext, cols: ByteReader[], strings: StringTable, ctx: ChainContext): Telemetry {
  switch (kind) {
    case 'agv':
      return decodeAgv(id, seq, ts, c, cols, strings, ctx);
    case 'truck':
      return decodeTruck(id, seq, ts, c, cols, strings, ctx);
    case 'sensor':
      return decodeSensor(id, seq, ts, c, cols, strings);
    default:
      return assertNever(kind, 'telemetry kind');
  }
}

function decodePos(c: IdContext, cols: ByteReader[], ctx: ChainContext): void {
  c.latD += cols[POS]!.int();
  c.lonD += cols[POS]!.int();
  c.lat = ctx.lat = c.lat + c.latD;
  c.lon = ctx.lon = c.lon + c.lonD;
}

function decodeAgv(id: string, seq: number, ts: number, c: IdContext, cols: ByteReader[], strings: StringTable, ctx: ChainContext): AgvMessage {
  decodePos(c, cols, ctx);
  c.hdg += cols[MOTION]!.int();
  c.spd += cols[MOTION]!.int();
  c.bat += cols[MOTION]!.int();
  const st = cols[STATE]!.byte();
  const contCode = st >> 3;
  if (contCode === 2) c.refA = cols[REFS]!.uint();
  else if (contCode === 0) c.refA = -1;
  const m: AgvMessage = {
    kind: 'agv', id, seq, ts, lat: c.lat / LATLON_SCALE, lon: c.lon / LATLON_SCALE,
    heading: c.hdg / HEADING_SCALE, speed: c.spd / SPEED_SCALE, battery: c.bat / BATTERY_SCALE, state: AGV_STATE_CODES[st & 7]!,
  };
  if (c.refA >= 0) m.container = strings.get(c.refA);
  return m;
}

function readRef(prev: number, cols: ByteReader[]): number {
  const v = cols[REFS]!.uint();
  return v === 0 ? prev : v - 1;
}

function decodeTruck(id: string, seq: number, ts: number, c: IdContext, cols: ByteReader[], strings: StringTable, ctx: ChainContext): TruckMessage {
  const event = EVENTS_CODES[cols[STATE]!.byte()]!;
  const flags = cols[FLAGS]!.uint();
  if (flags & 256) c.statics = cols[REFS]!.uint();
  const s = c.statics;
  const m: TruckMessage = {
    kind: 'truck', id, seq, ts, event, crossing: strings.get(Math.floor(s / 64)), direction: DIRS[s % 2]!,
    cargo: CARGO_CODES[Math.floor(s / 4) % 16]!, perishable: Math.floor(s / 2) % 2 === 1,
  };
  if (flags & 3) m.channel = CHANNELS[(flags & 3) - 1]!;
  if (flags & 4 && flags & 8) {
    decodePos(c, cols, ctx);
    m.lat = c.lat / LATLON_SCALE;
    m.lon = c.lon / LATLON_SCALE;
  } else if (flags & 4) m.lat = cols[VALUE]!.f64();
  else if (flags & 8) m.lon = cols[VALUE]!.f64();
  if (flags & 16) m.heading = (c.hdg += cols[MOTION]!.int()) / HEADING_SCALE;
  if (flags & 32) m.speed = (c.spd += cols[MOTION]!.int()) / SPEED_SCALE;
  if (flags & 64) m.lane = strings.get((c.refA = readRef(c.refA, cols)));
  if (flags & 128) m.yard = strings.get((c.refB = readRef(c.refB, cols)));
  if ((flags >> 9) & 7) m.mode = MODES[((flags >> 9) & 7) - 1]!;
  if (flags & 4096) m.thirdCountry = (flags & 8192) !== 0;
  return m;
}

function decodeSensor(id: string, seq: number, ts: number, c: IdContext, cols: ByteReader[], strings: StringTable): SensorMessage {
  const flags = cols[FLAGS]!.uint();
  const m = { kind: 'sensor', id, seq, ts, type: SENSOR_TYPES[flags & 7]! } as SensorMessage;
  if (flags & 8) m.lane = strings.get((c.refA = readRef(c.refA, cols)));
  if (flags & 16) m.zone = strings.get((c.refB = readRef(c.refB, cols)));
  if (flags & 32) m.unit = strings.get((c.refC = readRef(c.refC, cols)));
  m.value = c.val = cols[VALUE]!.exact(c.val);
  return m;
}
