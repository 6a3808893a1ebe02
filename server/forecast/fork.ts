import { DIVERT_TRANSFER_MIN, roadInMs } from '../engine/divert';
import { policyOf } from '../engine/policy';
import type { EngineConfig } from '../engine/types';
import type { Channel, Direction, Site } from '../protocol';
import type { Scenario } from '../sim/scenario';
import type { Twin } from '../twin/twin';
import type { ArrivalFit, ForkState, ForkTruck } from './types';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const CH: readonly Channel[] = ['green', 'yellow', 'red'];

/** What the fit leans on besides today's arrivals: the day's hourly profile, and optional daily priors. */
export interface FitInputs {
  profile: readonly number[];
  /** Trucks per day expected per crossing (e.g. the running scenario's demand) and the export share. */
  prior?: { demand: ReadonlyMap<string, number>; exportShare: number };
  /** Green, yellow, red shares when too few trucks on the road show them (default 0.6, 0.3, 0.1). */
  channels?: [number, number, number];
}

/** One queue join observed today. */
interface Join {
  crossing: string;
  direction: Direction;
  at: number;
  perishable: boolean;
  channel?: Channel;
}

/** Share of a day's arrivals the profile puts in [a, b). */
export function profileMass(profile: readonly number[], a: number, b: number, tzH: number): number {
  const total = profile.reduce((x, y) => x + y, 0) || 1;
  let mass = 0;
  for (let t = a; t < b; ) {
    const local = t + tzH * HOUR;
    const hourEnd = Math.floor(local / HOUR) * HOUR + HOUR - tzH * HOUR;
    const until = Math.min(b, hourEnd);
    mass += ((profile[new Date(local).getUTCHours()] ?? 0) / total) * ((until - t) / HOUR);
    t = until;
  }
  return mass;
}

/** Expected trucks of shrinkage: the observed/expected ratio counts as if this many more had come as expected. */
export const FIT_SHRINK = 100;

/**
 * Arrivals per day per crossing and direction from today's queue joins since observation began (after its first
 * half hour, which holds the backlog found at start). With a prior (the day's expected demand), the prior is scaled
 * by observed ÷ expected over that span, shrunk towards 1 by FIT_SHRINK expected trucks: a few hours of a busy
 * crossing move it almost all the way, a quiet hour barely. Without a prior, the count over the span divided by the
 * profile's share of a day in it.
 */
export function fitArrivals(joins: readonly Join[], now: number, tzH: number, crossings: readonly string[], inputs: FitInputs): ArrivalFit[] {
  const first = joins.reduce((m, j) => Math.min(m, j.at), now);
  const joined = joins.filter((j) => Number.isFinite(j.at));
  const from = Math.max(first + 30 * 60_000, now - DAY);
  const mass = from < now ? profileMass(inputs.profile, from, now, tzH) : 0;
  const out: ArrivalFit[] = [];
  for (const crossing of crossings) {
    for (const direction of ['export', 'import'] as const) {
      const mine = joined.filter((j) => j.crossing === crossing && j.direction === direction);
      const onRoad = joins.filter((j) => j.crossing === crossing && j.direction === direction && j.channel !== undefined);
      const seen = mine.filter((j) => j.at >= from && j.at < now).length;
      const priorDay = inputs.prior ? (inputs.prior.demand.get(crossing) ?? 0) * (direction === 'export' ? inputs.prior.exportShare : 1 - inputs.prior.exportShare) : undefined;
      let perDay: number;
      if (priorDay !== undefined) {
        const expected = priorDay * mass;
        perDay = priorDay * ((seen + FIT_SHRINK) / (expected + FIT_SHRINK));
      } else perDay = mass > 1e-6 ? seen / mass : 0;
      const channels = CH.map((c) => onRoad.filter((j) => j.channel === c).length);
      const onRoadN = channels.reduce((a, b) => a + b, 0);
      out.push({
        crossing, direction, perDay,
        perishableShare: mine.length >= 5 ? mine.filter((j) => j.perishable).length / mine.length : direction === 'export' ? 0.6 : 0.1,
        channels: onRoadN >= 20 ? [channels[0]! / onRoadN, channels[1]! / onRoadN, channels[2]! / onRoadN] : (inputs.channels ?? [0.6, 0.3, 0.1]),
      });
    }
  }
  return out;
}

