import type { Logger } from 'pino';
import { auditTarget, type AuditInput } from './audit/auditLog';
import type { Clock } from './clock';
import { defaultEngineConfig, type runEngine } from './engine';
import type { EngineIsolation } from './engine/isolate';
import type { EngineConfig, EngineOutput } from './engine/types';
import { StreamCore } from './stream/core';
import type { FrameBuilder } from './stream/frames';
import type { CommandRouter } from './ingest/commands';
import { HISTORY_BUCKET_MS, type Alert, type Kpi, type LaneSet, type LaneStatus, type Plan, type Site, type VehicleDetail } from './protocol';
import type { Recorder } from './recorder/recorder';
import { KpiHistoryBook } from './twin/kpiHistory';
import type { Twin } from './twin/twin';

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
  readonly alerts = new Map<string, Alert>();
  /** The twin, its engine loop, frames and vehicle card: the same stream core replay and the simulator run. */
  readonly core: StreamCore;
  /** Today in 5-minute buckets (`GET /api/kpi/history`); each closed bucket is also recorded. */
  readonly dayHistory: KpiHistoryBook;
  /** Whether this gateway runs the engine (one leader per site) or only serves viewers. */
  role: 'leader' | 'follower' = 'leader';
  /** On a follower: hands operator lane commands to the leader, which applies, audits and broadcasts them. */
  forwardLaneSet: ((cmd: LaneSet, who: string) => void) | undefined;
  /** On a follower: hands operator alert acks to the leader, whose alerts every gateway shows. */
  forwardAlertAck: ((id: string, who: string) => void) | undefined;
  /** Called after each engine run and operator change (NATS mode hands the outputs to the followers). */
  onOutputs: (() => void) | undefined;
  /** Called on the leader after an operator changed a lane (the forecast is made again from the changed twin). */
  onLaneChanged: (() => void) | undefined;

  constructor(
    readonly site: Site,
    readonly configuration: string,
    readonly clock: Clock,
    twin: Twin,
    private readonly recorder: Recorder,
    private readonly commands: CommandRouter,
    private readonly viewers: ViewerChannel,
    private readonly log: Logger,
    engineConfig: EngineConfig = defaultEngineConfig('default'),
    private readonly options: LiveHubOptions = {},
  ) {
    this.dayHistory = new KpiHistoryBook(site.timezones.vn, (buckets) => this.record(buckets[0]!.t + HISTORY_BUCKET_MS, 'kpi-bucket', buckets));
    this.core = new StreamCore(site, twin, engineConfig, {
      kpi: (kpi) => {
        this.dayHistory.add(kpi);
        this.viewers.emit('kpi', kpi);
      },
      plan: (plan, hash, now) => {
        this.viewers.emit('plan', plan);
        this.record(now, 'plan', { hash, assignments: plan.assignments.length, missions: plan.missions.length });
      },
      alerts: (changed, now) => {
        for (const a of changed) this.publishAlert(a, now);
      },
      commands: (out, now) => this.sendCommands(out, now),
      failed: (e, now) => {
        this.log.error({ err: e }, 'engine tick failed');
        this.publishAlert({ id: 'engine-error', kind: 'engine-error', severity: 'critical', params: { message: e instanceof Error ? e.message : String(e) }, raisedAt: now }, now);
      },
    }, options.engine ? { engine: options.engine } : {});
  }

  get twin(): Twin {
    return this.core.twin;
  }
  get frames(): FrameBuilder {
    return this.core.frames;
  }
  get isolation(): EngineIsolation {
    return this.core.isolation;
  }
  /** The latest full plan (with candidate lists); on a follower, the leader's. */
  get plan(): Plan | undefined {
    return this.core.plan;
  }
  set plan(plan: Plan | undefined) {
    this.core.plan = plan;
  }
  get kpi(): Kpi | undefined {
    return this.core.kpi;
  }
  set kpi(kpi: Kpi | undefined) {
    this.core.kpi = kpi;
  }
  /** Engine runs and runs that threw (for /api/health and metrics). */
  get counters(): { engineTicks: number; engineErrors: number } {
    return { engineTicks: this.core.counters.engineRuns, engineErrors: this.core.counters.engineErrors };
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
    if (this.core.run(now)) {
      // A tick that ran clears the alert a failed one raised.
      const failed = this.alerts.get('engine-error');
      if (failed) this.publishAlert({ ...failed, clearedAt: Math.max(now, failed.raisedAt) }, now);
    }
    this.onOutputs?.();
  }

  /** The run's truck calls and AGV missions, as commands to the devices. */
  private sendCommands(out: EngineOutput, now: number): void {
    for (const c of out.calls) {
      void this.commands.send({ type: 'truck:call', commandId: `call:${c.truck}:${now}`, truck: c.truck, crossing: c.crossing, lane: c.lane, at: Math.round(c.at), issuedAt: now });
    }
    // Terminals report container counts, not ids, so a mission names no container: the AGV learns it at pickup.
    for (const m of out.missions) {
      void this.commands.send({ type: 'agv:mission', commandId: `mission:${m.agv}:${now}`, agv: m.agv, mission: m.mission, corridor: m.corridor, from: m.from, to: m.to, issuedAt: now });
    }
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
    if (this.role === 'leader') this.onLaneChanged?.();
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
    return this.core.vehicle(handle, this.clock.now());
  }

  private publishAlert(a: Alert, now: number): void {
    if (a.clearedAt === undefined) this.alerts.set(a.id, a);
    else this.alerts.delete(a.id);
    this.dayHistory.alert(now, a);
    this.viewers.emit('alert', a);
    this.record(now, 'alert', a);
  }
}
