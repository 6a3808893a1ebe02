import type { Twin } from './twin';

/** The whole twin as JSON (`GET /api/state`): every vehicle, sensor, lane, queue and yard fill. */
export function stateSnapshot(twin: Twin, now: number) {
  const yardFill = new Map<string, number>();
  for (const t of twin.trucks.values()) if (t.phase === 'queued' && t.yard) yardFill.set(t.yard, (yardFill.get(t.yard) ?? 0) + 1);
  return {
    ts: now,
    trucks: [...twin.trucks.values()].map(({ rec: _rec, ...t }) => t),
    agvs: [...twin.agvs.values()].map(({ rec: _rec, ...a }) => a),
    sensors: [...twin.sensors.values()],
    lanes: [...twin.lanes.byId.values()],
    queues: twin.queues(),
    yards: twin.site.yards.map((y) => ({ id: y.id, capacity: y.capacity, fill: yardFill.get(y.id) ?? 0 })),
    counters: twin.counters,
  };
}
