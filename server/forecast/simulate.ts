import { drawMode, drawThirdCountry, laneServiceS, modeSpec, unitHash } from '../engine/crossingModes';
import type { Cargo, Channel, Direction } from '../protocol';
import { Rng } from '../sim/rng';
import { nextOpen, openSpans } from './hours';
import type { ForkState, ForkTruck } from './types';
import { Heap } from './heap';

const MIN = 60_000;
const CH: readonly Channel[] = ['green', 'yellow', 'red'];
const DIRS: readonly Direction[] = ['export', 'import'];
/** Mean time a lane shut by its barrier stays shut from the fork (incidents last about an hour). */
export const BARRIER_BACK_MIN = 60;
/** Time constant (min) of the service pace's return from the last hour's to the last six hours'. */
export const FACTOR_RETURN_MIN = 60;

/** One crossing's simulated future for one seed. */
export interface CrossingRun {
  crossing: string;
  /** Per direction (export, import): trucks waiting at each grid instant. */
  queue: [number[], number[]];
  /** Per direction: mean wait (min) of the trucks joining in each grid step (NaN when none joined). */
  wait: [number[], number[]];
  waitingAtClose: number;
  startsByClose: number;
  perishablesAtRisk: number;
  perishableP95Min: number;
  /** Truck-minutes of waiting from now to the horizon. */
  waitTruckMin: number;
  /** Handling hours (cross-loading, tractor swaps) a lever saves over the trucks joining by the horizon (0 without one). */
  handlingSavedH: number;
  /** Lane entry of each truck of the fork (id → ms; Infinity when not by the horizon). */
  entries: Map<string, number>;
}

/** The span and sampling a run covers. */
export interface RunSpan {
  now: number;
  horizon: number;
  stepMs: number;
  /** Closing instant of this crossing. */
  close: number;
}

/** One truck of a run: its queue and lane times, per index (own trucks in queue order, then loads diverted in). */
interface Sim {
  dir: Uint8Array;
  perishable: Uint8Array;
  channel: Uint8Array;
  /** When it can be served here: its queue time, or for a load diverted in, when it reaches this gate. */
  queued: Float64Array;
  /** When it joined its first queue (its wait counts from then). */
  joined: Float64Array;
  /** From when it counts in this crossing's queue (a load diverted in: from the diversion). */
  counted: Float64Array;
  start: Float64Array;
  key: Float64Array;
  /** 1 for a load diverted away: it left this crossing's queue at `start`. */
  gone: Uint8Array;
}

/** Minutes between the diversion checks of a joint run (the engine looks every tick; loads become late slowly). */
export const DIVERT_CHECK_MIN = 5;
const CALL_LEAD_MS = 300_000;

type SimLane = ForkState['lanes'][number] & {
  spans: { from: number; to: number }[];
  /** When the lane next looks for a truck (the end of its service, or the next arrival it could take). */
  free: number;
  /** End of the service under way (or of the barrier's outage). */
  busy: number;
  /** Until when its barrier is down (an incident at the fork); the engine lends no such lane. */
  down: number;
  /** Waiting for an arrival: a load diverted in may wake it earlier. */
  idle: boolean;
};

/**
 * One crossing of a run: queued and approaching trucks plus Poisson arrivals from the fitted rates and the day's
 * profile, served on the crossing's open lanes within their hours in the engine's priority order (perishable and
 * channel head starts), each service the lane's time × channel × the recent service factor × U(0.8, 1.2) as the
 * simulator draws it. A reversible lane serves the direction with more work per lane waiting. Steps one lane event
 * at a time, so freight crossings can run together and trade diverted loads (simulateGroup).
 */
class CrossingSim {
  readonly rng: Rng;
  readonly list: (ForkTruck & { at: number })[];
  readonly s: Sim;
  readonly lanes: SimLane[];
  readonly mul: { lane: Float64Array; handlingSavedH: Float64Array };
  private readonly chF: number[];
  private readonly fixed: number[];
  private readonly heaps: Heap[];
  private readonly work = [0, 0];
  /** Own trucks in queue-time order: the next not yet admitted. */
  private next = 0;
  /** Loads diverted in, by arrival: indices from `list.length`, the next not yet admitted. */
  private incoming = 0;
  private size: number;
  private at = NaN;
  private li = -1;
  private readonly factor: number;
  private readonly longFactor: number;

