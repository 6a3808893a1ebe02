import type { Channel, Direction, Site } from '../protocol';
import { span, windowFrom, type Span, type Window } from './clock';
import type { ResolvedConfig } from './config';
import { cmpStr } from './util';
import type { EngineLane, EngineMemory, EngineTruck } from './types';

/** Directions in output order; index 0 = export, 1 = import. */
export const DIRS = ['export', 'import'] as const satisfies readonly Direction[];
/** Index of a direction in DIRS, for small per-direction arrays. */
export const dirIndex = (d: Direction): 0 | 1 => (d === 'export' ? 0 : 1);

/** A truck called forward (or remembered as called) that holds its place on a lane. */
export interface PinnedTruck {
  truck: EngineTruck;
  /** Index in the input array, so a released truck rejoins the free list without a lookup. */
  index: number;
  calledAt: number;
  /** When a truck called from another crossing (a diversion) can reach the lane; absent for the crossing's own. */
  arrive?: number;
}

/** A lane plus everything the tick computes about it. Mutable: the assignment loop advances `freeAt`. */
export interface LaneRec {
  lane: EngineLane;
  /** Site order (crossing, then lane), so outputs do not depend on input order. */
  order: number;
  /** Lane and crossing hours, parsed. */
  hours: Span;
  crossingHours: Span | undefined;
  serves: boolean;
  /** Open, serves trucks and opens within a week. */
  usable: boolean;
  /** Usable and inside its hours at `now`: only then are trucks called forward to it. */
  openNow: boolean;
  /** Running direction at the start of the tick. */
  current: Direction;
  /** Effective direction after this tick's decision. */
  direction: Direction;
  /** Wants to switch direction but still holds trucks: it takes no new ones until empty. */
  draining: boolean;
  inLane: EngineTruck[];
  pinned: PinnedTruck[];
  /** Earliest time the next truck can enter; advanced as trucks are planned onto the lane. */
  freeAt: number;
  /** The in-hours window containing or following `freeAt`. */
  win: Window;
  /**
   * A slot kept for a truck still driving in from another crossing: it enters at `holdAt` and leaves at `holdEnd`.
   * Trucks that finish before `holdAt` go first, so the lane does not stand idle while it drives (Infinity: none).
   */
  holdAt: number;
  holdEnd: number;
  /** Service times by channel index (green, yellow, red), ms, site.channelServiceFactor applied. */
  svc: readonly [number, number, number];
  /** Trucks newly planned onto the lane this tick. */
  planned: number;
}

/** All lanes of the tick, in site order, and an index by id. */
export interface LaneTable {
  list: LaneRec[];
  byId: Map<string, LaneRec>;
}

/** Index of a customs channel in LaneRec.svc: 0 green, 1 yellow, 2 red. */
export const channelIndex = (c: Channel): 0 | 1 | 2 => (c === 'green' ? 0 : c === 'yellow' ? 1 : 2);

/** Trucks per second the lane clears at green-channel speed. */
export const laneRate = (r: LaneRec): number => 1000 / r.svc[0];

/** Seconds to drain `w` green-equivalent service units at `rate` trucks/s; no capacity for waiting work is infinitely long. */
export const drainS = (w: number, rate: number): number => (w <= 0 ? 0 : rate > 0 ? w / rate : Infinity);

/** A lane is busy while a truck is in it or called to it. */
export const laneBusy = (r: LaneRec): boolean => r.inLane.length > 0 || r.pinned.length > 0;


/** Builds the lane table: service times, current directions, opening windows from `now`. */
export function buildLanes(lanes: readonly EngineLane[], site: Site, memory: EngineMemory, cfg: ResolvedConfig, now: number): LaneTable {
  const siteOrder = new Map<string, number>();
  const hours = new Map<string, Span>();
  site.crossings.forEach((c, ci) => {
    hours.set(c.id, span(c.hours));
    c.lanes.forEach((l, li) => siteOrder.set(l.id, ci * 1000 + li));
  });
  const f = site.channelServiceFactor;
  const tz = site.timezones.vn;
  const list = lanes.map((lane): LaneRec => {
    const current = lane.direction === 'reversible' ? (lane.runningDirection ?? memory.laneDirections[lane.id] ?? cfg.reversibleDefault) : lane.direction;
    const serves = lane.classes.includes('truck');
    const crossingHours = hours.get(lane.crossing);
    const laneHours = span(lane.hours);
    const win = { start: Infinity, end: Infinity };
    windowFrom(laneHours, crossingHours, now, tz, win);
    const ms = lane.serviceS * 1000;
    const usable = lane.open && serves && Number.isFinite(win.start);
    return {
      lane,
      order: siteOrder.get(lane.id) ?? 1e9,
      hours: laneHours,
      crossingHours,
      serves,
      usable,
      openNow: usable && win.start <= now,
      current,
      direction: current,
      draining: false,
      inLane: [],
      pinned: [],
      freeAt: now,
      win,
      holdAt: Infinity,
      holdEnd: -Infinity,
      svc: [Math.round(ms * f.green), Math.round(ms * f.yellow), Math.round(ms * f.red)],
      planned: 0,
    };
  });
  list.sort((a, b) => a.order - b.order || cmpStr(a.lane.id, b.lane.id));
  return { list, byId: new Map(list.map((r) => [r.lane.id, r])) };
}

/** Predicted entry time on the lane for a truck ready at `t`: the lane's hours push it to the next opening. */
export function entryAt(rec: LaneRec, t: number, tz: number): number {
  if (t >= rec.win.end) windowFrom(rec.hours, rec.crossingHours, t, tz, rec.win);
  return t > rec.win.start ? t : rec.win.start;
}

// Entries at or after a hold are looked up in a window of their own: `rec.win` follows `freeAt`, which stays before
// the hold while trucks fill the time up to it.
const holdWin = { start: Infinity, end: Infinity };
function entryAfter(rec: LaneRec, t: number, tz: number): number {
  windowFrom(rec.hours, rec.crossingHours, t, tz, holdWin);
  return t > holdWin.start ? t : holdWin.start;
}

/**
 * The entry a truck ready at `t` gets on the lane: as soon as the lane frees if that is before the held slot,
 * otherwise after it. A lane never stands idle while a truck waits: the truck driving in waits at most one service
 * at the gate instead.
 */
export function slotAt(rec: LaneRec, t: number, tz: number): number {
  const at = entryAt(rec, Math.max(rec.freeAt, t), tz);
  return at < rec.holdAt ? at : entryAfter(rec, Math.max(rec.holdEnd, t), tz);
}

/** Plans a truck onto the lane at `at` (from slotAt): the lane is next free when it leaves; a held slot moves after it. */
export function takeSlot(rec: LaneRec, at: number, svc: number): void {
  if (at >= rec.holdAt) {
    rec.holdAt = Infinity;
    rec.holdEnd = -Infinity;
  }
  rec.freeAt = at + svc;
  if (rec.freeAt > rec.holdAt) {
    rec.holdEnd += rec.freeAt - rec.holdAt;
    rec.holdAt = rec.freeAt;
  }
}

/**
 * Keeps a slot for a truck that reaches the lane only at `arrive` (driving in from another crossing), after any
 * slot already kept; returns its entry. Later trucks fill the time before it when they are done by then.
 */
export function holdSlot(rec: LaneRec, arrive: number, svc: number, tz: number): number {
  const at = entryAfter(rec, Math.max(rec.freeAt, rec.holdEnd, arrive), tz);
  if (rec.holdAt === Infinity) rec.holdAt = at;
  rec.holdEnd = at + svc;
  return at;
}
