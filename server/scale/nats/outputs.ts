import { gunzipSync, gzipSync } from 'node:zlib';
import type { KV, Kvm } from '@nats-io/kv';
import type { Logger } from 'pino';
import type { LiveHub } from '../../live';
import type { Alert, Direction, Kpi, LaneDirection, LaneStatus, Plan } from '../../protocol';

/** What the engine leader decided, as followers need it to answer reads and feed their viewers. */
export interface LeaderOutputs {
  plan?: Plan;
  kpi?: Kpi;
  alerts: Alert[];
  lanes: { id: string; open: boolean; direction: LaneDirection; runningDirection?: Direction }[];
}

/** Alerts each gateway raises about itself (its recorder, its link to the log): never replaced by the leader's. */
export const LOCAL_ALERTS = new Set(['recorder-error', 'log-unavailable']);

const KEY = 'outputs';

/**
 * The leader's plan, KPIs, alerts and lane states in a KV bucket (one gzip'd JSON value, replaced after every
 * engine run). Followers poll it at 5 Hz (a read of the newest revision: cheap, and it needs no watcher to
 * re-create after a NATS restart) and adopt what changed into their own live hub, so `/api/plan`, `/api/kpi`,
 * alerts and `vehicle:get` answer the same on every gateway, and their viewers hear of it as usual.
 */
export class OutputsChannel {
  private kv: KV | undefined;
  private busy = false;
  private dirty = false;
  private revision = 0;
  private polling: NodeJS.Timeout | undefined;
  private planKey = '';
  private inherited: Alert[] = [];

  constructor(
    private readonly kvm: Kvm,
    private readonly opts: {
      bucket: string;
      replicas: number;
      live: LiveHub;
      emit: (event: 'kpi' | 'plan' | 'alert' | 'lane:changed', payload: Kpi | Plan | Alert | LaneStatus) => void;
      /** Writes the leader's alerts and plan changes into this gateway's own day file too (its replay shows them). */
      record?: (ts: number, kind: string, data: unknown) => void;
      log: Logger;
      /** The largest message the NATS server takes. */
      maxPayload?: () => number | undefined;
    },
  ) {}

  async start(): Promise<void> {
    this.kv = await this.kvm.create(this.opts.bucket, { history: 1, replicas: this.opts.replicas });
  }

  /**
   * A follower becomes the leader: its engine starts afresh and raises, on its first run, every alert that still
   * holds. The alerts adopted from the old leader are set aside; those not raised again are cleared after that run.
   */
  takeOver(): void {
    const { live } = this.opts;
    this.inherited = [...live.alerts.values()].filter((a) => !LOCAL_ALERTS.has(a.id));
    for (const a of this.inherited) live.alerts.delete(a.id);
  }

  /** Leader: writes the current outputs (coalesced: one write in flight, the newest state next). */
  publish(): void {
    if (!this.kv) return;
    if (this.inherited.length > 0 && this.opts.live.kpi) {
      const now = this.opts.live.clock.now();
      for (const a of this.inherited) if (!this.opts.live.alerts.has(a.id)) this.opts.emit('alert', { ...a, clearedAt: Math.max(now, a.raisedAt) });
      this.inherited = [];
    }
    if (this.busy) {
      this.dirty = true;
      return;
    }
    this.busy = true;
    const { live } = this.opts;
    const out: LeaderOutputs = {
      alerts: [...live.alerts.values()].filter((a) => !LOCAL_ALERTS.has(a.id)),
      lanes: [...live.twin.lanes.byId.values()].map((l) => ({ id: l.id, open: l.open, direction: l.direction, ...(l.runningDirection ? { runningDirection: l.runningDirection } : {}) })),
      ...(live.plan ? { plan: live.plan } : {}),
      ...(live.kpi ? { kpi: live.kpi } : {}),
    };
    let body = gzipSync(JSON.stringify(out), { level: 1 });
    // A NATS message holds 1 MB by default: a huge plan goes without its candidate lists rather than not at all.
    if (out.plan && body.length > (this.opts.maxPayload?.() ?? 1_048_576) * 0.9) body = gzipSync(JSON.stringify({ ...out, plan: slim(out.plan) }), { level: 1 });
    this.kv
      .put(KEY, body)
      .catch((e: Error) => this.opts.log.warn({ err: e.message }, 'could not hand the engine outputs to the followers'))
      .finally(() => {
        this.busy = false;
        if (this.dirty) {
          this.dirty = false;
          this.publish();
        }
      });
  }

