import { idRecord, type Alert, type Hours, type IdRecord, type Mission, type Severity, type Site } from '../protocol';
import { hm, HOUR_MS, inHours, localMidnight } from './clock';
import type { ResolvedConfig } from './config';
import type { LaneTable } from './lanes';
import type { FlowStats } from './stats';
import type { Statuses } from './status';
import type { EngineInput } from './types';
import { cmpStr, round } from './util';

/** An alert condition found this tick, before it is matched with the open alerts. */
export type AlertDraft = Omit<Alert, 'raisedAt' | 'clearedAt' | 'acknowledgedBy'>;

// Queue growth is judged over this window, once at least GROWTH_MIN_SPAN of history exists.
const GROWTH_WINDOW_MS = 15 * 60_000;
const GROWTH_MIN_SPAN_MS = 5 * 60_000;
// A handful of arrivals is noise, not a trend.
const GROWTH_MIN_TRUCKS = 5;
const BATTERY_CRITICAL = 0.1;

/** Every alert condition that holds now, sorted by id. */
export function alertConditions(input: EngineInput, cfg: ResolvedConfig, flows: readonly FlowStats[], table: LaneTable, missions: readonly Mission[], statuses?: Statuses): AlertDraft[] {
  const out: AlertDraft[] = [];
  if (statuses) statusAlerts(statuses, out);
  const growth = queueGrowth(input, flows);
  for (const f of flows) {
    const { crossing, direction } = f;
    if (f.queue >= cfg.queueAlert) {
      const severity: Severity = f.queue >= 2 * cfg.queueAlert ? 'critical' : 'warning';
      out.push({ id: `queue-high:${crossing}:${direction}`, kind: 'queue-high', severity, crossing, params: { direction, queue: f.queue, threshold: cfg.queueAlert } });
    }
    const perHour = growth.get(`${crossing}:${direction}`);
    if (perHour !== undefined && perHour > f.clearedLastHour) {
      out.push({ id: `queue-growing:${crossing}:${direction}`, kind: 'queue-growing', severity: 'warning', crossing, params: { direction, perHour: round(perHour, 1), clearedLastHour: f.clearedLastHour } });
    }
    if (f.perishableOver > 0) {
      const severity: Severity = f.perishableMaxWaitMin > 2 * cfg.perishableLimitMin ? 'critical' : 'warning';
      const params = { direction, count: f.perishableOver, limitMin: cfg.perishableLimitMin, maxWaitMin: Math.round(f.perishableMaxWaitMin) };
      out.push({ id: `perishable-wait:${crossing}:${direction}`, kind: 'perishable-wait', severity, crossing, params });
    }
  }
  for (const r of table.list) {
    if (!r.lane.open) out.push({ id: `lane-closed:${r.lane.id}`, kind: 'lane-closed', severity: 'warning', crossing: r.lane.crossing, subject: r.lane.id, params: { lane: r.lane.id } });
  }
  agvAlerts(input, cfg, missions, out);
  for (const s of input.staleSensors) out.push({ id: `sensor-stale:${s}`, kind: 'sensor-stale', severity: 'warning', subject: s, params: { device: 'sensor', id: s } });
  afterHours(input.site, input.now, flows, out);
  return out.sort((a, b) => cmpStr(a.id, b.id));
}

// Queue growth per hour over the recent history, per `crossing:direction`, where enough history exists.
function queueGrowth(input: EngineInput, flows: readonly FlowStats[]): Map<string, number> {
  const oldest = new Map<string, { ts: number; queue: number }>();
  for (const h of input.queueHistory) {
    if (h.ts < input.now - GROWTH_WINDOW_MS || h.ts > input.now) continue;
    const k = `${h.crossing}:${h.direction}`;
    const o = oldest.get(k);
    if (!o || h.ts < o.ts) oldest.set(k, { ts: h.ts, queue: h.queue });
  }
  const out = new Map<string, number>();
  for (const f of flows) {
    const k = `${f.crossing}:${f.direction}`;
    const o = oldest.get(k);
    if (!o || input.now - o.ts < GROWTH_MIN_SPAN_MS || f.queue - o.queue < GROWTH_MIN_TRUCKS) continue;
    out.set(k, ((f.queue - o.queue) * HOUR_MS) / (input.now - o.ts));
  }
  return out;
}