  constructor(private readonly state: ForkState, readonly crossing: string, readonly span: RunSpan, seed: number) {
    this.rng = new Rng(seed);
    const { now, horizon } = span;
    const pol = state.policy;
    const sf = state.serviceFactor.find((x) => x.crossing === crossing);
    this.factor = sf?.factor ?? 1;
    this.longFactor = sf?.longFactor ?? this.factor;
    this.chF = [state.channelFactor.green, state.channelFactor.yellow, state.channelFactor.red];
    const headCh = [pol.channelHeadStartMin.green, pol.channelHeadStartMin.yellow, pol.channelHeadStartMin.red];
    const own = state.trucks.filter((t) => t.crossing === crossing);
    const arrivals = synthArrivals(state, crossing, own, span, this.rng);
    const list = [...own.filter((t) => t.queuedAt !== undefined).map((t) => ({ ...t, at: t.queuedAt! })), ...arrivals].sort((a, b) => a.at - b.at);
    this.list = list;
    const n = list.length;
    this.size = n;
    const m = n;
    const s: Sim = { dir: new Uint8Array(m), perishable: new Uint8Array(m), channel: new Uint8Array(m), queued: new Float64Array(m), joined: new Float64Array(m), counted: new Float64Array(m), start: new Float64Array(m).fill(Infinity), key: new Float64Array(m), gone: new Uint8Array(m) };
    this.s = s;
    list.forEach((t, i) => {
      s.dir[i] = t.direction === 'export' ? 0 : 1;
      s.perishable[i] = t.perishable ? 1 : 0;
      s.channel[i] = CH.indexOf(t.channel);
      s.queued[i] = s.joined[i] = s.counted[i] = t.at;
      // A truck already called to a lane keeps its turn: it goes first.
      s.key[i] = t.lane !== undefined && t.enteredLaneAt === undefined ? -Infinity : t.at - (t.perishable ? pol.perishableHeadStartMin : 0) * MIN - headCh[s.channel[i]!]! * MIN;
      if (t.enteredLaneAt !== undefined) s.start[i] = t.enteredLaneAt;
    });
    const ownLanes = state.lanes.filter((l) => l.crossing === crossing);
    this.mul = laneScale(state, ownLanes.reduce((a, l) => a + l.serviceS, 0) / Math.max(1, ownLanes.length), list, s.perishable);
    // A lane whose barrier is down now (an incident) comes back after a draw of mean BARRIER_BACK_MIN: how long this
    // one lasts is not known at the fork, so the seeds spread over it.
    this.lanes = ownLanes.filter((l) => l.open).map((l) => {
      const back = l.barrierDown ? now + this.rng.exp(BARRIER_BACK_MIN * MIN) : now;
      return { ...l, spans: openSpans(l.hours, now, horizon, state.tzH), free: back, busy: back, down: back, idle: false };
    });
    // Lanes busy now finish their truck's expected service first.
    for (let i = 0; i < n; i++) {
      const t = list[i]!;
      if (t.enteredLaneAt === undefined) continue;
      const lane = this.lanes.find((l) => l.id === t.lane);
      if (lane) lane.free = lane.busy = Math.max(lane.free, t.enteredLaneAt + lane.serviceS * this.chF[s.channel[i]!]! * this.factor * 1000);
    }
    this.fixed = [this.lanes.filter((l) => l.direction === 'export').length, this.lanes.filter((l) => l.direction === 'import').length];
    // A min-heap of truck indices by priority key each way (ties: lower index, i.e. earlier queue time).
    const before = (x: number, y: number) => s.key[x]! < s.key[y]! || (s.key[x] === s.key[y] && x < y);
    this.heaps = [new Heap(before), new Heap(before)];
    while (this.next < n && s.start[this.next] !== Infinity) this.next++;
  }

  /** How fast lanes run drifts from the last hour's pace back to the last six hours' with FACTOR_RETURN_MIN. */
  factorAt(t: number): number {
    return this.longFactor + (this.factor - this.longFactor) * Math.exp(-(t - this.span.now) / (FACTOR_RETURN_MIN * MIN));
  }

  /** Expected lane time of truck `i` on `lane` starting at `t`, ms (the draw's mean). */
  expectedService(lane: SimLane, i: number, t: number): number {
    return lane.serviceS * this.chF[this.s.channel[i]!]! * this.factorAt(t) * this.mul.lane[i]! * 1000;
  }

