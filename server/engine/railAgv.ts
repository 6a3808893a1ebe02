// Ground AGVs or an overhead rail on one smart-gate corridor, run on the same day's container demand.
import type { SmartGateRun } from '../protocol';

/** One smart-gate model: how its vehicles move, load and fail. `source` names the figures' origin. */
export interface SmartGateSpec {
  kind: 'agv' | 'rail';
  speedKmh: number;
  /** Loading or unloading at each yard, minutes. */
  handlingMin: number;
  /** Least time between two departures on one track (a block signal); 0: vehicles pass each other. */
  headwayS: number;
  kwhPerKm: number;
  /** Ground the corridor takes, per metre of its length. */
  widthM: number;
  source: string;
}

/** Ganqimaodu AGVs (domain.md §3): 25 km/h, ~20 min of handling and gates per round trip; 2 lanes each way of 3.5 m. */
export const AGV_SPEC: SmartGateSpec = { kind: 'agv', speedKmh: 25, handlingMin: 10, headwayS: 0, kwhPerKm: 1.4, widthM: 4 * 3.5, source: 'domain.md §3 Ganqimaodu; energy approx' };
/** Overhead rail (domain.md §1: no published design; Qingdao's sky rail runs on ~30 % of a road's footprint): approx. */
export const RAIL_SPEC: SmartGateSpec = { kind: 'rail', speedKmh: 36, handlingMin: 5, headwayS: 90, kwhPerKm: 0.8, widthM: 0.3 * 4 * 3.5, source: 'domain.md §1 Qingdao sky rail (~30 % footprint); speed, headway, energy approx' };

export interface SmartGateInput {
  lengthM: number;
  /** Containers over the day and their relative rate per hour (24 values); the day starts at `start`. */
  demandPerDay: number;
  hourlyProfile: readonly number[];
  start: number;
  fleet: number;
  faultAt: number;
  faultMinutes: number;
}

const MIN = 60_000;
const MAX_FLEET = 120;
const r1 = (x: number) => Math.round(x * 10) / 10;

/** The day's containers: arrival instants spread evenly within each hour, 7 in 10 from the Chinese end (imports). */
export function dayContainers(input: SmartGateInput): { at: number; end: 0 | 1 }[] {
  const total = input.hourlyProfile.reduce((a, b) => a + b, 0);
  const out: { at: number; end: 0 | 1 }[] = [];
  let carry = 0;
  for (let h = 0; h < 24; h++) {
    const exact = (input.demandPerDay * (input.hourlyProfile[h] ?? 0)) / total + carry;
    // The last hour takes what is left, so the day holds exactly its demand.
    const n = h === 23 ? Math.round(exact) : Math.floor(exact);
    carry = exact - n;
    for (let k = 0; k < n; k++) out.push({ at: input.start + h * 3_600_000 + ((k + 0.5) / n) * 3_600_000, end: out.length % 10 < 7 ? 0 : 1 });
  }
  return out;
}

/** Runs one model over the containers: each vehicle takes the container it can reach first, loaded one way at a time. */
function simulate(spec: SmartGateSpec, input: SmartGateInput, fleet: number, containers: readonly { at: number; end: 0 | 1 }[], fault: boolean): { done: number[]; km: number } {
  const travel = (input.lengthM / (spec.speedKmh / 3.6)) * 1000;
  const handling = spec.handlingMin * MIN;
  const queues: number[][] = [[], []];
  containers.forEach((c, i) => queues[c.end]!.push(i));
  const head = [0, 0];
  const vehicles = Array.from({ length: fleet }, (_, i) => ({ end: (i % 2) as 0 | 1, free: input.start }));
  const lastDepart = [-Infinity, -Infinity];
  const faultEnd = input.faultAt + input.faultMinutes * MIN;
  const done = new Array<number>(containers.length).fill(NaN);
  let km = 0;
  for (;;) {
    let best: { v: number; end: 0 | 1; pickup: number } | undefined;
    for (let v = 0; v < vehicles.length; v++) {
      const veh = vehicles[v]!;
      let free = veh.free;
      // An AGV fault takes one vehicle out of service until it is recovered.
      if (fault && spec.kind === 'agv' && v === 0 && free < faultEnd && free + travel > input.faultAt) free = Math.max(free, faultEnd);
      for (const end of [0, 1] as const) {
        const i = queues[end]![head[end]!];
        if (i === undefined) continue;
        const pickup = Math.max(free + (end === veh.end ? 0 : travel), containers[i]!.at);
        if (!best || pickup < best.pickup) best = { v, end, pickup };
      }
    }
    if (!best) break;
    const veh = vehicles[best.v]!;
    const i = queues[best.end]![head[best.end]!++]!;
    if (best.end !== veh.end) km += input.lengthM / 1000;
    let depart = best.pickup + handling;
    if (spec.headwayS > 0) depart = Math.max(depart, lastDepart[best.end]! + spec.headwayS * 1000);
    lastDepart[best.end] = depart;
    let arrive = depart + travel;
    // A stopped rail carrier blocks its track: everything on or entering it waits until it is cleared.
    if (fault && spec.kind === 'rail' && best.end === 0 && depart < faultEnd && arrive > input.faultAt) arrive += faultEnd - Math.max(depart, input.faultAt);
    km += input.lengthM / 1000;
    done[i] = arrive + handling;
    veh.end = best.end === 0 ? 1 : 0;
    veh.free = done[i]!;
  }
  return { done, km };
}