function agvAlerts(input: EngineInput, cfg: ResolvedConfig, missions: readonly Mission[], out: AlertDraft[]): void {
  const crossingOf = new Map(input.site.corridors.map((c) => [c.id, c.crossing]));
  const toCharge = new Set(missions.filter((m) => m.mission === 'charge').map((m) => m.agv));
  for (const a of input.agvs) {
    const crossing = crossingOf.get(a.corridor);
    const at = crossing === undefined ? {} : { crossing };
    const battery = Math.round(a.battery * 100);
    if (a.state === 'fault') {
      out.push({ id: `agv-fault:${a.id}`, kind: 'agv-fault', severity: 'critical', ...at, subject: a.id, params: { corridor: a.corridor, battery } });
    } else if (a.battery <= cfg.agvChargeBelow && a.state !== 'charging' && !toCharge.has(a.id)) {
      // Only when the engine could not send it to charge (no free slot, or busy mid-trip): then a human must look.
      const severity: Severity = a.battery <= BATTERY_CRITICAL ? 'critical' : 'warning';
      out.push({ id: `agv-low-battery:${a.id}`, kind: 'agv-low-battery', severity, ...at, subject: a.id, params: { corridor: a.corridor, battery } });
    }
    if (a.stale) out.push({ id: `sensor-stale:${a.id}`, kind: 'sensor-stale', severity: 'warning', ...at, subject: a.id, params: { device: 'agv', id: a.id } });
  }
}

/** Alerts of the service levels: each raised, held and cleared with its figure's level (so with its hysteresis). */
function statusAlerts(st: Statuses, out: AlertDraft[]): void {
  const sev = (l: 'watch' | 'critical'): Severity => (l === 'critical' ? 'critical' : 'warning');
  for (const f of st.flows) {
    const { crossing, direction } = f;
    for (const r of f.reasons) {
      const base = { crossing, severity: sev(r.level) };
      switch (r.kind) {
        case 'wait-mean':
        case 'wait-p95':
          out.push({ ...base, id: `${r.kind}:${crossing}:${direction}`, kind: r.kind, params: { direction, waitMin: Math.round(r.value), thresholdMin: r.threshold, queue: f.yardCount } });
          break;
        case 'perishable':
          // Over the limit is `perishable-wait`'s; this one warns before it is passed.
          if (r.level === 'watch') out.push({ ...base, id: `perishable-near:${crossing}:${direction}`, kind: 'perishable-near', params: { direction, maxWaitMin: Math.round(r.value), limitMin: r.threshold } });
          break;
        case 'yard-fill':
          out.push({ ...base, id: `yard-fill:${crossing}:${direction}`, kind: 'yard-fill', params: { direction, count: f.yardCount, capacity: f.yardCapacity } });
          break;
        case 'no-clearance':
          out.push({ ...base, id: `no-clearance:${crossing}:${direction}`, kind: 'no-clearance', params: { direction, minutes: Math.round(r.value), queue: f.yardCount } });
          break;
      }
    }
  }
  for (const p of st.projections) {
    if (p.level === 'ok' || p.dailyTarget === undefined) continue;
    out.push({ id: `shortfall:${p.crossing}`, kind: 'shortfall', severity: sev(p.level), crossing: p.crossing, params: { projected: p.projected, target: p.dailyTarget } });
  }
  for (const i of st.idle) {
    if (i.level === 'ok') continue;
    out.push({ id: `agv-idle:${i.corridor}`, kind: 'agv-idle', severity: sev(i.level), crossing: i.crossing, subject: i.corridor, params: { corridor: i.corridor, idle: i.idle, containers: i.containers, minutes: i.minutes } });
  }
}

// Trucks still waiting after closing; before the morning opening a queue is normal (the screens say when it opens).
function afterHours(site: Site, now: number, flows: readonly FlowStats[], out: AlertDraft[]): void {
  for (const c of site.crossings) {
    if (inHours(c.hours, now, site.timezones.vn) || !afterClosing(c.hours, now, site.timezones.vn)) continue;
    const queue = flows.reduce((s, f) => s + (f.crossing === c.id ? f.queue : 0), 0);
    if (queue > 0) out.push({ id: `after-hours:${c.id}`, kind: 'after-hours', severity: 'warning', crossing: c.id, params: { queue, open: c.hours.open, close: c.hours.close } });
  }
}

/** Matches this tick's conditions with the open alerts: new ones are raised, vanished ones cleared. */
export function reconcileAlerts(drafts: readonly AlertDraft[], open: Readonly<IdRecord<Alert>>, now: number): { raised: Alert[]; cleared: Alert[]; active: IdRecord<Alert> } {
  const raised: Alert[] = [];
  const active = idRecord<Alert>();
  for (const d of drafts) {
    const prev = open[d.id];
    // Params stay as first raised (the KPIs carry live numbers); a change of severity is raised again.
    if (prev && prev.severity === d.severity) active[d.id] = prev;
    else {
      const a: Alert = { ...d, raisedAt: prev?.raisedAt ?? now };
      active[d.id] = a;
      raised.push(a);
    }
  }
  const cleared = Object.keys(open)
    .filter((id) => !Object.hasOwn(active, id))
    .sort(cmpStr)
    .map((id) => ({ ...open[id]!, clearedAt: now }));
  return { raised, cleared, active };
}

// Whether `now` lies between today's closing and midnight (site-local) for day hours; overnight hours: never.
function afterClosing(h: Hours, now: number, tz: number): boolean {
  const o = hm(h.open);
  const c = hm(h.close);
  if (o >= c) return o !== c;
  return (now - localMidnight(now, tz)) / 60_000 >= c;
}