  /** Makes room for `extra` loads diverted in. */
  reserve(extra: number): void {
    const m = this.list.length + extra;
    const grow = <T extends Float64Array | Uint8Array>(a: T, fill?: number): T => {
      const b = new (a.constructor as new (n: number) => T)(m);
      if (fill !== undefined) b.fill(fill);
      b.set(a.subarray(0, Math.min(a.length, m)));
      return b;
    };
    const s = this.s;
    Object.assign(s, { dir: grow(s.dir), perishable: grow(s.perishable), channel: grow(s.channel), queued: grow(s.queued), joined: grow(s.joined), counted: grow(s.counted), start: grow(s.start, Infinity), key: grow(s.key), gone: grow(s.gone) });
    this.mul.lane = grow(this.mul.lane, 1);
    this.mul.handlingSavedH = grow(this.mul.handlingSavedH);
  }

  /** Exports waiting here or on their way, an upper bound on the loads another crossing can divert in. */
  get exports(): number {
    let n = 0;
    for (let i = 0; i < this.list.length; i++) if (this.s.dir[i] === 0) n++;
    return n;
  }

  /** Puts every truck that has joined by `t` in its queue. */
  admit(t: number): void {
    const s = this.s;
    const n = this.list.length;
    while (this.next < n && s.queued[this.next]! <= t) {
      if (s.start[this.next] === Infinity) this.enqueue(this.next);
      this.next++;
      while (this.next < n && s.start[this.next] !== Infinity) this.next++;
    }
    while (n + this.incoming < this.size && s.queued[n + this.incoming]! <= t) this.enqueue(n + this.incoming++);
  }

  private enqueue(i: number): void {
    this.heaps[this.s.dir[i]!]!.push(i);
    this.work[this.s.dir[i]!]! += this.chF[this.s.channel[i]!]!;
  }

  /** When the next lane looks for a truck (Infinity: none will). */
  nextAt(): number {
    if (!Number.isNaN(this.at)) return this.at;
    let li = -1;
    let at = Infinity;
    for (let j = 0; j < this.lanes.length; j++) {
      const t = nextOpen(this.lanes[j]!.spans, this.lanes[j]!.free);
      if (t < at) [li, at] = [j, t];
    }
    this.li = li;
    return (this.at = at);
  }

  /** The lane of nextAt() takes its next truck, or waits for one. */
  step(): void {
    const at = this.nextAt();
    const lane = this.lanes[this.li]!;
    this.at = NaN;
    this.admit(at);
    const s = this.s;
    const { heaps, work, fixed } = this;
    let d: number;
    if (lane.direction === 'reversible') {
      const press = (k: number) => (heaps[k]!.size === 0 ? -1 : work[k]! / (fixed[k]! + 0.5));
      d = press(0) === press(1) ? (lane.running === 'export' ? 0 : 1) : press(0) > press(1) ? 0 : 1;
    } else d = lane.direction === 'export' ? 0 : 1;
    let i = heaps[d]!.pop();
    while (i !== undefined && s.gone[i]) i = heaps[d]!.pop();
    if (i === undefined) {
      // Nothing to serve: wait for the next arrival this lane could take.
      let k = this.next;
      const n = this.list.length;
      while (k < n && (s.start[k] !== Infinity || (lane.direction !== 'reversible' && s.dir[k] !== d))) k++;
      const inbound = n + this.incoming < this.size && (lane.direction !== 'import') ? s.queued[n + this.incoming]! : Infinity;
      lane.free = Math.min(k < n ? Math.max(at + 1, s.queued[k]!) : Infinity, Math.max(at + 1, inbound));
      lane.idle = true;
      return;
    }
    work[d]! -= this.chF[s.channel[i]!]!;
    s.start[i] = at;
    if (lane.direction === 'reversible') lane.running = d === 0 ? 'export' : 'import';
    lane.idle = false;
    lane.free = lane.busy = at + lane.serviceS * this.chF[s.channel[i]!]! * this.factorAt(at) * this.mul.lane[i]! * this.rng.range(0.8, 1.2) * 1000;
  }

