import { defaultEngineConfig, initialMemory, runEngine } from '../engine';
import type { EngineMemory, EngineOutput } from '../engine/types';
import type { Kpi, Site } from '../protocol';
import type { SqliteRecorder } from '../recorder/sqliteRecorder';
import { stillWaiting, type HeadlessOptions } from '../sim/headless';
import type { Scenario } from '../sim/scenario';
import { summarise, type DaySummary } from '../sim/summary';
import { atLocal, World } from '../sim/world';
import { engineInput, QueueHistory } from '../twin/engineInput';
import { Twin } from '../twin/twin';

export interface RecordedRunOptions extends Omit<HeadlessOptions, 'hashEvents'> {
  /** Records the run as live would: every message, keyframes of the twin, plans and alerts. */
  recorder?: SqliteRecorder;
  /** Simulated seconds between group commits of the recorder. */
  commitEveryS?: number;
}

export interface RecordedRunResult {
  kpi: Kpi;
  start: number;
  end: number;
  messages: number;
  twin: Twin;
  day: DaySummary;
}

/**
 * `runHeadless` with a recorder: the same loop (world step → twin → engine every few seconds → commands back
 * to the world), with each step's messages appended to the recorder after the twin applied them, as the ingest
 * does live. runHeadless has no per-message hook, so the loop is mirrored here; a unit test holds the two to the
 * same results.
 */
export function runRecorded(site: Site, scenario: Scenario, opts: RecordedRunOptions = {}): RecordedRunResult {
  const stepMs = (opts.stepS ?? 1) * 1000;
  const engineEvery = Math.max(1, Math.round((opts.engineEveryS ?? 5) / (opts.stepS ?? 1)));
  const commitEvery = Math.max(1, Math.round((opts.commitEveryS ?? 1) / (opts.stepS ?? 1)));
  const day = opts.day ?? '2026-06-01';
  const start = opts.start ?? atLocal(Date.parse(`${day}T12:00:00+07:00`), scenario.start);
  const end = start + (opts.hours ?? 24) * 3_600_000;
  const world = new World(site, scenario, start, opts.arrivals ? { arrivals: opts.arrivals } : {});
  const twin = new Twin(site);
  const history = new QueueHistory();
  const config = defaultEngineConfig(opts.policy ?? 'default');
  const rec = opts.recorder;
  let clock = start;
  rec?.attach({ twin, now: () => clock });
  let memory: EngineMemory = initialMemory();
  let last: EngineOutput | undefined;
  let lastHash = '';
  let messages = 0;
  const at20 = atLocal(start, '20:00') < start ? atLocal(start, '20:00') + 86_400_000 : atLocal(start, '20:00');
  let waitingAt20: number | undefined;
  for (let i = 0, now = start; now < end; i++, now += stepMs) {
    clock = now;
    world.step(now);
    const batch = world.drain();
    for (const m of batch) twin.apply(m, now);
    messages += batch.length;
    if (rec && batch.length > 0) void rec.append(batch).catch(() => undefined);
    if (rec && i % commitEvery === 0) rec.flush();
    if (waitingAt20 === undefined && now >= at20) waitingAt20 = countWaiting(twin);
    twin.removed.length = 0;
    twin.handles.release();
    if (i % engineEvery !== 0) continue;
    twin.updateStaleness(now);
    history.sample(twin, now);
    last = runEngine(engineInput(twin, site, now, config, history), memory);
    memory = last.memory;
    for (const d of last.plan.laneDirections) {
      const lane = twin.lanes.byId.get(d.lane);
      if (lane) lane.runningDirection = d.direction;
    }
    for (const c of last.calls) world.command({ type: 'truck:call', commandId: `c${i}`, truck: c.truck, crossing: c.crossing, lane: c.lane, at: Math.round(c.at), issuedAt: now });
    for (const m of last.missions) {
      world.command({ type: 'agv:mission', commandId: `m${i}`, agv: m.agv, mission: m.mission, corridor: m.corridor, from: m.from, to: m.to, issuedAt: now });
    }
    if (rec) lastHash = recordOutputs(rec, last, now, lastHash);
    opts.onEngine?.(last, now);
  }
  rec?.flush();
  if (!last) throw new Error('the simulated span is shorter than one engine run');
  return { kpi: last.kpi, start, end, messages, twin, day: summarise(twin.cleared, start, end, stillWaiting(twin), waitingAt20) };
}

/**
 * What LiveHub records of an engine run: a plan summary when the plan changed, and alerts raised or cleared.
 * The plan's size stands in for LiveHub's full plan hash, which would cost more than the rest of the run.
 */
function recordOutputs(rec: SqliteRecorder, out: EngineOutput, now: number, lastHash: string): string {
  const hash = `${out.plan.assignments.length}/${out.plan.missions.length}/${out.plan.laneDirections.length}`;
  if (hash !== lastHash) rec.event(now, 'plan', { assignments: out.plan.assignments.length, missions: out.plan.missions.length });
  for (const a of [...out.raised, ...out.cleared]) rec.event(now, 'alert', a);
  return hash;
}

/** Trucks waiting to cross: queued, or on their way to the queue. */
function countWaiting(twin: Twin): number {
  let n = 0;
  for (const t of twin.trucks.values()) if (t.phase === 'queued' || t.phase === 'approaching') n++;
  return n;
}
