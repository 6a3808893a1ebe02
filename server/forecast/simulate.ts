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

interface Sim {
  dir: Uint8Array;
  perishable: Uint8Array;
  channel: Uint8Array;
  queued: Float64Array;
  start: Float64Array;
  key: Float64Array;
}

/**
 * Runs one crossing from the fork to the horizon: queued and approaching trucks plus Poisson arrivals from the
 * fitted rates and the day's profile, served on the crossing's open lanes within their hours in the engine's
 * priority order (perishable and channel head starts), each service the lane's time × channel × the recent
 * service factor × U(0.8, 1.2) as the simulator draws it. A reversible lane serves the direction with more work
 * per lane waiting. Deterministic for a seed.
 */
export function simulateCrossing(state: ForkState, crossing: string, span: RunSpan, seed: number): CrossingRun {
  const rng = new Rng(seed);
  const { now, horizon } = span;
  const pol = state.policy;
  const sf = state.serviceFactor.find((s) => s.crossing === crossing);
  const factor = sf?.factor ?? 1;
  const longFactor = sf?.longFactor ?? factor;
  // How fast lanes run drifts from the last hour's pace back to the last six hours' with FACTOR_RETURN_MIN.
  const factorAt = (t: number) => longFactor + (factor - longFactor) * Math.exp(-(t - now) / (FACTOR_RETURN_MIN * MIN));
  const chF = [state.channelFactor.green, state.channelFactor.yellow, state.channelFactor.red];
  const headCh = [pol.channelHeadStartMin.green, pol.channelHeadStartMin.yellow, pol.channelHeadStartMin.red];
  const own = state.trucks.filter((t) => t.crossing === crossing);
  const arrivals = synthArrivals(state, crossing, own, span, rng);
  const list: (ForkTruck & { at: number })[] = [...own.filter((t) => t.queuedAt !== undefined).map((t) => ({ ...t, at: t.queuedAt! })), ...arrivals].sort((a, b) => a.at - b.at);
  const n = list.length;
  const s: Sim = { dir: new Uint8Array(n), perishable: new Uint8Array(n), channel: new Uint8Array(n), queued: new Float64Array(n), start: new Float64Array(n).fill(Infinity), key: new Float64Array(n) };
  list.forEach((t, i) => {
    s.dir[i] = t.direction === 'export' ? 0 : 1;
    s.perishable[i] = t.perishable ? 1 : 0;
    s.channel[i] = CH.indexOf(t.channel);
    s.queued[i] = t.at;
    // A truck already called to a lane keeps its turn: it goes first.
    s.key[i] = t.lane !== undefined && t.enteredLaneAt === undefined ? -Infinity : t.at - (t.perishable ? pol.perishableHeadStartMin : 0) * MIN - headCh[s.channel[i]!]! * MIN;
    if (t.enteredLaneAt !== undefined) s.start[i] = t.enteredLaneAt;
  });
  // A lane whose barrier is down now (an incident) comes back after a draw of mean BARRIER_BACK_MIN: how long this
  // one lasts is not known at the fork, so the seeds spread over it.
  const ownLanes = state.lanes.filter((l) => l.crossing === crossing);
  const mul = laneScale(state, ownLanes.reduce((a, l) => a + l.serviceS, 0) / Math.max(1, ownLanes.length), list, s.perishable);
  const lanes = state.lanes.filter((l) => l.crossing === crossing && l.open).map((l) => ({ ...l, spans: openSpans(l.hours, now, horizon, state.tzH), free: l.barrierDown ? now + rng.exp(BARRIER_BACK_MIN * MIN) : now }));
  // Lanes busy now finish their truck's expected service first.
  for (let i = 0; i < n; i++) {
    const t = list[i]!;
    if (t.enteredLaneAt === undefined) continue;
    const lane = lanes.find((l) => l.id === t.lane);
    if (lane) lane.free = Math.max(lane.free, t.enteredLaneAt + lane.serviceS * chF[s.channel[i]!]! * factor * 1000);
  }
  const fixed = [lanes.filter((l) => l.direction === 'export').length, lanes.filter((l) => l.direction === 'import').length];
  // A min-heap of truck indices by priority key each way (ties: lower index, i.e. earlier queue time).
  const before = (x: number, y: number) => s.key[x]! < s.key[y]! || (s.key[x] === s.key[y] && x < y);
  const heaps = [new Heap(before), new Heap(before)];
  const work = [0, 0];
  let next = 0;
  while (next < n && s.start[next] !== Infinity) next++;
  const admit = (t: number) => {
    while (next < n && s.queued[next]! <= t) {
      if (s.start[next] === Infinity) {
        heaps[s.dir[next]!]!.push(next);
        work[s.dir[next]!]! += chF[s.channel[next]!]!;
      }
      next++;
      while (next < n && s.start[next] !== Infinity) next++;
    }
  };
  for (;;) {
    let li = -1;
    let at = Infinity;
    for (let j = 0; j < lanes.length; j++) {
      const t = nextOpen(lanes[j]!.spans, lanes[j]!.free);
      if (t < at) [li, at] = [j, t];
    }
    if (li < 0 || at >= horizon) break;
    admit(at);
    const lane = lanes[li]!;
    let d: number;
    if (lane.direction === 'reversible') {
      const press = (k: number) => (heaps[k]!.size === 0 ? -1 : work[k]! / (fixed[k]! + 0.5));
      d = press(0) === press(1) ? (lane.running === 'export' ? 0 : 1) : press(0) > press(1) ? 0 : 1;
    } else d = lane.direction === 'export' ? 0 : 1;
    const i = heaps[d]!.pop();
    if (i === undefined) {
      // Nothing to serve: wait for the next arrival this lane could take.
      let k = next;
      while (k < n && (s.start[k] !== Infinity || (lane.direction !== 'reversible' && s.dir[k] !== d))) k++;
      lane.free = k < n ? Math.max(at + 1, s.queued[k]!) : Infinity;
      continue;
    }
    work[d]! -= chF[s.channel[i]!]!;
    s.start[i] = at;
    lane.free = at + lane.serviceS * chF[s.channel[i]!]! * factorAt(at) * mul.lane[i]! * rng.range(0.8, 1.2) * 1000;
  }
  const run = summariseRun(crossing, list, s, span, pol.perishableLimitMin);
  for (let i = 0; i < n; i++) if (s.queued[i]! >= now && s.queued[i]! < horizon) run.handlingSavedH += mul.handlingSavedH[i]!;
  return run;
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

function summariseRun(crossing: string, list: readonly ForkTruck[], s: Sim, span: RunSpan, limitMin: number): CrossingRun {
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
  for (let i = 0; i < list.length; i++) {
    const q = s.queued[i]!;
    const st = s.start[i]!;
    const d = s.dir[i]!;
    if (!list[i]!.id.startsWith('~')) entries.set(list[i]!.id, st);
    if (st >= span.now && st <= span.close) startsByClose++;
    if (st < span.now) continue; // in a lane already
    // Waiting at grid instant k when queued ≤ t_k < start.
    const k0 = Math.max(0, Math.ceil((q - span.now) / span.stepMs));
    const k1 = Math.min(steps - 1, Math.ceil((st - span.now) / span.stepMs) - 1);
    for (let k = k0; k <= k1; k++) queue[d]![k]!++;
    const end = Math.min(st, span.horizon);
    waitTruckMin += Math.max(0, end - Math.max(q, span.now)) / MIN;
    if (q >= span.now) {
      const b = Math.floor((q - span.now) / span.stepMs);
      if (b < steps) {
        waitSum[d]![b]! += (end - q) / MIN;
        waitN[d]![b]!++;
      }
    }
    if (q <= span.close && st > span.close) waitingAtClose++;
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
