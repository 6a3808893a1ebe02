import type { AgvMessage, SensorMessage, Telemetry, TruckMessage } from '../protocol';

// Accepted telemetry on its way from the ingest thread to the recorder thread, without a second JSON.parse.
//
// The ingest thread already holds every accepted message as an object. Sending the batch as JSON text made the
// recorder thread parse it again: 45 % of that thread's time under full load, more than block encoding, deflate and
// SQLite together. Packing the objects into typed arrays costs the ingest thread less than UTF-8 encoding the text
// did (0.08 against 0.18 µs a message, measured on the benchmark's fleet), and unpacking them costs the recorder a
// fraction of the parse. Strings (ids and enum members alike) go by index into a table both threads grow in step:
// each packed batch carries the strings that are new since the last one, and the recorder thread reads batches in
// the order they were posted.
//
// Layout of one batch's buffer: n × NUMS float64 slots, then n × REFS uint32 string refs, then n uint32 heads. A
// head holds the kind (bits 0–1) and, per kind, which optional fields are present and the booleans' values. Numbers
// travel as float64 (exact: seq and ts are safe integers), so what the recorder sees equals what the ingest thread
// accepted, field for field (a test holds every kind's fields to TELEMETRY_KEYS).

/** One packed batch: posted with `buf` transferred. */
export interface PackedBatch {
  buf: ArrayBuffer;
  count: number;
  /** Strings new to the table since the previous batch, in the order they took their indices. */
  strings: string[];
  /** The table was cleared before `strings` (it had reached its cap). */
  reset: boolean;
}

/** The most float64 slots one message uses (an AGV: seq, ts, lat, lon, heading, speed, battery). */
const NUMS = 7;
/** The most string refs one message uses (a truck: id, event, crossing, direction, cargo, lane, yard, channel, mode). */
const REFS = 9;
/**
 * The string table's cap: far above what a site's devices, lanes and enum members need, so a hostile device that
 * sends a new lane name in every message costs both threads a bounded table, cleared and started again at the cap.
 */
export const MAX_STRINGS = 200_000;

const AGV = 0;
const TRUCK = 1;
const SENSOR = 2;

// Head bits above the kind.
const B2 = 1 << 2;
const B3 = 1 << 3;
const B4 = 1 << 4;
const B5 = 1 << 5;
const B6 = 1 << 6;
const B7 = 1 << 7;
const B8 = 1 << 8;
const B9 = 1 << 9;
const B10 = 1 << 10;
const B11 = 1 << 11;
const B12 = 1 << 12;

/** Packs batches on the ingest thread; one packer feeds one `TelemetryUnpacker`, batch by batch, in order. */
export class TelemetryPacker {
  private readonly index = new Map<string, number>();
  private fresh: string[] = [];
  private reset = false;
  private nums = new Float64Array(0);
  private refs = new Uint32Array(0);
  private n = 0;
  private s = 0;

  /** Strings in the table now. */
  get size(): number {
    return this.index.size;
  }

  /** The messages as one transferable batch. */
  pack(msgs: readonly Telemetry[]): PackedBatch {
    try {
      return this.packAll(msgs);
    } catch (e) {
      // Strings this batch added would never reach the other side: both start their tables again.
      this.index.clear();
      this.fresh = [];
      this.reset = true;
      throw e;
    }
  }

  private packAll(msgs: readonly Telemetry[]): PackedBatch {
    const count = msgs.length;
    if (this.index.size + count * REFS > MAX_STRINGS) {
      this.index.clear();
      this.fresh = [];
      this.reset = true;
    }
    const buf = new ArrayBuffer(count * (NUMS * 8 + REFS * 4 + 4));
    this.nums = new Float64Array(buf, 0, count * NUMS);
    this.refs = new Uint32Array(buf, count * NUMS * 8, count * REFS);
    const heads = new Uint32Array(buf, count * (NUMS * 8 + REFS * 4), count);
    this.n = 0;
    this.s = 0;
    for (let i = 0; i < count; i++) {
      const m = msgs[i]!;
      switch (m.kind) {
        case 'agv':
          heads[i] = this.agv(m);
          break;
        case 'truck':
          heads[i] = this.truck(m);
          break;
        case 'sensor':
          heads[i] = this.sensor(m);
          break;
      }
    }
    const out: PackedBatch = { buf, count, strings: this.fresh, reset: this.reset };
    this.fresh = [];
    this.reset = false;
    return out;
  }

  private num(v: number): void {
    this.nums[this.n++] = v;
  }

  private str(v: string): void {
    let i = this.index.get(v);
    if (i === undefined) {
      i = this.index.size;
      this.index.set(v, i);
      this.fresh.push(v);
    }
    this.refs[this.s++] = i;
  }

  private agv(m: AgvMessage): number {
    this.str(m.id);
    this.num(m.seq);
    this.num(m.ts);
    this.num(m.lat);
    this.num(m.lon);
    this.num(m.heading);
    this.num(m.speed);
    this.num(m.battery);
    this.str(m.state);
    if (m.container === undefined) return AGV;
    this.str(m.container);
    return AGV | B2;
  }