/** One model's figures for the day, its fault included. */
export function runSmartGate(spec: SmartGateSpec, input: SmartGateInput): SmartGateRun {
  const containers = dayContainers(input);
  const clean = simulate(spec, input, input.fleet, containers, false);
  const faulty = simulate(spec, input, input.fleet, containers, true);
  const y2y = containers.map((c, i) => (faulty.done[i]! - c.at) / MIN).sort((a, b) => a - b);
  const p95 = (xs: number[]) => (xs.length ? xs[Math.min(xs.length - 1, Math.ceil(0.95 * xs.length) - 1)]! : 0);
  const perHour = new Map<number, number>();
  for (const d of faulty.done) perHour.set(Math.floor((d - input.start) / 3_600_000), (perHour.get(Math.floor((d - input.start) / 3_600_000)) ?? 0) + 1);
  const tripMin = (2 * spec.handlingMin) + input.lengthM / (spec.speedKmh / 3.6) / 60;
  const roundTripMin = 2 * tripMin;
  const byFleet = input.fleet * 2 * (60 / roundTripMin);
  const capacityPerHour = spec.headwayS > 0 ? Math.min(byFleet, 2 * (3600 / spec.headwayS)) : byFleet;
  const delays = containers.map((_, i) => (faulty.done[i]! - clean.done[i]!) / MIN);
  // Fewest vehicles that keep up (binary search; null when no fleet does: the track's headway caps the rail).
  const keepsUp = (n: number) => {
    const run = simulate(spec, input, n, containers, false);
    return p95(containers.map((c, i) => (run.done[i]! - c.at) / MIN).sort((a, b) => a - b)) <= 2 * tripMin;
  };
  let needed: number | null = null;
  if (keepsUp(MAX_FLEET)) {
    let lo = 1;
    let hi = MAX_FLEET;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keepsUp(mid)) hi = mid;
      else lo = mid + 1;
    }
    needed = lo;
  }
  return {
    kind: spec.kind,
    fleet: input.fleet,
    containers: containers.length,
    delivered: faulty.done.filter((d) => Number.isFinite(d)).length,
    peakPerHour: Math.max(0, ...perHour.values()),
    capacityPerHour: Math.round(capacityPerHour),
    yardToYardMeanMin: r1(y2y.reduce((a, b) => a + b, 0) / Math.max(1, y2y.length)),
    yardToYardP95Min: r1(p95(y2y)),
    vehiclesNeeded: needed,
    energyKwhPerContainer: r1((faulty.km * spec.kwhPerKm) / Math.max(1, containers.length)),
    energyKwhDay: Math.round(faulty.km * spec.kwhPerKm),
    footprintM2: Math.round(input.lengthM * spec.widthM),
    fault: {
      at: input.faultAt,
      minutes: input.faultMinutes,
      delayedContainers: delays.filter((d) => d > 1).length,
      maxDelayMin: r1(Math.max(0, ...delays)),
      capacityLeft: spec.kind === 'agv' ? r1((input.fleet - 1) / Math.max(1, input.fleet)) : 0.5,
    },
  };
}
