import { initialMemory, planHash, runEngine } from '../engine';
import { EngineIsolation } from '../engine/isolate';
import type { EngineConfig, EngineMemory, EngineOutput } from '../engine/types';
import type { Alert, Kpi, Plan, Site, VehicleDetail } from '../protocol';
import { engineInput, QueueHistory } from '../twin/engineInput';
import type { Twin } from '../twin/twin';
import { vehicleDetail } from '../twin/vehicleDetail';
import { FrameBuilder } from './frames';

/**
 * Where a stream core's outputs go. Each owner plugs in what it needs: the live hub broadcasts and commands
 * devices, a replay session sends to one socket, the headless simulator hands commands to its world.
 */
export interface StreamPort {
  /** Every run: the KPIs (with statuses). */
  kpi?(kpi: Kpi, now: number): void;
  /** A plan whose decisions changed since the last one sent (or the first after a reset), without candidate lists. */
  plan?(plan: Plan, hash: string, now: number): void;
  /** Alerts the engine raised or cleared in this run. */
  alerts?(changed: readonly Alert[], now: number): void;
  /** The run's new truck calls and AGV missions, to send to devices (or to a simulated world). */
  commands?(out: EngineOutput, now: number): void;
  /** A run that threw although the culprit search ran: nothing else of this run went out. */
  failed?(error: unknown, now: number): void;
}

export interface StreamCoreOptions {
  /** The engine to run (tests inject a failing one). */
  engine?: typeof runEngine;
}

/**
 * One stream of the twin: a twin, its engine loop and what viewers see of it. Live, each replay session, what-if
 * runs and the headless simulator are each one core, fed by their own source and clock; they differ only in what
 * they plug into the port. The core holds the engine's memory, the queue history growth alerts need, the isolation
 * that keeps one bad entity from stopping the engine, the rule that a plan goes out only when a decision changed,
 * the frame builder and the vehicle card. It never reads a clock: every call says what time it is.
 */
export class StreamCore {
  plan: Plan | undefined;
  kpi: Kpi | undefined;
  readonly isolation = new EngineIsolation();
  readonly counters = { engineRuns: 0, engineErrors: 0 };
  private memory: EngineMemory = initialMemory();
  private history = new QueueHistory();
  private planKey = '';
  private builder: FrameBuilder | undefined;

  constructor(
    readonly site: Site,
    private current: Twin,
    private readonly config: EngineConfig,
    private readonly port: StreamPort = {},
    private readonly options: StreamCoreOptions = {},
  ) {}

  get twin(): Twin {
    return this.current;
  }

  /** Binary frames for viewers (made on first use: the headless simulator never draws). */
  get frames(): FrameBuilder {
    return (this.builder ??= new FrameBuilder(this.current));
  }

  /**
   * Starts again on another twin (a replay jump): fresh engine memory, queue history and frame sequence, and the
   * next plan goes out whatever it holds. Entities left out of planning stay out: their data decides, not the jump.
   */
  reset(twin: Twin): void {
    this.current = twin;
    this.memory = initialMemory();
    this.history = new QueueHistory();
    this.planKey = '';
    this.builder = undefined;
  }

  /** One engine run at `now`: KPIs, lane directions onto the twin, the plan if a decision changed, alerts, commands. */
  run(now: number): EngineOutput | undefined {
    this.counters.engineRuns++;
    let out: EngineOutput;
    try {
      this.history.sample(this.current, now);
      // A vehicle, container or sensor that makes the engine throw is left out (with an alert); the rest is planned.
      out = this.isolation.run(this.options.engine ?? runEngine, engineInput(this.current, this.site, now, this.config, this.history), this.memory);
    } catch (e) {
      this.counters.engineErrors++;
      this.port.failed?.(e, now);
      return undefined;
    }
    this.memory = out.memory;
    for (const d of out.plan.laneDirections) {
      const lane = this.current.lanes.byId.get(d.lane);
      if (lane && lane.runningDirection !== d.direction) lane.runningDirection = d.direction;
    }
    this.kpi = out.kpi;
    this.plan = out.plan;
    this.port.kpi?.(out.kpi, now);
    // Predicted times and costs move every run; a plan goes out only when a decision changes.
    const hash = this.port.plan ? planHash(decisions(out.plan)) : this.planKey;
    if (hash !== this.planKey) {
      this.planKey = hash;
      this.port.plan?.(slim(out.plan), hash, now);
    }
    if (out.raised.length + out.cleared.length > 0) this.port.alerts?.([...out.raised, ...out.cleared], now);
    this.port.commands?.(out, now);
    return out;
  }

  /** The selection card: the vehicle and what the latest plan decided about it. */
  vehicle(handle: number, now: number): VehicleDetail | undefined {
    return vehicleDetail(this.current, this.plan, handle, now);
  }
}

/** The plan reduced to its decisions (who goes where), without times and costs, for change detection. */
function decisions(plan: Plan): Plan {
  const noReason = { rule: '', candidates: [] };
  return {
    ts: 0,
    policy: plan.policy,
    assignments: plan.assignments.map((a) => ({ truck: a.truck, crossing: a.crossing, lane: a.lane, at: 0, reason: noReason })),
    laneDirections: plan.laneDirections.map((d) => ({ lane: d.lane, direction: d.direction, reason: noReason })),
    missions: plan.missions.map((m) => ({ agv: m.agv, mission: m.mission, corridor: m.corridor, from: m.from, to: m.to, reason: noReason })),
    diversions: plan.diversions.map((d) => ({ ...d, reason: noReason })),
  };
}

/** The plan as it goes out: every decision and its rule, without the candidate lists (vehicle:get and /api/plan have them). */
export function slim(plan: Plan): Plan {
  return { ...plan, assignments: plan.assignments.map((a) => ({ ...a, reason: { rule: a.reason.rule, candidates: [] } })) };
}

/** One engine run on a twin restored at `now` (a recording's end, a what-if's recorded side): its KPIs and plan. */
export function runOnce(site: Site, twin: Twin, now: number, config: EngineConfig): EngineOutput {
  let error: unknown;
  const out = new StreamCore(site, twin, config, { failed: (e) => (error = e) }).run(now);
  if (!out) throw error instanceof Error ? error : new Error(String(error));
  return out;
}