/**
 * Forks the twin at `now` into plain data for a forecast: its truck lanes as operators left them, the trucks on the
 * road, in the queues and in the lanes, today's cleared count, the fitted arrivals and the recent service factor.
 */
export function forkTwin(twin: Twin, site: Site, now: number, config: EngineConfig, inputs: FitInputs): ForkState {
  const tzH = site.timezones.vn;
  const midnight = Math.floor((now + tzH * HOUR) / DAY) * DAY - tzH * HOUR;
  const lanes = [...twin.lanes.byId.values()]
    .filter((l) => l.classes.includes('truck'))
    .map((l) => ({ id: l.id, crossing: l.crossing, direction: l.direction, running: l.runningDirection ?? (l.direction === 'reversible' ? (config.reversibleDefault ?? 'import') : l.direction), open: l.open, ...(l.barrierDown ? { barrierDown: true } : {}), serviceS: l.serviceS, hours: l.hours }));
  const withLanes = new Set(lanes.map((l) => l.crossing));
  const trucks: ForkTruck[] = [];
  const joins: Join[] = [];
  for (const t of twin.trucks.values()) {
    if (!withLanes.has(t.crossing) || t.crossedAt !== undefined || t.phase === 'crossed' || t.phase === 'departed') continue;
    const channel = t.channel ?? 'green';
    const f: ForkTruck = { id: t.id, crossing: t.crossing, direction: t.direction, perishable: t.perishable, channel };
    if (t.queuedAt !== undefined) f.queuedAt = t.queuedAt;
    if (t.enteredLaneAt !== undefined) f.enteredLaneAt = t.enteredLaneAt;
    if (t.lane !== undefined && (t.calledAt !== undefined || t.enteredLaneAt !== undefined)) f.lane = t.lane;
    trucks.push(f);
    // The channel mix is read only from trucks not yet in a queue: those left waiting are mostly the slow channels
    // (quick green trucks go first), and the cleared log keeps no channel.
    if (t.queuedAt !== undefined && t.queuedAt >= midnight) joins.push({ crossing: t.crossing, direction: t.direction, at: t.queuedAt, perishable: t.perishable });
    else if (t.queuedAt === undefined) joins.push({ crossing: t.crossing, direction: t.direction, at: Infinity, perishable: t.perishable, channel });
  }
  const cleared = new Map<string, number>();
  for (const c of twin.cleared) {
    if (c.queuedAt >= midnight) joins.push({ crossing: c.crossing, direction: c.direction, at: c.queuedAt, perishable: c.perishable });
    if (c.crossedAt >= midnight) cleared.set(c.crossing, (cleared.get(c.crossing) ?? 0) + 1);
  }
  // Services against their lane's nominal time × channel factor, over the last hour (how fast lanes run now: weather,
  // inspections) and the last six (what they come back to). Read from the trucks on their way out and those that
  // left (the cleared log has no channel, and the order by channel would otherwise bias the ratio).
  const ratios = (since: number, until: number) => {
    const out = new Map<string, { actual: number; nominal: number; n: number }>();
    const add = (t: { crossing: string; channel?: Channel; lane?: string; enteredLaneAt?: number; crossedAt?: number }) => {
      if (t.crossedAt === undefined || t.enteredLaneAt === undefined || t.crossedAt < since || t.crossedAt >= until || !t.lane) return;
      const lane = twin.lanes.byId.get(t.lane);
      if (!lane) return;
      const r = out.get(t.crossing) ?? { actual: 0, nominal: 0, n: 0 };
      r.actual += t.crossedAt - t.enteredLaneAt;
      r.nominal += lane.serviceS * 1000 * (site.channelServiceFactor[t.channel ?? 'green'] ?? 1);
      r.n++;
      out.set(t.crossing, r);
    };
    for (const t of twin.trucks.values()) add(t);
    for (const d of twin.departures()) add(d.truck);
    return out;
  };
  // The last hour, or as many of the last six as it takes to see MIN_SERVICES services: when lanes run very slowly
  // (the December 2021 jam: each service 24 times its nominal time, 2–4 trucks an hour at a crossing) an hour holds
  // too few, and the pace fell back to nominal, so the forecast cleared the queue at the normal rate (Hữu Nghị "399 ±
  // 11 waiting at 19:00" while 1,290 were).
  const pooled = Array.from({ length: 6 }, (_, k) => ratios(now - (k + 1) * HOUR, now));
  // The median of the last six hours' hourly paces: a fog bank or shower of a few hours does not set it.
  const hourly = Array.from({ length: 6 }, (_, k) => ratios(now - (k + 1) * HOUR, now - k * HOUR));
  const crossings = site.crossings.filter((c) => withLanes.has(c.id));
  const arrivals = fitArrivals(joins, now, tzH, crossings.map((c) => c.id), inputs);
  const chF = { green: site.channelServiceFactor.green ?? 1, yellow: site.channelServiceFactor.yellow ?? 1.5, red: site.channelServiceFactor.red ?? 3 };
  // MIN_SERVICES services or more say how fast lanes run; otherwise the fallback (in the end nominal).
  const ratio = (r: { actual: number; nominal: number; n: number } | undefined, fallback: number) =>
    r && r.n >= MIN_SERVICES && r.nominal > 0 ? Math.min(MAX_PACE, Math.max(MIN_PACE, r.actual / r.nominal)) : fallback;
  const serviceFactor = crossings.map((c) => {
    const paces = hourly.map((h) => h.get(c.id)).filter((r) => r !== undefined && r.n >= MIN_SERVICES).map((r) => ratio(r, 1)).sort((a, b) => a - b);
    // No hour with enough services: the six hours together, or nominal.
    const longFactor = paces.length === 0 ? ratio(pooled[5]!.get(c.id), 1) : paces.length % 2 ? paces[(paces.length - 1) / 2]! : (paces[paces.length / 2 - 1]! + paces[paces.length / 2]!) / 2;
    const recent = pooled.map((p) => p.get(c.id)).find((r) => r !== undefined && r.n >= MIN_SERVICES);
    const factor = ratio(recent, longFactor);
    // Slow spells (weather, an inspection drive) pass; a pace faster than the median is the lanes' own and stays.
    return { crossing: c.id, factor, longFactor: Math.min(factor, longFactor) };
  });
  return {
    now, tzH, lanes, trucks,
    clearedToday: [...cleared].map(([crossing, count]) => ({ crossing, count })),
    arrivals, profile: [...inputs.profile], serviceFactor, channelFactor: chF,
    policy: {
      perishableHeadStartMin: config.perishableHeadStartMin ?? 960, channelHeadStartMin: config.channelHeadStartMin ?? { green: 1440, yellow: 720, red: 0 }, perishableLimitMin: config.perishableLimitMin ?? 120,
      ...(policyOf(config).advisesDiversions ? { divert: { minGainMin: (config.divertPerishableMinGainS ?? 900) / 60, transferMin: DIVERT_TRANSFER_MIN } } : {}),
    },
    crossings: crossings.map((c) => ({ id: c.id, hours: c.hours, ...(c.target2027 ? { target: c.target2027[0], roadInMin: roadInMs(site, c.id) / MIN } : {}) })),
  };
}

/** Services it takes to read the lanes' pace. */
const MIN_SERVICES = 5;
/**
 * The pace's bounds (service time ÷ nominal): an outlier cannot set it, and the slowest pace measured is still
 * believed. At most 3 until 12-07, which capped the December 2021 jam's pace (24) at an eighth of it.
 */
const MIN_PACE = 0.5;
const MAX_PACE = 40;

/** What the fit leans on for a scenario day: its hourly profile and its expected demand (never its draws). */
export function scenarioFit(scenario: Pick<Scenario, 'hourlyProfile' | 'demand' | 'exportShare'>): FitInputs {
  return { profile: scenario.hourlyProfile, prior: { demand: new Map(Object.entries(scenario.demand)), exportShare: scenario.exportShare } };
}

/** The hourly arrival profile of a normal day (assets/scenarios/normal.json), for a server that runs no scenario. */
export const DEFAULT_PROFILE: readonly number[] = [1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 6, 6, 6, 7, 8, 9, 9, 9, 8, 7, 5, 3, 2, 1];
