import type { Kpi, Site, WeatherReading } from '../protocol';
import { laneBusy, type LaneTable } from './lanes';
import { dayFraction, type FlowStats } from './stats';
import type { Statuses } from './status';
import type { EngineAgv } from './types';
import { round } from './util';
import { zoneKpi } from './zones';

/** Builds the KPI message from the tick's flow stats, lane table and fleet. */
export function buildKpi(site: Site, now: number, day: string, flows: readonly FlowStats[], table: LaneTable, agvs: readonly EngineAgv[], tripsToday: number, statuses: Statuses, weather?: readonly WeatherReading[]): Kpi {
  const crossings = flows.map((f, i) => {
    const st = statuses.flows[i]!;
    let open = 0;
    let busy = 0;
    for (const r of table.list) {
      if (r.lane.crossing !== f.crossing || !r.serves || !r.lane.open || r.direction !== f.direction) continue;
      open++;
      if (laneBusy(r)) busy++;
    }
    return {
      crossing: f.crossing,
      direction: f.direction,
      clearedToday: f.clearedToday,
      clearedLastHour: f.clearedLastHour,
      queue: f.queue,
      waitMeanMin: f.waitMeanMin,
      waitP95Min: f.waitP95Min,
      waitMaxMin: f.waitMaxMin,
      perishableOver2h: f.perishableOver,
      laneUtilisation: open > 0 ? round(busy / open, 3) : 0,
      waitNowMeanMin: f.waitNowMeanMin,
      waitNowP95Min: f.waitNowP95Min,
      waitClearedMeanMin: f.waitClearedMeanMin,
      waitClearedP95Min: f.waitClearedP95Min,
      yardCount: st.yardCount,
      yardCapacity: st.yardCapacity,
      status: st.status,
      reasons: st.reasons,
      open: st.open,
      ...(st.opensAt !== undefined ? { opensAt: st.opensAt } : {}),
    };
  });
  const elapsed = dayFraction(now, site.timezones.vn);
  const targets = site.crossings.flatMap((c) => {
    if (!c.target2027) return [];
    const clearedToday = flows.reduce((s, f) => s + (f.crossing === c.id ? f.clearedToday : 0), 0);
    const p = statuses.projections.find((x) => x.crossing === c.id);
    return [{
      crossing: c.id, clearedToday, capacityIndex: round(clearedToday / elapsed / c.target2027[0], 3), target2027: c.target2027,
      ...(p?.dailyTarget !== undefined ? { dailyTarget: p.dailyTarget } : {}), projected: p?.projected ?? clearedToday, verdict: p?.verdict ?? 'too-early',
    }];
  });
  const lanes = table.list.map((r) => ({
    lane: r.lane.id,
    crossing: r.lane.crossing,
    open: r.lane.open,
    direction: r.lane.direction,
    effectiveDirection: r.direction,
    queue: r.pinned.length + r.planned,
    busy: laneBusy(r),
  }));
  const queueOf = (crossing: string, side: 'vn' | 'cn') => flows.find((f) => f.crossing === crossing && f.direction === (side === 'vn' ? 'export' : 'import'))?.queue ?? 0;
  return { ts: now, day, crossings, targets, agv: fleetKpi(agvs, tripsToday), lanes, zones: zoneKpi(site, queueOf), ...(weather && weather.length > 0 ? { weather: weather.map((w) => ({ ...w })) } : {}) };
}

// Active = on a carry (to pickup, loaded, unloading); utilisation = active share of the whole fleet.
function fleetKpi(agvs: readonly EngineAgv[], tripsToday: number): Kpi['agv'] {
  let active = 0;
  let charging = 0;
  let fault = 0;
  for (const a of agvs) {
    if (a.state === 'to-pickup' || a.state === 'loaded' || a.state === 'unloading') active++;
    else if (a.state === 'charging') charging++;
    else if (a.state === 'fault') fault++;
  }
  const fleet = agvs.length;
  return { fleet, active, charging, fault, tripsToday, utilisation: fleet > 0 ? round(active / fleet, 3) : 0 };
}
