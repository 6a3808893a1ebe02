import type { Logger } from 'pino';
import { auditTarget, type AuditInput } from './audit/auditLog';
import type { Clock } from './clock';
import { defaultEngineConfig, initialMemory, planHash, runEngine } from './engine';
import { EngineIsolation } from './engine/isolate';
import type { EngineConfig, EngineMemory } from './engine/types';
import type { FrameBuilder } from './broadcast/frames';
import type { CommandRouter } from './ingest/commands';
import { HISTORY_BUCKET_MS, type Alert, type Kpi, type LaneSet, type LaneStatus, type Plan, type Site, type VehicleDetail } from './protocol';
import type { Recorder } from './recorder/recorder';
import { engineInput, QueueHistory } from './twin/engineInput';
import { KpiHistoryBook } from './twin/kpiHistory';
import type { Twin } from './twin/twin';
import { vehicleDetail } from './twin/vehicleDetail';

/** What the live hub pushes to viewers (the `/twin` namespace, or a test double). */
export interface ViewerChannel {
  frame(buf: Uint8Array): void;
  emit(event: 'kpi' | 'plan' | 'alert' | 'lane:changed', payload: Kpi | Plan | Alert | LaneStatus): void;
}

/** An operator action or refusal for the audit trail (see server/audit). */
export type AuditEntry = AuditInput;

/** Injection points: the engine to run (tests inject a failing one) and where audit entries go. */
export interface LiveHubOptions {
  engine?: typeof runEngine;
  audit?: (entry: AuditEntry) => void;
}

/**
 * The live twin's heartbeat: frames at 10 Hz, the engine every second (and at once after a lane change),
 * commands to devices for new calls and missions, plan/kpi/alert broadcasts. Holds the latest outputs
 * for viewers that connect later.
 */
export class LiveHub {
  plan: Plan | undefined;
  kpi: Kpi | undefined;
  readonly alerts = new Map<string, Alert>();
  private memory: EngineMemory = initialMemory();
  private lastPlanHash = '';
  private readonly history = new QueueHistory();
  /** Today in 5-minute buckets (`GET /api/kpi/history`); each closed bucket is also recorded. */
  readonly dayHistory: KpiHistoryBook;
  readonly isolation = new EngineIsolation();
  readonly counters = { engineTicks: 0, engineErrors: 0 };
  /** Whether this gateway runs the engine (one leader per site) or only serves viewers. */
  role: 'leader' | 'follower' = 'leader';
  /** On a follower: hands operator lane commands to the leader, which applies, audits and broadcasts them. */
  forwardLaneSet: ((cmd: LaneSet, who: string) => void) | undefined;
  /** On a follower: hands operator alert acks to the leader, whose alerts every gateway shows. */
  forwardAlertAck: ((id: string, who: string) => void) | undefined;
  /** Called after each engine run and operator change (NATS mode hands the outputs to the followers). */
  onOutputs: (() => void) | undefined;

  constructor(
    readonly site: Site,
    readonly configuration: string,
    readonly clock: Clock,
    readonly twin: Twin,
    readonly frames: FrameBuilder,
    private readonly recorder: Recorder,
    private readonly commands: CommandRouter,
    private readonly viewers: ViewerChannel,
    private readonly log: Logger,
    private readonly engineConfig: EngineConfig = defaultEngineConfig('default'),
    private readonly options: LiveHubOptions = {},
  ) {
    this.dayHistory = new KpiHistoryBook(site.timezones.vn, (buckets) => this.record(buckets[0]!.t + HISTORY_BUCKET_MS, 'kpi-bucket', buckets));
  }

  /** Writes to the recording — only on the leader: one writer per day file, followers hold no authoritative state. */
  private record(ts: number, kind: string, data: unknown): void {
    if (this.role === 'leader') this.recorder.event(ts, kind, data);
  }

  /** Commands sent to devices, acked, refused and unroutable (for /api/health). */
  commandCounters(): CommandRouter['counters'] {
    return this.commands.counters;
  }

  /** 10 Hz: staleness and one frame for every viewer. */
  frameTick(): void {
    const now = this.clock.now();
    this.twin.updateStaleness(now);
    this.viewers.frame(this.frames.next(now));
  }