  /**
   * The engine's plan of the export queue at `t` (engine/assign.ts): each waiting export, in priority order, onto
   * the export lane it can enter first at expected service times; then the loads on their way in. Returns the
   * perishables planned past the limit less the transfer drive (candidates to divert, not about to be called),
   * whether any is planned past the limit itself, and when each export lane is free after the plan.
   */
  planExports(t: number, limitMs: number, transferMs: number): { late: { i: number; at: number }[]; short: boolean; free: Map<SimLane, number> } {
    const s = this.s;
    const free = new Map<SimLane, number>();
    for (const l of this.lanes) if (l.direction === 'export' || (l.direction === 'reversible' && l.running === 'export')) free.set(l, Math.max(t, l.busy));
    const late: { i: number; at: number }[] = [];
    let short = false;
    if (free.size === 0) return { late, short, free };
    const queue = this.heaps[0]!.items().filter((i) => !s.gone[i]);
    queue.sort((x, y) => s.key[x]! - s.key[y]! || x - y);
    const n = this.list.length;
    for (let k = n + this.incoming; k < this.size; k++) queue.push(k);
    for (const i of queue) {
      let best: SimLane | undefined;
      let bestAt = Infinity;
      for (const [l, f] of free) {
        const at = nextOpen(l.spans, Math.max(f, s.queued[i]!));
        if (at < bestAt) [best, bestAt] = [l, at];
      }
      if (!best) break;
      free.set(best, bestAt + this.expectedService(best, i, bestAt));
      if (!s.perishable[i] || s.key[i] === -Infinity || i >= n) continue;
      if (bestAt > s.joined[i]! + limitMs) short = true;
      if (bestAt > s.joined[i]! + limitMs - transferMs && bestAt > t + CALL_LEAD_MS) late.push({ i, at: bestAt });
    }
    return { late, short, free };
  }

  /** Load `i` leaves this crossing's queue at `t`, diverted. */
  divertOut(i: number, t: number): void {
    this.s.gone[i] = 1;
    this.s.start[i] = t;
    this.work[0]! -= this.chF[this.s.channel[i]!]!;
    this.at = NaN;
  }

  /** A load diverted here at `t` from `from` (index `i` there), at the gate from `arrive`; it goes first (called). */
  divertIn(from: CrossingSim, i: number, t: number, arrive: number): void {
    const s = this.s;
    const j = this.size++;
    const f = from.s;
    s.dir[j] = 0;
    s.perishable[j] = f.perishable[i]!;
    s.channel[j] = f.channel[i]!;
    s.queued[j] = arrive;
    s.joined[j] = f.joined[i]!;
    s.counted[j] = t;
    s.key[j] = -Infinity;
    this.mul.lane[j] = 1;
    this.inbound.push(from.list[i]!.id);
    for (const l of this.lanes) if (l.idle && l.direction !== 'import') l.free = Math.min(l.free, arrive);
    this.at = NaN;
  }

  /** Ids of the loads diverted in, by index from `list.length`. */
  readonly inbound: string[] = [];

  summarise(): CrossingRun {
    const run = summariseRun(this.crossing, this.list, this.inbound, this.size, this.s, this.span, this.state.policy.perishableLimitMin);
    for (let i = 0; i < this.list.length; i++) if (this.s.queued[i]! >= this.span.now && this.s.queued[i]! < this.span.horizon) run.handlingSavedH += this.mul.handlingSavedH[i]!;
    return run;
  }
}

/**
 * Runs crossings together from the fork to the horizon, one lane event at a time in time order. Freight crossings
 * (those with `roadInMin`) under a policy that diverts trade late perishable exports as the engine does
 * (engine/divert.ts): every DIVERT_CHECK_MIN each crossing's export queue is planned; a perishable planned past the
 * limit less the transfer drive goes to another freight crossing whose own perishables all make the limit, when a
 * lane there, reached after the transfer and its road in, takes it `minGainMin` sooner and within the limit. It
 * leaves its queue at once and goes first on arrival. Each crossing draws from its own stream of `seed`, so a
 * crossing that trades nothing runs as it would alone. Deterministic for a seed.
 */
export function simulateGroup(state: ForkState, crossings: readonly string[], spans: readonly RunSpan[], seed: number): CrossingRun[] {
  const divert = state.policy.divert;
  const roadIn = new Map(state.crossings.filter((c) => c.roadInMin !== undefined).map((c) => [c.id, c.roadInMin! * MIN]));
  const trading = divert !== undefined && crossings.filter((c) => roadIn.has(c)).length >= 2;
  const sims = crossings.map((id, k) => new CrossingSim(state, id, spans[k]!, seed));
  if (trading) {
    const freight = sims.filter((x) => roadIn.has(x.crossing));
    const exports = freight.reduce((a, x) => a + x.exports, 0);
    for (const x of freight) x.reserve(exports - x.exports);
  }
  const horizon = spans[0]!.horizon;
  const checkMs = DIVERT_CHECK_MIN * MIN;
  let check = trading ? spans[0]!.now : Infinity;
  for (;;) {
    let k = -1;
    let at = Infinity;
    for (let j = 0; j < sims.length; j++) {
      const t = sims[j]!.nextAt();
      if (t < at) [k, at] = [j, t];
    }
    if (check <= at && check < horizon) {
      divertLate(sims.filter((x) => roadIn.has(x.crossing)), check, state, roadIn);
      check += checkMs;
      continue;
    }
    if (k < 0 || at >= horizon) break;
    sims[k]!.step();
  }
  return sims.map((x) => x.summarise());
}

