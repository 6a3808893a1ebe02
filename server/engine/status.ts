import { idRecord, serviceLevelsOf, type Direction, type IdRecord, type ServiceLevels, type Site, type StatusLevel, type StatusReason } from '../protocol';
import { DAY_MS, HOUR_MS, inHours, localMidnight, span } from './clock';
import type { FlowStats } from './stats';
import type { EngineInput } from './types';
import { round } from './util';

const MIN_MS = 60_000;
/** A figure leaves a level only once it falls this share below the level's threshold: statuses do not flap. */
export const HYSTERESIS = 0.1;
/** The day's projection is judged only after this many opening hours: earlier it is mostly noise. */
const PROJECTION_AFTER_MS = 2 * HOUR_MS;

type Band = { warning: number; critical: number };

/** The level of one figure given its previous level: enters at a threshold, leaves 10 % below it. */
export function levelOf(value: number, band: Band, prev: StatusLevel | undefined): StatusLevel {
  const stay = (threshold: number) => value >= threshold * (1 - HYSTERESIS);
  if (value >= band.critical || (prev === 'critical' && stay(band.critical))) return 'critical';
  if (value >= band.warning || (prev !== undefined && prev !== 'ok' && stay(band.warning))) return 'watch';
  return 'ok';
}

/** One crossing and direction's status, and the figures behind it. */
export interface FlowStatus {
  crossing: string;
  direction: Direction;
  status: StatusLevel;
  reasons: StatusReason[];
  yardCount: number;
  yardCapacity: number;
  open: boolean;
  opensAt?: number;
  /** Minutes without a clearance while open with trucks waiting (0 otherwise). */
  noClearanceMin: number;
}

/** One crossing's day against its target. */
export interface Projection {
  crossing: string;
  projected: number;
  dailyTarget?: number;
  verdict: 'on-track' | 'at-risk' | 'off-track' | 'too-early';
  shortfall: number;
  level: StatusLevel;
}

/** A corridor where AGVs stand idle while containers wait. */
export interface IdleFleet {
  corridor: string;
  crossing: string;
  idle: number;
  containers: number;
  minutes: number;
  level: StatusLevel;
}

/** Everything the statuses decided this tick; `levels` is the memory for the next one (non-ok figures only). */
export interface Statuses {
  flows: FlowStatus[];
  projections: Projection[];
  idle: IdleFleet[];
  levels: IdRecord<StatusLevel>;
}

const RANK: { [L in StatusLevel]: number } = { ok: 0, watch: 1, critical: 2 };

/** Statuses of every crossing and direction, projections against today's targets and idle fleets, with hysteresis. */
export function computeStatuses(input: EngineInput, flows: readonly FlowStats[], prev: Readonly<IdRecord<StatusLevel>>): Statuses {
  const { site, now } = input;
  const tz = site.timezones.vn;
  const levels = idRecord<StatusLevel>();
  const judge = (key: string, value: number, band: Band): StatusLevel => {
    const l = levelOf(value, band, prev[key]);
    if (l !== 'ok') levels[key] = l;
    return l;
  };
  const crossings = new Map(site.crossings.map((c) => [c.id, c]));
  const capacity = new Map(site.yards.map((y) => [y.id, y.capacity]));
  const lastCleared = new Map<string, number>();
  const midnight = localMidnight(now, tz);
  for (const c of input.cleared) {
    if (c.crossedAt > now || c.crossedAt < midnight) continue;
    const k = `${c.crossing}:${c.direction}`;
    lastCleared.set(k, Math.max(lastCleared.get(k) ?? 0, c.crossedAt));
  }
  const out: FlowStatus[] = flows.map((f) => {
    const c = crossings.get(f.crossing)!;
    const sl = serviceLevelsOf(c);
    const key = (kind: string) => `${kind}:${f.crossing}:${f.direction}`;
    const open = inHours(c.hours, now, tz);
    const yard = c.yards ? (f.direction === 'export' ? c.yards.vn : c.yards.cn) : undefined;
    const yardCapacity = yard ? (capacity.get(yard) ?? 0) : 0;
    const openedAt = openingToday(c.hours, now, tz);
    // Since the last clearance (or the opening), but only as long as someone has been waiting.
    const sinceCleared = Math.max(0, now - Math.max(lastCleared.get(`${f.crossing}:${f.direction}`) ?? 0, openedAt)) / MIN_MS;
    const noClearanceMin = open && f.queue > 0 ? Math.min(sinceCleared, f.waitNowMaxMin) : 0;
    const figures: [StatusReason['kind'], number, Band][] = [
      ['wait-mean', f.waitNowMeanMin, sl.waitMeanMin],
      ['wait-p95', f.waitNowP95Min, sl.waitP95Min],
      ['perishable', f.perishableMaxWaitMin, sl.perishableMin],
      ['yard-fill', yardCapacity > 0 ? f.queue / yardCapacity : 0, sl.yardFill],
      ['no-clearance', noClearanceMin, sl.noClearanceMin],
    ];
    const reasons: StatusReason[] = [];
    for (const [kind, value, band] of figures) {
      const level = judge(key(kind), value, band);
      if (level !== 'ok') reasons.push({ kind, level, value: round(value, kind === 'yard-fill' ? 3 : 1), threshold: level === 'critical' ? band.critical : band.warning });
    }
    reasons.sort((a, b) => RANK[b.level] - RANK[a.level]);
    const status: StatusLevel = reasons[0]?.level ?? 'ok';
    const s: FlowStatus = { crossing: f.crossing, direction: f.direction, status, reasons, yardCount: f.queue, yardCapacity, open, noClearanceMin: round(noClearanceMin, 1) };
    if (!open) s.opensAt = nextOpening(c.hours, now, tz);
    return s;
  });
  return { flows: out, projections: projections(site, flows, now, judge), idle: idleFleets(input, judge), levels };
}

