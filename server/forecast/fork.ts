import type { EngineConfig } from '../engine/types';
import type { Channel, Direction, Site } from '../protocol';
import type { Twin } from '../twin/twin';
import type { ArrivalFit, ForkState, ForkTruck } from './types';

const HOUR = 3_600_000;
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

/**
 * Arrivals per day per crossing and direction from today's queue joins: the count over the last four hours (after
 * the first half hour of observation, which holds the backlog found at start) divided by the profile's share of a
 * day in that span, blended with the prior as if it had been seen over an hour's share.
 */
export function fitArrivals(joins: readonly Join[], now: number, tzH: number, crossings: readonly string[], inputs: FitInputs): ArrivalFit[] {
  const first = joins.reduce((m, j) => Math.min(m, j.at), now);
  const joined = joins.filter((j) => Number.isFinite(j.at));
  const from = Math.max(first + 30 * 60_000, now - 4 * HOUR);
  const mass = from < now ? profileMass(inputs.profile, from, now, tzH) : 0;
  const out: ArrivalFit[] = [];
  for (const crossing of crossings) {
    for (const direction of ['export', 'import'] as const) {
      const mine = joined.filter((j) => j.crossing === crossing && j.direction === direction);
      const onRoad = joins.filter((j) => j.crossing === crossing && j.direction === direction && j.channel !== undefined);
      const recent = mine.filter((j) => j.at >= from && j.at < now).length;
      const priorDay = inputs.prior ? (inputs.prior.demand.get(crossing) ?? 0) * (direction === 'export' ? inputs.prior.exportShare : 1 - inputs.prior.exportShare) : undefined;
      const w = priorDay === undefined ? 0 : profileMass(inputs.profile, now - HOUR, now, tzH);
      const perDay = mass + w > 1e-6 ? (recent + w * (priorDay ?? 0)) / (mass + w) : (priorDay ?? 0);
      const channels = CH.map((c) => onRoad.filter((j) => j.channel === c).length);
      const seen = channels.reduce((a, b) => a + b, 0);
      out.push({
        crossing, direction, perDay,
        perishableShare: mine.length >= 5 ? mine.filter((j) => j.perishable).length / mine.length : direction === 'export' ? 0.6 : 0.1,
        channels: seen >= 20 ? [channels[0]! / seen, channels[1]! / seen, channels[2]! / seen] : (inputs.channels ?? [0.6, 0.3, 0.1]),
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
    .map((l) => ({ id: l.id, crossing: l.crossing, direction: l.direction, running: l.runningDirection ?? (l.direction === 'reversible' ? (config.reversibleDefault ?? 'import') : l.direction), open: l.open && !l.barrierDown, serviceS: l.serviceS, hours: l.hours }));
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
  // Services of the last hour against their lane's nominal time × channel factor (the cleared log has no channel:
  // read the trucks still on their way out, whose order by channel would otherwise bias the ratio).
  const recent = new Map<string, { actual: number; nominal: number; n: number }>();
  for (const t of twin.trucks.values()) {
    if (t.crossedAt === undefined || t.enteredLaneAt === undefined || t.crossedAt < now - HOUR || !t.lane) continue;
    const lane = twin.lanes.byId.get(t.lane);
    if (!lane) continue;
    const r = recent.get(t.crossing) ?? { actual: 0, nominal: 0, n: 0 };
    r.actual += t.crossedAt - t.enteredLaneAt;
    r.nominal += lane.serviceS * 1000 * (site.channelServiceFactor[t.channel ?? 'green'] ?? 1);
    r.n++;
    recent.set(t.crossing, r);
  }
  const crossings = site.crossings.filter((c) => withLanes.has(c.id));
  const arrivals = fitArrivals(joins, now, tzH, crossings.map((c) => c.id), inputs);
  const chF = { green: site.channelServiceFactor.green ?? 1, yellow: site.channelServiceFactor.yellow ?? 1.5, red: site.channelServiceFactor.red ?? 3 };
  const serviceFactor = crossings.map((c) => {
    const r = recent.get(c.id);
    // Five services or more say how fast lanes run now (weather, inspections); otherwise nominal.
    const factor = r && r.n >= 5 && r.nominal > 0 ? Math.min(3, Math.max(0.5, r.actual / r.nominal)) : 1;
    return { crossing: c.id, factor };
  });
  return {
    now, tzH, lanes, trucks,
    clearedToday: [...cleared].map(([crossing, count]) => ({ crossing, count })),
    arrivals, profile: [...inputs.profile], serviceFactor, channelFactor: chF,
    policy: { perishableHeadStartMin: config.perishableHeadStartMin ?? 960, channelHeadStartMin: config.channelHeadStartMin ?? { green: 1440, yellow: 720, red: 0 }, perishableLimitMin: config.perishableLimitMin ?? 120 },
    crossings: crossings.map((c) => ({ id: c.id, hours: c.hours, ...(c.target2027 ? { target: c.target2027[0] } : {}) })),
  };
}

/** The hourly arrival profile of a normal day (assets/scenarios/normal.json), for a server that runs no scenario. */
export const DEFAULT_PROFILE: readonly number[] = [1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 6, 6, 6, 7, 8, 9, 9, 9, 8, 7, 5, 3, 2, 1];