/** One diversion check at `t` across the freight crossings (engine/divert.ts, as planned at expected service times). */
function divertLate(sims: readonly CrossingSim[], t: number, state: ForkState, roadIn: ReadonlyMap<string, number>): void {
  const { divert, perishableLimitMin } = state.policy;
  const limitMs = perishableLimitMin * MIN;
  const transferMs = divert!.transferMin * MIN;
  for (const x of sims) x.admit(t);
  const plans = sims.map((x) => x.planExports(t, limitMs, transferMs));
  if (plans.every((p) => p.late.length === 0)) return;
  sims.forEach((from, a) => {
    for (const { i, at: own } of plans[a]!.late) {
      let best: { b: number; lane: SimLane; at: number } | undefined;
      sims.forEach((to, b) => {
        if (b === a || plans[b]!.short) return;
        const reach = t + transferMs + roadIn.get(to.crossing)!;
        for (const [lane, free] of plans[b]!.free) {
          // The engine lends lanes open now, not a lane whose barrier is down.
          if (lane.down > t || nextOpen(lane.spans, t) !== t) continue;
          const at = nextOpen(lane.spans, Math.max(free, reach));
          if (!best || at < best.at) best = { b, lane, at };
        }
      });
      if (!best || best.at + divert!.minGainMin * MIN > own || best.at > from.s.joined[i]! + limitMs) continue;
      const to = sims[best.b]!;
      plans[best.b]!.free.set(best.lane, best.at + from.expectedService(best.lane, i, best.at));
      to.divertIn(from, i, t, t + transferMs + roadIn.get(to.crossing)!);
      from.divertOut(i, t);
    }
  });
}

/** Poisson arrivals from now to the horizon at the fitted rates; approaching trucks join first. */
function synthArrivals(state: ForkState, crossing: string, own: readonly ForkTruck[], span: RunSpan, rng: Rng): (ForkTruck & { at: number })[] {
  const out: (ForkTruck & { at: number })[] = [];
  const total = state.profile.reduce((a, b) => a + b, 0) || 1;
  const hourOf = (t: number) => new Date(t + state.tzH * 3_600_000).getUTCHours();
  let seq = 0;
  for (const direction of DIRS) {
    const fit = state.arrivals.find((a) => a.crossing === crossing && a.direction === direction);
    const perMs = (t: number) => ((fit?.perDay ?? 0) * (state.profile[hourOf(t)] ?? 0)) / total / 3_600_000;
    // Trucks on the road reach the queue first, spread over the time the current rate would bring them in.
    const approaching = own.filter((t) => t.direction === direction && t.queuedAt === undefined);
    const gap = Math.min(30 * MIN / Math.max(1, approaching.length), perMs(span.now) > 0 ? 1 / perMs(span.now) : 60_000);
    approaching.forEach((t, k) => out.push({ ...t, at: span.now + (k + 0.5) * gap }));
    if (!fit || fit.perDay <= 0) continue;
    let t = span.now + approaching.length * gap;
    // Thinning over hours: draw at the day's peak rate, keep each with rate(t) ÷ peak.
    const peak = Math.max(...state.profile.map((p) => (fit.perDay * p) / total / 3_600_000));
    if (peak <= 0) continue;
    for (;;) {
      t += rng.exp(1 / peak);
      if (t >= span.horizon) break;
      if (rng.next() * peak > perMs(t)) continue;
      const u = rng.next();
      const channel: Channel = u < fit.channels[0] ? 'green' : u < fit.channels[0] + fit.channels[1] ? 'yellow' : 'red';
      out.push({ id: `~${crossing}:${direction}:${seq++}`, crossing, direction, perishable: rng.next() < fit.perishableShare, channel, at: t });
    }
  }
  return out;
}

/**
 * A run's figures from its trucks' times. A load diverted away counts in this queue until it left and adds its wait
 * so far; one diverted in counts from the diversion, and its wait and lane entry are this crossing's.
 */
