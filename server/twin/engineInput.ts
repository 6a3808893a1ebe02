import type { ContainerJob, EngineAgv, EngineConfig, EngineInput, EngineLane, EngineTruck } from '../engine/types';
import type { Direction, Site, WeatherReading } from '../protocol';
import type { Twin } from './twin';

const PLANNED_PHASES = new Set(['approaching', 'queued', 'called', 'in-lane', 'inspected']);

/** Queued trucks per crossing and direction, sampled once a minute of twin time for growth alerts. */
export class QueueHistory {
  readonly samples: { ts: number; crossing: string; direction: Direction; queue: number }[] = [];
  private last = -Infinity;
  constructor(private readonly keep = 60) {}
  sample(twin: Twin, now: number): void {
    if (now - this.last < 60_000) return;
    this.last = now;
    for (const q of twin.queues()) this.samples.push({ ts: now, ...q });
    const perMinute = Math.max(1, twin.queues().length);
    if (this.samples.length > this.keep * perMinute) this.samples.splice(0, this.samples.length - this.keep * perMinute);
  }
}

/** Builds the engine's plain-data input from the live twin. */
export function engineInput(twin: Twin, site: Site, now: number, config: EngineConfig, history: QueueHistory): EngineInput {
  const trucks: EngineTruck[] = [];
  for (const t of twin.trucks.values()) {
    if (!PLANNED_PHASES.has(t.phase)) continue;
    const e: EngineTruck = {
      id: t.id, crossing: t.crossing, direction: t.direction, cargo: t.cargo, perishable: t.perishable,
      channel: t.channel ?? 'green', phase: t.phase as EngineTruck['phase'], stale: t.stale,
    };
    if (t.queuedAt !== undefined) e.queuedAt = t.queuedAt;
    if (t.lane !== undefined) e.lane = t.lane;
    if (t.calledAt !== undefined) e.calledAt = t.calledAt;
    if (t.enteredLaneAt !== undefined) e.enteredLaneAt = t.enteredLaneAt;
    if (t.mode !== undefined) e.mode = t.mode;
    trucks.push(e);
  }
  const lanes: EngineLane[] = [];
  for (const l of twin.lanes.byId.values()) {
    const e: EngineLane = { id: l.id, crossing: l.crossing, direction: l.direction, classes: l.classes, serviceS: l.serviceS, open: l.open && !l.barrierDown, hours: l.hours };
    if (l.runningDirection) e.runningDirection = l.runningDirection;
    lanes.push(e);
  }
  const agvs: EngineAgv[] = [];
  for (const a of twin.agvs.values()) {
    if (!a.corridor) continue;
    const e: EngineAgv = { id: a.id, corridor: a.corridor, along: a.along, speed: a.speed, battery: a.battery, state: a.state, stale: a.stale };
    if (a.container) e.container = a.container;
    agvs.push(e);
  }
  const staleSensors: string[] = [];
  for (const s of twin.sensors.values()) if (s.stale) staleSensors.push(s.id);
  return { now, site, config, trucks, lanes, agvs, jobs: containerJobs(twin, site, now), cleared: twin.cleared, staleSensors, queueHistory: history.samples, weather: weatherReadings(twin) };
}

/**
 * Containers waiting at AGV terminals, from the terminals' `queue` sensors (zone = yard id, value = containers).
 * A yard's operating system reports a count, not container ids: the AGV learns the id at pickup.
 */
function containerJobs(twin: Twin, site: Site, now: number): ContainerJob[] {
  const jobs: ContainerJob[] = [];
  for (const s of twin.sensors.values()) {
    if (s.type !== 'queue' || s.stale || !s.zone || s.unit !== 'containers') continue;
    for (const c of site.corridors) {
      if ((site.fleets[c.id] ?? 0) === 0) continue;
      const to = c.from === s.zone ? c.to : c.to === s.zone ? c.from : undefined;
      if (!to) continue;
      const n = Math.min(Math.max(0, Math.floor(s.value)), 500);
      for (let k = 0; k < n; k++) jobs.push({ id: `${s.zone}:${k + 1}`, corridor: c.id, from: s.zone, to, readyAt: now, perishable: false });
    }
  }
  return jobs;
}

/**
 * The weather stations' fresh readings per zone (sensor type `weather`): the lowest visibility (unit
 * `visibility-m`) and the highest rain rate (unit `rain-mm-h`) reported there; stale stations are left out.
 */
export function weatherReadings(twin: Twin): WeatherReading[] {
  const byZone = new Map<string, WeatherReading>();
  for (const s of twin.sensors.values()) {
    if (s.type !== 'weather' || s.stale || s.zone === undefined) continue;
    const w = byZone.get(s.zone) ?? { zone: s.zone };
    if (s.unit === 'visibility-m') w.visibilityM = Math.min(w.visibilityM ?? Infinity, s.value);
    else if (s.unit === 'rain-mm-h') w.rainMmH = Math.max(w.rainMmH ?? 0, s.value);
    else continue;
    byZone.set(s.zone, w);
  }
  return [...byZone.values()];
}
