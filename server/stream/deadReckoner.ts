import {
  DR_THRESHOLD_M,
  drX,
  drY,
  HEADING_STEPS,
  quantBattery,
  quantHeading,
  quantSpeed,
  toGrid,
} from '../protocol/deadReckoning';
import { emptyWireRecord, Field, FrameWriter, FULL_MASK, type EntityRecord, type WireRecord } from '../protocol/frameCodec';

const DEG = Math.PI / 180;
/** A parked vehicle that turns by more than this many heading steps (~11°) is re-sent. */
const HEADING_TOLERANCE = 8;

export interface DeadReckonerOptions {
  /** Largest extrapolation error tolerated at a frame time, metres. */
  thresholdM?: number;
}

/**
 * The frame encoder: keeps a mirror of what every viewer believes about each vehicle (its dead-reckoning anchor
 * and attributes, exactly as the browser computes them) and, each frame, sends a vehicle only when the viewer's
 * extrapolation would be more than the threshold away from the twin now or at the next frame, or its attributes
 * change. The twin's own position is extrapolated from the last report (at its heading and speed) for at most the
 * horizon the caller gives, so a vehicle driving straight at a steady speed costs nothing between keyframes.
 *
 * Per frame: `begin(time)`, `visit(rec, horizonMs)` for every live vehicle, `end(keyframe, seq)` → the frame.
 * Nothing is allocated per vehicle; the mirror lives in typed arrays indexed by handle.
 */
export class DeadReckoner {
  private cap = 0;
  private known = new Uint8Array(0);
  private recs: (EntityRecord | undefined)[] = [];
  private visited = new Uint32Array(0);
  private gx = new Int32Array(0);
  private gy = new Int32Array(0);
  private ta = new Float64Array(0);
  private hq = new Uint8Array(0);
  private sq = new Uint8Array(0);
  private attrs = new Uint32Array(0);
  private bq = new Uint8Array(0);
  /** This frame's mask and pose correction per pending handle. */
  private mask = new Uint8Array(0);
  private dx = new Int32Array(0);
  private dy = new Int32Array(0);
  private pending = new Int32Array(0);
  private pendingCount = 0;
  private hi = 0;
  private gen = 0;
  private time = 0;
  private lookahead = 100;
  /** Time of the last frame; a snapshot for a new viewer is never older. */
  lastTime = -Infinity;
  private readonly writer = new FrameWriter();
  private readonly wire: WireRecord = emptyWireRecord();
  private readonly threshold2: number;
  readonly counters = { updates: 0, fresh: 0, removed: 0 };

  constructor(opts: DeadReckonerOptions = {}) {
    const t = opts.thresholdM ?? DR_THRESHOLD_M;
    this.threshold2 = t * t;
  }

  /** Starts a frame at twin time `time` (integer ms). */
  begin(time: number): void {
    // Anchor times only move forward (a clock stepping back a little must not make ages negative).
    const t = Math.max(Math.round(time), this.lastTime);
    if (Number.isFinite(this.lastTime)) this.lookahead = Math.min(1_000, Math.max(0, t - this.lastTime));
    this.time = t;
    this.gen = (this.gen + 1) >>> 0 || 1;
    this.pendingCount = 0;
  }