function summariseRun(crossing: string, list: readonly ForkTruck[], inbound: readonly string[], size: number, s: Sim, span: RunSpan, limitMin: number): CrossingRun {
  const steps = Math.floor((span.horizon - span.now) / span.stepMs) + 1;
  const queue: [number[], number[]] = [new Array<number>(steps).fill(0), new Array<number>(steps).fill(0)];
  const waitSum: [number[], number[]] = [new Array<number>(steps).fill(0), new Array<number>(steps).fill(0)];
  const waitN: [number[], number[]] = [new Array<number>(steps).fill(0), new Array<number>(steps).fill(0)];
  let waitingAtClose = 0;
  let startsByClose = 0;
  let atRisk = 0;
  let waitTruckMin = 0;
  const perishableWaits: number[] = [];
  const entries = new Map<string, number>();
  for (let i = 0; i < size; i++) {
    const q = s.joined[i]!;
    const st = s.start[i]!;
    const d = s.dir[i]!;
    if (st < span.now) continue; // in a lane already
    // Waiting at grid instant k when counted ≤ t_k < start.
    const from = s.counted[i]!;
    const k0 = Math.max(0, Math.ceil((from - span.now) / span.stepMs));
    const k1 = Math.min(steps - 1, Math.ceil((st - span.now) / span.stepMs) - 1);
    for (let k = k0; k <= k1; k++) queue[d]![k]!++;
    const end = Math.min(st, span.horizon);
    waitTruckMin += Math.max(0, end - Math.max(from, span.now)) / MIN;
    if (s.gone[i]) continue;
    const id = i < list.length ? list[i]!.id : inbound[i - list.length]!;
    if (!id.startsWith('~')) entries.set(id, st);
    if (st <= span.close) startsByClose++;
    if (q >= span.now) {
      const b = Math.floor((q - span.now) / span.stepMs);
      if (b < steps) {
        waitSum[d]![b]! += (end - q) / MIN;
        waitN[d]![b]!++;
      }
    }
    if (from <= span.close && st > span.close) waitingAtClose++;
    if (s.perishable[i] && q <= span.close) {
      if (Math.min(st, span.close) - q > limitMin * MIN) atRisk++;
      perishableWaits.push((end - q) / MIN);
    }
  }
  perishableWaits.sort((a, b) => a - b);
  const p95 = perishableWaits.length ? perishableWaits[Math.min(perishableWaits.length - 1, Math.ceil(0.95 * perishableWaits.length) - 1)]! : 0;
  const wait = [0, 1].map((d) => waitSum[d]!.map((w, k) => (waitN[d]![k]! > 0 ? w / waitN[d]![k]! : NaN))) as [number[], number[]];
  return { crossing, queue, wait, waitingAtClose, startsByClose, perishablesAtRisk: atRisk, perishableP95Min: p95, waitTruckMin, handlingSavedH: 0, entries };
}

/**
 * Per truck, how a lever changes its lane time (× the lane's time under the configuration) and the handling hours it
 * saves: each truck's third-country flag and mode are drawn from the configuration's rules and, with the same draws,
 * under the lever's (engine/crossingModes.ts). The forecast's pace is measured on the lanes as they run, so without
 * a lever every truck keeps × 1.
 */
function laneScale(state: ForkState, baseS: number, list: readonly ForkTruck[], perishable: Uint8Array): { lane: Float64Array; handlingSavedH: Float64Array } {
  const lane = new Float64Array(list.length).fill(1);
  const handlingSavedH = new Float64Array(list.length);
  const { modes, modesRun } = state;
  if (!modes || !modesRun) return { lane, handlingSavedH };
  const mid = (r: readonly [number, number]) => (r[0] + r[1]) / 2;
  list.forEach((t, i) => {
    const thirdCountry = drawThirdCountry(modes, t.crossing, unitHash(t.id, 'third-country'));
    const u = unitHash(t.id, 'mode');
    const truck = { crossing: t.crossing, cargo: (t.perishable ? 'fruit' : 'general') as Cargo, thirdCountry };
    const before = drawMode(modes, truck, u);
    const after = drawMode(modesRun, truck, u);
    const p = perishable[i] === 1;
    lane[i] = laneServiceS(baseS, { mode: after, perishable: p }, modesRun) / laneServiceS(baseS, { mode: before, perishable: p }, modes);
    handlingSavedH[i] = mid(modeSpec(before).handlingH) - mid(modeSpec(after).handlingH);
  });
  return { lane, handlingSavedH };
}