  /** 1 Hz: one engine run; an exception is logged and alerted, and the next tick runs as usual. */
  engineTick(): void {
    const now = this.clock.now();
    this.counters.engineTicks++;
    try {
      this.history.sample(this.twin, now);
      // A vehicle, container or sensor that makes the engine throw is left out (with an alert); the rest is planned.
      const out = this.isolation.run(this.options.engine ?? runEngine, engineInput(this.twin, this.site, now, this.engineConfig, this.history), this.memory);
      this.memory = out.memory;
      for (const d of out.plan.laneDirections) {
        const lane = this.twin.lanes.byId.get(d.lane);
        if (lane && lane.runningDirection !== d.direction) lane.runningDirection = d.direction;
      }
      this.kpi = out.kpi;
      this.dayHistory.add(out.kpi);
      this.viewers.emit('kpi', out.kpi);
      // Predicted times and costs move every tick; viewers hear of a plan only when a decision changes.
      const hash = planHash(decisions(out.plan));
      this.plan = out.plan;
      if (hash !== this.lastPlanHash) {
        this.lastPlanHash = hash;
        this.viewers.emit('plan', slim(out.plan));
        this.record(now, 'plan', { hash, assignments: out.plan.assignments.length, missions: out.plan.missions.length });
      }
      for (const a of [...out.raised, ...out.cleared]) this.publishAlert(a, now);
      // A tick that ran clears the alert a failed one raised.
      const failed = this.alerts.get('engine-error');
      if (failed) this.publishAlert({ ...failed, clearedAt: Math.max(now, failed.raisedAt) }, now);
      for (const c of out.calls) {
        void this.commands.send({ type: 'truck:call', commandId: `call:${c.truck}:${now}`, truck: c.truck, crossing: c.crossing, lane: c.lane, at: Math.round(c.at), issuedAt: now });
      }
      // Terminals report container counts, not ids, so a mission names no container: the AGV learns it at pickup.
      for (const m of out.missions) {
        void this.commands.send({ type: 'agv:mission', commandId: `mission:${m.agv}:${now}`, agv: m.agv, mission: m.mission, corridor: m.corridor, from: m.from, to: m.to, issuedAt: now });
      }
    } catch (e) {
      this.counters.engineErrors++;
      this.log.error({ err: e }, 'engine tick failed');
      this.publishAlert({ id: 'engine-error', kind: 'engine-error', severity: 'critical', params: { message: e instanceof Error ? e.message : String(e) }, raisedAt: now }, now);
    }
    this.onOutputs?.();
  }

  /** Operator command: open/close a lane or set its direction; re-plans at once. */
  setLane(cmd: LaneSet, who: string): { ok: true; status: LaneStatus } | { ok: false; error: string } {
    if (this.role === 'follower' && this.forwardLaneSet) {
      if (!this.twin.lanes.byId.has(cmd.lane)) return { ok: false, error: `unknown lane ${cmd.lane}` };
      this.forwardLaneSet(cmd, who);
      this.twin.lanes.set(cmd);
      return { ok: true, status: this.laneStatus(cmd.lane)! };
    }
    const r = this.twin.lanes.set(cmd);
    if (!r.ok) {
      this.audit({ who, action: 'lane:set', target: cmd, result: 'error', detail: r.error });
      return r;
    }
    const status = this.laneStatus(r.lane.id)!;
    this.audit({ who, action: 'lane:set', target: cmd, result: 'ok' });
    this.viewers.emit('lane:changed', status);
    this.engineTick();
    return { ok: true, status };
  }

  ackAlert(id: string, who: string): Alert | undefined {
    const a = this.alerts.get(id);
    if (!a) return undefined;
    a.acknowledgedBy = who;
    if (this.role === 'follower') this.forwardAlertAck?.(id, who);
    this.audit({ who, action: 'alert:ack', target: id, result: 'ok' });
    this.viewers.emit('alert', a);
    this.onOutputs?.();
    return a;
  }

  /** Writes an operator action or refusal to the recording, the audit log and the log. */
  audit(entry: AuditEntry): void {
    this.record(this.clock.now(), 'audit', { ...entry, target: auditTarget(entry.target) });
    this.options.audit?.(entry);
    this.log.info({ audit: { who: entry.who, action: entry.action, result: entry.result } }, 'audit');
  }

  laneStatus(id: string): LaneStatus | undefined {
    const lane = this.twin.lanes.byId.get(id);
    if (!lane) return undefined;
    const fromKpi = this.kpi?.lanes.find((l) => l.lane === id);
    return this.twin.lanes.status(lane, fromKpi?.queue ?? 0, fromKpi?.busy ?? false);
  }

  /** The selection card's data: the vehicle and what the engine decided about it. */
  vehicleDetail(handle: number): VehicleDetail | undefined {
    return vehicleDetail(this.twin, this.plan, handle, this.clock.now());
  }

  private publishAlert(a: Alert, now: number): void {
    if (a.clearedAt === undefined) this.alerts.set(a.id, a);
    else this.alerts.delete(a.id);
    this.dayHistory.alert(now, a);
    this.viewers.emit('alert', a);
    this.record(now, 'alert', a);
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

/** The plan as broadcast: every decision and its rule, without the candidate lists (vehicle:get and /api/plan have them). */
function slim(plan: Plan): Plan {
  return { ...plan, assignments: plan.assignments.map((a) => ({ ...a, reason: { rule: a.reason.rule, candidates: [] } })) };
}