// Opening time today (site-local); around-the-clock crossings opened at midnight.
function openingToday(hours: Site['crossings'][number]['hours'], now: number, tz: number): number {
  const sp = span(hours);
  const base = localMidnight(now, tz);
  // Overnight hours that opened yesterday evening are still the same opening.
  return base + sp.open <= now ? base + sp.open : base - DAY_MS + sp.open;
}

function nextOpening(hours: Site['crossings'][number]['hours'], now: number, tz: number): number {
  const open = localMidnight(now, tz) + span(hours).open;
  return open > now ? open : open + DAY_MS;
}

/**
 * Cleared by closing: what is cleared, plus the last hour's clearance rate over the hours left, capped by what
 * can still come (the queue plus arrivals at the day's rate so far): better than a straight line through the day.
 */
function projections(site: Site, flows: readonly FlowStats[], now: number, judge: (key: string, value: number, band: Band) => StatusLevel): Projection[] {
  const tz = site.timezones.vn;
  return site.crossings.flatMap((c) => {
    if (!c.target2027) return [];
    const sl: ServiceLevels = serviceLevelsOf(c);
    const mine = flows.filter((f) => f.crossing === c.id);
    const cleared = mine.reduce((n, f) => n + f.clearedToday, 0);
    const lastHour = mine.reduce((n, f) => n + f.clearedLastHour, 0);
    const queue = mine.reduce((n, f) => n + f.queue, 0);
    const sp = span(c.hours);
    const openAt = localMidnight(now, tz) + sp.open;
    const closeAt = localMidnight(now, tz) + sp.close;
    const openFor = Math.max(0, Math.min(now, closeAt) - openAt);
    const left = Math.max(0, closeAt - Math.max(now, openAt)) / HOUR_MS;
    const arrivalsPerHour = openFor > 0 ? (cleared + queue) / Math.max(1, openFor / HOUR_MS) : 0;
    const projected = Math.round(cleared + Math.min(lastHour * left, queue + arrivalsPerHour * left));
    const p: Projection = { crossing: c.id, projected, verdict: 'too-early', shortfall: 0, level: 'ok' };
    if (sl.dailyTarget === undefined) return [{ ...p, verdict: 'on-track' as const }];
    p.dailyTarget = sl.dailyTarget;
    p.shortfall = round(Math.max(0, 1 - projected / sl.dailyTarget), 3);
    if (openFor < PROJECTION_AFTER_MS) return [p];
    p.level = judge(`shortfall:${c.id}`, p.shortfall, sl.shortfall);
    p.verdict = p.level === 'critical' ? 'off-track' : p.level === 'watch' ? 'at-risk' : 'on-track';
    return [p];
  });
}

// AGVs able to work (idle, fresh, charged enough) on a corridor where containers wait: since the oldest waits.
function idleFleets(input: EngineInput, judge: (key: string, value: number, band: Band) => StatusLevel): IdleFleet[] {
  const { site, now } = input;
  const crossings = new Map(site.crossings.map((c) => [c.id, c]));
  return site.corridors.flatMap((cor) => {
    const crossing = crossings.get(cor.crossing);
    if (!crossing) return [];
    const idle = input.agvs.filter((a) => a.corridor === cor.id && a.state === 'idle' && !a.stale && a.battery >= input.config.agvMinBatteryForJob).length;
    const waiting = input.jobs.filter((j) => j.corridor === cor.id && j.readyAt <= now);
    const oldest = waiting.reduce((m, j) => Math.min(m, j.readyAt), now);
    const minutes = idle > 0 && waiting.length > 0 ? (now - oldest) / MIN_MS : 0;
    const level = judge(`agv-idle:${cor.id}`, minutes, serviceLevelsOf(crossing).agvIdleMin);
    return level === 'ok' ? [] : [{ corridor: cor.id, crossing: cor.crossing, idle, containers: waiting.length, minutes: Math.round(minutes), level }];
  });
}
