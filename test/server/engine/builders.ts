import { readFileSync } from 'node:fs';
import { applyConfiguration, idRecord, SiteSchema, type IdRecord, type Site } from '../../../server/protocol';
import { defaultEngineConfig, initialMemory, runEngine } from '../../../server/engine';
import type { ClearedTruck, ContainerJob, EngineAgv, EngineConfig, EngineInput, EngineLane, EngineMemory, EngineOutput, EngineTruck } from '../../../server/engine/types';

/** The real site with a configuration applied ('today' unless told). */
export function loadSite(config = 'today'): Site {
  return applyConfiguration(SiteSchema.parse(JSON.parse(readFileSync('assets/site.json', 'utf8'))), config);
}

/**
 * The 'today' site, parsed once for all tests, with the numbers hand-computed expectations rely on pinned
 * (the asset may be retuned): truck lanes 240 s, channel factors 1 / 1.6 / 4, freight hours 07:00–19:00.
 */
export const SITE = pinned(loadSite());

function pinned(site: Site): Site {
  return {
    ...site,
    channelServiceFactor: { green: 1, yellow: 1.6, red: 4 },
    crossings: site.crossings.map((c) => {
      if (!c.lanes.some((l) => l.classes.includes('truck'))) return c;
      // No daily target: tests of the day's projection set their own.
      const { dailyTarget: _target, ...serviceLevels } = c.serviceLevels ?? {};
      return { ...c, serviceLevels, hours: { open: '07:00', close: '19:00' }, lanes: c.lanes.map((l) => (l.classes.includes('truck') ? { ...l, serviceS: 240 } : l)) };
    }),
  };
}

/** Epoch ms of a Vietnam local time (UTC+7) on a given day. */
export const vn = (hhmm: string, day = '2026-03-10'): number => Date.parse(`${day}T${hhmm}:00+07:00`);

/** 10:00 Vietnam time: inside every crossing's hours. */
export const T0 = vn('10:00');
export const MIN = 60_000;

/** The site's lanes as the server would feed them (lane hours default to the crossing's). */
export function siteLanes(site: Site = SITE, crossing?: string): EngineLane[] {
  return site.crossings
    .filter((c) => crossing === undefined || c.id === crossing)
    .flatMap((c) => c.lanes.map((l) => ({ id: l.id, crossing: c.id, direction: l.direction, classes: [...l.classes], serviceS: l.serviceS, open: l.open, hours: l.hours ?? c.hours })));
}

/** A green, non-perishable export truck queued at Hữu Nghị at T0. */
export function buildTruck(p: Partial<EngineTruck> = {}): EngineTruck {
  return { id: 'T1', crossing: 'huu-nghi-freight', direction: 'export', cargo: 'general', perishable: false, channel: 'green', phase: 'queued', queuedAt: T0, stale: false, ...p };
}

/** An open export truck lane at Hữu Nghị, 240 s, 07:00–19:00. */
export function buildLane(p: Partial<EngineLane> = {}): EngineLane {
  return { id: 'HN-1', crossing: 'huu-nghi-freight', direction: 'export', classes: ['truck'], serviceS: 240, open: true, hours: { open: '07:00', close: '19:00' }, ...p };
}

/** An idle, charged AGV at the Youyiguan terminal end of the Hữu Nghị corridor. */
export function buildAgv(p: Partial<EngineAgv> = {}): EngineAgv {
  return { id: 'A1', corridor: 'hn-agv', along: 0, speed: 0, battery: 0.9, state: 'idle', stale: false, ...p };
}

/** A container ready at the Youyiguan terminal for the Hữu Nghị AGV yard. */
export function buildJob(p: Partial<ContainerJob> = {}): ContainerJob {
  return { id: 'C1', corridor: 'hn-agv', from: 'youyiguan-terminal', to: 'huu-nghi-agv-yard', readyAt: T0, perishable: false, ...p };
}

/** A truck that crossed Hữu Nghị for export today. */
export function buildCleared(p: Partial<ClearedTruck> = {}): ClearedTruck {
  return { crossing: 'huu-nghi-freight', direction: 'export', perishable: false, queuedAt: T0 - 60 * MIN, enteredLaneAt: T0 - 30 * MIN, crossedAt: T0 - 20 * MIN, ...p };
}

/** The default configuration with overrides. */
export function buildConfig(p: Partial<EngineConfig> = {}): EngineConfig {
  return { ...defaultEngineConfig(), ...p };
}

/** An engine input at T0 on the 'today' site with all its lanes and nothing else. */
export function buildInput(p: Partial<EngineInput> = {}): EngineInput {
  return { now: T0, site: SITE, config: buildConfig(), trucks: [], lanes: siteLanes(), agvs: [], jobs: [], cleared: [], staleSensors: [], queueHistory: [], ...p };
}

type PlainRecords<T> = { [K in keyof T]: T[K] extends IdRecord<infer V> | undefined ? Record<string, V> : T[K] };

/** Memory with overrides (id-keyed parts given as plain objects, copied into IdRecords as the engine keeps them). */
export function buildMemory(p: Partial<PlainRecords<EngineMemory>> = {}): EngineMemory {
  const m = { ...initialMemory() };
  if (p.called) m.called = idRecord(p.called);
  if (p.dispatched) m.dispatched = idRecord(p.dispatched);
  if (p.laneDirections) m.laneDirections = idRecord(p.laneDirections);
  if (p.activeAlerts) m.activeAlerts = idRecord(p.activeAlerts);
  if (p.missions) m.missions = idRecord(p.missions);
  if (p.agvTrips) m.agvTrips = p.agvTrips;
  return m;
}

/** One tick with fresh memory unless given. */
export function tick(p: Partial<EngineInput> = {}, memory: EngineMemory = initialMemory()): EngineOutput {
  return runEngine(buildInput(p), memory);
}

/** `n` trucks with ids T001…, built from `f(i)`. */
export function trucks(n: number, f: (i: number) => Partial<EngineTruck> = () => ({})): EngineTruck[] {
  return Array.from({ length: n }, (_, i) => buildTruck({ id: `T${String(i + 1).padStart(3, '0')}`, ...f(i) }));
}