  /** Follower: starts adopting the leader's outputs. */
  follow(): void {
    if (this.polling) return;
    this.polling = setInterval(() => void this.poll(), 200);
  }

  unfollow(): void {
    if (this.polling) clearInterval(this.polling);
    this.polling = undefined;
  }

  private async poll(): Promise<void> {
    const e = await this.kv?.get(KEY).catch(() => null);
    if (!e || e.operation !== 'PUT' || e.revision === this.revision || !this.polling) return;
    this.revision = e.revision;
    try {
      this.adopt(JSON.parse(gunzipSync(e.value).toString('utf8')) as LeaderOutputs);
    } catch (err) {
      this.opts.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'unreadable engine outputs skipped');
    }
  }

  /** Takes the leader's outputs as this gateway's own and tells its viewers what changed. */
  adopt(out: LeaderOutputs): void {
    const { live, emit } = this.opts;
    const now = live.clock.now();
    for (const l of out.lanes) {
      const lane = live.twin.lanes.byId.get(l.id);
      if (!lane || (lane.open === l.open && lane.direction === l.direction && lane.runningDirection === l.runningDirection)) continue;
      lane.open = l.open;
      lane.direction = l.direction;
      if (l.runningDirection) lane.runningDirection = l.runningDirection;
      else delete lane.runningDirection;
      const status = live.laneStatus(l.id);
      if (status) emit('lane:changed', status);
    }
    if (out.kpi && out.kpi !== live.kpi) {
      live.kpi = out.kpi;
      emit('kpi', out.kpi);
    }
    live.plan = out.plan;
    const key = out.plan ? planKey(out.plan) : '';
    if (out.plan && key !== this.planKey) {
      emit('plan', slim(out.plan));
      this.opts.record?.(now, 'plan', { assignments: out.plan.assignments.length, missions: out.plan.missions.length });
    }
    this.planKey = key;
    const next = new Map(out.alerts.map((a) => [a.id, a]));
    for (const [id, a] of live.alerts) {
      if (LOCAL_ALERTS.has(id) || next.has(id)) continue;
      live.alerts.delete(id);
      const cleared = { ...a, clearedAt: Math.max(now, a.raisedAt) };
      emit('alert', cleared);
      this.opts.record?.(now, 'alert', cleared);
    }
    for (const [id, a] of next) {
      const old = live.alerts.get(id);
      if (old && JSON.stringify(old) === JSON.stringify(a)) continue;
      live.alerts.set(id, a);
      emit('alert', a);
      if (old?.acknowledgedBy === a.acknowledgedBy || !old) this.opts.record?.(now, 'alert', a);
    }
  }
}

/** The plan's decisions (who goes where), for telling viewers only when one changed, as the leader does. */
function planKey(plan: Plan): string {
  return JSON.stringify([plan.assignments.map((a) => [a.truck, a.lane]), plan.laneDirections.map((d) => [d.lane, d.direction]), plan.missions.map((m) => [m.agv, m.mission, m.to]), plan.diversions.length]);
}

/** The plan as broadcast: without candidate lists (vehicle:get and /api/plan have them). */
function slim(plan: Plan): Plan {
  return { ...plan, assignments: plan.assignments.map((a) => ({ ...a, reason: { rule: a.reason.rule, candidates: [] } })) };
}