  /** One live vehicle; `horizonMs` is how long past its last report the twin may extrapolate it (0: not at all). */
  visit(rec: EntityRecord, horizonMs: number): void {
    const h = rec.handle;
    if (h >= this.cap) this.grow(h + 1);
    if (h >= this.hi) this.hi = h + 1;
    this.visited[h] = this.gen;
    const T = this.time;
    const moving = rec.poseTime !== undefined && horizonMs > 0 && T - rec.poseTime < horizonMs;
    // The twin's belief now (tx, ty) and at the next frame (fx, fy): one sin and cos per vehicle.
    let tx = rec.x;
    let ty = rec.y;
    let fx = tx;
    let fy = ty;
    if (rec.poseTime !== undefined && horizonMs > 0 && rec.speed !== 0) {
      const vx = (rec.speed * Math.sin(rec.heading * DEG)) / 1000;
      const vy = (rec.speed * Math.cos(rec.heading * DEG)) / 1000;
      const now = Math.min(Math.max(T - rec.poseTime, 0), horizonMs);
      const next = Math.min(Math.max(T + this.lookahead - rec.poseTime, 0), horizonMs);
      tx += vx * now;
      ty += vy * now;
      fx += vx * next;
      fy += vy * next;
    }
    const heading = quantHeading(rec.heading);
    const speed = moving ? quantSpeed(rec.speed) : 0;
    const attrs = packAttrs(rec);
    const battery = quantBattery(rec.battery);
    if (this.known[h] === 0 || this.recs[h] !== rec) {
      this.known[h] = 1;
      this.recs[h] = rec;
      this.anchor(h, toGrid(tx), toGrid(ty), heading, speed);
      this.attrs[h] = attrs;
      this.bq[h] = battery;
      this.queue(h, FULL_MASK & ~Field.age, 0, 0);
      this.counters.fresh++;
      return;
    }
    let m = 0;
    if (this.attrs[h] !== attrs) m |= Field.attrs;
    if (this.bq[h] !== battery) m |= Field.battery;
    const dt = T - this.ta[h]!;
    const cx = drX(this.gx[h]!, this.hq[h]!, this.sq[h]!, dt);
    const cy = drY(this.gy[h]!, this.hq[h]!, this.sq[h]!, dt);
    if (this.poseDue(h, tx, ty, cx, cy, fx, fy, dt, heading, speed)) {
      m |= Field.pose;
      // The viewer adds the correction to its own extrapolation rounded to the grid, as computed here.
      const px = toGrid(cx);
      const py = toGrid(cy);
      const nx = toGrid(tx);
      const ny = toGrid(ty);
      this.anchor(h, nx, ny, heading, speed);
      this.queue(h, m, nx - px, ny - py);
    } else if (m !== 0) this.queue(h, m, 0, 0);
    if (m & Field.attrs) this.attrs[h] = attrs;
    if (m & Field.battery) this.bq[h] = battery;
    if (m !== 0) this.counters.updates++;
  }

  /** Ends the frame: removals (vehicles not visited), then the queued records, or every vehicle in a keyframe. */
  end(keyframe: boolean, seq: number): Uint8Array {
    const w = this.writer;
    w.begin(keyframe, seq, this.time);
    for (let h = 0; h < this.hi; h++) {
      if (this.known[h] === 0 || this.visited[h] === this.gen) continue;
      this.known[h] = 0;
      this.recs[h] = undefined;
      this.counters.removed++;
      if (!keyframe) w.remove(h);
    }
    if (keyframe) {
      for (let h = 0; h < this.hi; h++) if (this.known[h] === 1) w.record(this.mirrorRecord(h, this.time));
    } else {
      const list = this.pending.subarray(0, this.pendingCount).sort();
      for (let i = 0; i < list.length; i++) w.record(this.queuedRecord(list[i]!));
    }
    this.lastTime = this.time;
    return w.finish();
  }

  /**
   * A keyframe for one new viewer at `time` that leaves the stream alone: vehicles the viewers know as they know
   * them, and `extra` vehicles (not sent yet) at their true pose; the next frame sends those to everyone anyway.
   */
  snapshot(time: number, seq: number, extra: readonly { rec: EntityRecord; horizonMs: number }[]): Uint8Array {
    const T = Math.max(Math.round(time), this.lastTime);
    const byHandle = new Map<number, WireRecord>();
    for (let h = 0; h < this.hi; h++) if (this.known[h] === 1) byHandle.set(h, { ...this.mirrorRecord(h, T) });
    for (const { rec, horizonMs } of extra) {
      if (this.known[rec.handle] === 1 && this.recs[rec.handle] === rec) continue;
      const moving = rec.poseTime !== undefined && horizonMs > 0 && T - rec.poseTime < horizonMs;
      byHandle.set(rec.handle, {
        handle: rec.handle, mask: FULL_MASK, kind: rec.kind, state: rec.state, flags: rec.flags, cargo: rec.cargo,
        gx: toGrid(truthX(rec, T, horizonMs)), gy: toGrid(truthY(rec, T, horizonMs)), headingQ: quantHeading(rec.heading),
        speedQ: moving ? quantSpeed(rec.speed) : 0, batteryQ: quantBattery(rec.battery), age: 0,
      });
    }
    const w = new FrameWriter();
    w.begin(true, seq, T);
    for (const h of [...byHandle.keys()].sort((a, b) => a - b)) w.record(byHandle.get(h)!);
    return w.finish();
  }