  private truck(m: TruckMessage): number {
    let h = TRUCK;
    this.str(m.id);
    this.num(m.seq);
    this.num(m.ts);
    this.str(m.event);
    this.str(m.crossing);
    this.str(m.direction);
    this.str(m.cargo);
    if (m.perishable) h |= B2;
    if (m.lat !== undefined) {
      h |= B3;
      this.num(m.lat);
    }
    if (m.lon !== undefined) {
      h |= B4;
      this.num(m.lon);
    }
    if (m.heading !== undefined) {
      h |= B5;
      this.num(m.heading);
    }
    if (m.speed !== undefined) {
      h |= B6;
      this.num(m.speed);
    }
    if (m.lane !== undefined) {
      h |= B7;
      this.str(m.lane);
    }
    if (m.yard !== undefined) {
      h |= B8;
      this.str(m.yard);
    }
    if (m.channel !== undefined) {
      h |= B9;
      this.str(m.channel);
    }
    if (m.mode !== undefined) {
      h |= B10;
      this.str(m.mode);
    }
    if (m.thirdCountry !== undefined) h |= B11 | (m.thirdCountry ? B12 : 0);
    return h;
  }

  private sensor(m: SensorMessage): number {
    let h = SENSOR;
    this.str(m.id);
    this.num(m.seq);
    this.num(m.ts);
    this.str(m.type);
    this.num(m.value);
    if (m.lane !== undefined) {
      h |= B2;
      this.str(m.lane);
    }
    if (m.zone !== undefined) {
      h |= B3;
      this.str(m.zone);
    }
    if (m.unit !== undefined) {
      h |= B4;
      this.str(m.unit);
    }
    return h;
  }
}

/** Unpacks, on the recorder thread, what one `TelemetryPacker` packed, batch by batch in the order packed. */
export class TelemetryUnpacker {
  private table: string[] = [];
  private nums = new Float64Array(0);
  private refs = new Uint32Array(0);
  private n = 0;
  private s = 0;

  /** Strings in the table now. */
  get size(): number {
    return this.table.length;
  }

  /** The batch's messages, equal field for field to those packed. */
  unpack(b: PackedBatch): Telemetry[] {
    if (b.reset) this.table = [];
    for (const v of b.strings) this.table.push(v);
    const count = b.count;
    this.nums = new Float64Array(b.buf, 0, count * NUMS);
    this.refs = new Uint32Array(b.buf, count * NUMS * 8, count * REFS);
    const heads = new Uint32Array(b.buf, count * (NUMS * 8 + REFS * 4), count);
    this.n = 0;
    this.s = 0;
    const out = new Array<Telemetry>(count);
    for (let i = 0; i < count; i++) {
      const h = heads[i]!;
      switch (h & 3) {
        case AGV:
          out[i] = this.agv(h);
          break;
        case TRUCK:
          out[i] = this.truck(h);
          break;
        case SENSOR:
          out[i] = this.sensor(h);
          break;
        default:
          throw new Error(`packed telemetry: unknown kind ${h & 3} at ${i}`);
      }
    }
    return out;
  }

  private num(): number {
    return this.nums[this.n++]!;
  }

  private str(): string {
    const v = this.table[this.refs[this.s++]!];
    if (v === undefined) throw new Error('packed telemetry: a string ref outside the table (batches out of order?)');
    return v;
  }

  private agv(h: number): AgvMessage {
    const id = this.str();
    const m: AgvMessage = { kind: 'agv', id, seq: this.num(), ts: this.num(), lat: this.num(), lon: this.num(), heading: this.num(), speed: this.num(), battery: this.num(), state: this.str() as AgvMessage['state'] };
    if (h & B2) m.container = this.str();
    return m;
  }

  private truck(h: number): TruckMessage {
    const id = this.str();
    const seq = this.num();
    const ts = this.num();
    const m: TruckMessage = {
      kind: 'truck', id, seq, ts, event: this.str() as TruckMessage['event'], crossing: this.str(), direction: this.str() as TruckMessage['direction'],
      cargo: this.str() as TruckMessage['cargo'], perishable: (h & B2) !== 0,
    };
    if (h & B3) m.lat = this.num();
    if (h & B4) m.lon = this.num();
    if (h & B5) m.heading = this.num();
    if (h & B6) m.speed = this.num();
    if (h & B7) m.lane = this.str();
    if (h & B8) m.yard = this.str();
    if (h & B9) m.channel = this.str() as NonNullable<TruckMessage['channel']>;
    if (h & B10) m.mode = this.str() as NonNullable<TruckMessage['mode']>;
    if (h & B11) m.thirdCountry = (h & B12) !== 0;
    return m;
  }

  private sensor(h: number): SensorMessage {
    const id = this.str();
    const seq = this.num();
    const ts = this.num();
    const m: SensorMessage = { kind: 'sensor', id, seq, ts, type: this.str() as SensorMessage['type'], value: this.num() };
    if (h & B2) m.lane = this.str();
    if (h & B3) m.zone = this.str();
    if (h & B4) m.unit = this.str();
    return m;
  }
}
