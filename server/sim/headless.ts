import { defaultEngineConfig } from '../engine';
import type { CrossingSetup } from '../engine/crossingModes';
import type { EngineConfig, EngineOutput, PolicyName } from '../engine/types';
import type { Kpi, Site, Telemetry } from '../protocol';
import { StreamCore } from '../stream/core';
import { Twin } from '../twin/twin';
import { loadCrossingRules, scenarioCrossingSetup } from './crossingRules';
import type { Scenario } from './scenario';
import { summarise, type DaySummary } from './summary';
import { atLocal, World, type ArrivalEvent } from './world';

export interface HeadlessOptions {
  policy?: PolicyName;
  /** Engine knobs to change from the defaults (e.g. the perishable head start), for what-ifs and advice. */
  engine?: Partial<EngineConfig>;
  /** Simulated seconds per world step. */
  stepS?: number;
  /** Simulated seconds between engine runs. */
  engineEveryS?: number;
  hours?: number;
  /** Local date the day is simulated on (YYYY-MM-DD); the scenario's start time applies. */
  day?: string;
  /** Hash every message of the event stream (for determinism checks; costs time). */
  hashEvents?: boolean;
  /** Recorded arrivals to replay instead of the scenario's random ones (what-if). */
  arrivals?: readonly ArrivalEvent[];
  /** Start instant (epoch ms); defaults to the scenario's start time on `day`. */
  start?: number;
  /** Crossing-mode rules and levers: every truck gets a mode drawn from them (engine/crossingModes.ts). */
  crossing?: CrossingSetup;
  /** Called after every engine run, e.g. to sample KPIs over the day. */
  onEngine?: (out: EngineOutput, now: number) => void;
  /** Called once with the twin before the first step (e.g. to attach a recorder to it). */
  onStart?: (twin: Twin) => void;
  /** Called after each step with the messages the twin just applied (step `i` at `now`), as the ingest does live. */
  onStep?: (msgs: readonly Telemetry[], now: number, i: number) => void;
}

export interface HeadlessResult {
  kpi: Kpi;
  start: number;
  end: number;
  messages: number;
  eventHash: string;
  world: World;
  twin: Twin;
  /** The day in figures: cleared trucks, waits, the evening backlog. */
  day: DaySummary;
}

/**
 * Runs a scenario day in-process and faster than real time: the world's messages go straight into a
 * twin, the engine plans on it, and its calls and missions go back to the world as commands — the same
 * loop as live, without sockets or timers.
 */
export function runHeadless(site: Site, scenario: Scenario, opts: HeadlessOptions = {}): HeadlessResult {
  const stepMs = (opts.stepS ?? 1) * 1000;
  const engineEvery = Math.max(1, Math.round((opts.engineEveryS ?? 5) / (opts.stepS ?? 1)));
  const day = opts.day ?? '2026-06-01';
  const start = opts.start ?? atLocal(Date.parse(`${day}T12:00:00+07:00`), scenario.start);
  const end = start + (opts.hours ?? 24) * 3_600_000;
  // A scenario with its own mode mix draws modes even when the caller passes no setup.
  const crossing = opts.crossing ?? (scenario.crossingModes ? scenarioCrossingSetup(loadCrossingRules(), site, scenario, scenario.configuration) : undefined);
  const world = new World(site, scenario, start, { ...(opts.arrivals ? { arrivals: opts.arrivals } : {}), ...(crossing ? { crossing } : {}) });
  const twin = new Twin(site);
  // The same stream core as live and replay; its calls and missions go back to the world as commands.
  let step = 0;
  const core = new StreamCore(site, twin, { ...defaultEngineConfig(opts.policy ?? 'default'), ...opts.engine }, {
    commands: (out, now) => {
      for (const c of out.calls) world.command({ type: 'truck:call', commandId: `c${step}`, truck: c.truck, crossing: c.crossing, lane: c.lane, at: Math.round(c.at), issuedAt: now });
      for (const m of out.missions) {
        world.command({ type: 'agv:mission', commandId: `m${step}`, agv: m.agv, mission: m.mission, corridor: m.corridor, from: m.from, to: m.to, issuedAt: now });
      }
    },
    failed: (e) => {
      throw e;
    },
  });
  let last: EngineOutput | undefined;
  let messages = 0;
  let hash = 0x811c9dc5;
  const at20 = atLocal(start, '20:00') < start ? atLocal(start, '20:00') + 86_400_000 : atLocal(start, '20:00');
  let waitingAt20: number | undefined;
  opts.onStart?.(twin);
  for (let i = 0, now = start; now < end; i++, now += stepMs) {
    world.step(now);
    const batch = world.drain();
    for (const m of batch) {
      twin.apply(m, now);
      if (opts.hashEvents) hash = fnv1a(JSON.stringify(m), hash);
    }
    messages += batch.length;
    opts.onStep?.(batch, now, i);
    if (waitingAt20 === undefined && now >= at20) waitingAt20 = countWaiting(twin);
    twin.handles.release();
    if (i % engineEvery !== 0) continue;
    twin.updateStaleness(now);
    step = i;
    last = core.run(now);
    if (last) opts.onEngine?.(last, now);
  }
  if (!last) throw new Error('the simulated span is shorter than one engine run');
  return { kpi: last.kpi, start, end, messages, eventHash: (hash >>> 0).toString(16).padStart(8, '0'), world, twin, day: summarise(twin.cleared, start, end, stillWaiting(twin), waitingAt20) };
}

/** Trucks that joined a queue and have not crossed yet (their waits so far count in the day's figures). */
export function stillWaiting(twin: Twin): { queuedAt: number; enteredLaneAt?: number; perishable: boolean }[] {
  const out: { queuedAt: number; enteredLaneAt?: number; perishable: boolean }[] = [];
  for (const t of twin.trucks.values()) {
    if (t.queuedAt === undefined || t.crossedAt !== undefined) continue;
    out.push(t.enteredLaneAt !== undefined ? { queuedAt: t.queuedAt, enteredLaneAt: t.enteredLaneAt, perishable: t.perishable } : { queuedAt: t.queuedAt, perishable: t.perishable });
  }
  return out;
}

/** Trucks waiting to cross: queued, or on their way to the queue. */
function countWaiting(twin: Twin): number {
  let n = 0;
  for (const t of twin.trucks.values()) if (t.phase === 'queued' || t.phase === 'approaching') n++;
  return n;
}

/** FNV-1a over a string's UTF-16 code units, continuing from `h`. */
function fnv1a(s: string, h: number): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}