  private poseDue(h: number, tx: number, ty: number, cx: number, cy: number, fx: number, fy: number, dt: number, heading: number, speed: number): boolean {
    // Starting and stopping are announced at once; a turn on the spot past the tolerance too.
    if ((speed === 0) !== (this.sq[h] === 0)) return true;
    const dh = Math.abs(heading - this.hq[h]!);
    if (Math.min(dh, HEADING_STEPS - dh) > HEADING_TOLERANCE) return true;
    const ex = tx - cx;
    const ey = ty - cy;
    if (ex * ex + ey * ey > this.threshold2) return true;
    // Would the viewer drift too far by the next frame? Send now rather than one frame late.
    const L = this.lookahead;
    const gx = fx - drX(this.gx[h]!, this.hq[h]!, this.sq[h]!, dt + L);
    const gy = fy - drY(this.gy[h]!, this.hq[h]!, this.sq[h]!, dt + L);
    return gx * gx + gy * gy > this.threshold2;
  }

  private anchor(h: number, gx: number, gy: number, hq: number, sq: number): void {
    this.gx[h] = gx;
    this.gy[h] = gy;
    this.ta[h] = this.time;
    this.hq[h] = hq;
    this.sq[h] = sq;
  }

  private queue(h: number, mask: number, dx: number, dy: number): void {
    this.mask[h] = mask;
    this.dx[h] = dx;
    this.dy[h] = dy;
    this.pending[this.pendingCount++] = h;
  }

  private queuedRecord(h: number): WireRecord {
    const r = this.wire;
    const m = this.mask[h]!;
    this.fill(r, h);
    r.mask = m;
    if (!(m & Field.absolute)) {
      r.gx = this.dx[h]!;
      r.gy = this.dy[h]!;
    }
    return r;
  }

  private mirrorRecord(h: number, time: number): WireRecord {
    const r = this.wire;
    this.fill(r, h);
    r.mask = FULL_MASK;
    r.age = time - this.ta[h]!;
    return r;
  }

  private fill(r: WireRecord, h: number): void {
    const a = this.attrs[h]!;
    r.handle = h;
    r.kind = a & 0xff;
    r.state = (a >>> 8) & 0xff;
    r.flags = (a >>> 16) & 0xff;
    r.cargo = a >>> 24;
    r.gx = this.gx[h]!;
    r.gy = this.gy[h]!;
    r.headingQ = this.hq[h]!;
    r.speedQ = this.sq[h]!;
    r.batteryQ = this.bq[h]!;
    r.age = 0;
  }

  private grow(n: number): void {
    const cap = Math.min(65_536, Math.max(1_024, this.cap * 2, n));
    const grown = <T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.known = grown(this.known, (k) => new Uint8Array(k));
    this.visited = grown(this.visited, (k) => new Uint32Array(k));
    this.gx = grown(this.gx, (k) => new Int32Array(k));
    this.gy = grown(this.gy, (k) => new Int32Array(k));
    this.ta = grown(this.ta, (k) => new Float64Array(k));
    this.hq = grown(this.hq, (k) => new Uint8Array(k));
    this.sq = grown(this.sq, (k) => new Uint8Array(k));
    this.attrs = grown(this.attrs, (k) => new Uint32Array(k));
    this.bq = grown(this.bq, (k) => new Uint8Array(k));
    this.mask = grown(this.mask, (k) => new Uint8Array(k));
    this.dx = grown(this.dx, (k) => new Int32Array(k));
    this.dy = grown(this.dy, (k) => new Int32Array(k));
    this.pending = grown(this.pending, (k) => new Int32Array(k));
    this.recs.length = cap;
    this.cap = cap;
  }
}

/** kind, state, flags and cargo in one number, to compare and store at once. */
const packAttrs = (r: EntityRecord): number => ((r.kind & 0xff) | ((r.state & 0xff) << 8) | ((r.flags & 0xff) << 16) | ((r.cargo & 0xff) << 24)) >>> 0;

/** Where the twin believes a vehicle is at `t`: its last report, carried on at its heading and speed up to the horizon. */
function truthX(r: EntityRecord, t: number, horizonMs: number): number {
  if (r.poseTime === undefined || horizonMs <= 0 || r.speed === 0) return r.x;
  const dt = Math.min(Math.max(t - r.poseTime, 0), horizonMs);
  return r.x + (r.speed * Math.sin(r.heading * DEG) * dt) / 1000;
}

function truthY(r: EntityRecord, t: number, horizonMs: number): number {
  if (r.poseTime === undefined || horizonMs <= 0 || r.speed === 0) return r.y;
  const dt = Math.min(Math.max(t - r.poseTime, 0), horizonMs);
  return r.y + (r.speed * Math.cos(r.heading * DEG) * dt) / 1000;
}
