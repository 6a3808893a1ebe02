import type { Plan, VehicleDetail } from '../protocol';
import type { Twin } from './twin';

/**
 * The selection card's data (`vehicle:get`, live and replay alike): the vehicle with `handle` in the twin at twin
 * time `now`, and what the engine's latest full `plan` decided about it; undefined when no vehicle has the handle.
 */
export function vehicleDetail(twin: Twin, plan: Plan | undefined, handle: number, now: number): VehicleDetail | undefined {
  for (const t of twin.trucks.values()) {
    if (t.handle !== handle) continue;
    const d: VehicleDetail = {
      id: t.id, handle, kind: 'truck', state: t.phase, stale: t.stale, lastSeen: t.lastSeen,
      crossing: t.crossing, direction: t.direction, cargo: t.cargo, perishable: t.perishable,
    };
    if (t.channel) d.channel = t.channel;
    if (t.yard) d.yard = t.yard;
    if (t.lane) d.lane = t.lane;
    if (t.queuedAt !== undefined) {
      d.arrivedAt = t.queuedAt;
      d.waitingMin = Math.max(0, ((t.enteredLaneAt ?? now) - t.queuedAt) / 60_000);
    }
    const assignment = plan?.assignments.find((a) => a.truck === t.id);
    if (assignment) d.assignment = assignment;
    return d;
  }
  for (const a of twin.agvs.values()) {
    if (a.handle !== handle) continue;
    const d: VehicleDetail = { id: a.id, handle, kind: a.conveyance, state: a.state, stale: a.stale, lastSeen: a.lastSeen, battery: a.battery };
    if (a.container) d.container = a.container;
    const mission = plan?.missions.find((m) => m.agv === a.id);
    if (mission) d.mission = mission;
    return d;
  }
  return undefined;
}
