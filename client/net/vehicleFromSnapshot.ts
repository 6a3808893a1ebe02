import type { VehicleDetail } from '../../server/protocol/events';
import type { Plan } from '../../server/protocol/viewer';

type Rec = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * A vehicle card from a twin snapshot (`replay:snapshot`, shaped like `GET /api/state`) and the plan: what
 * `vehicle:get` answers live, for sources that do not have it. Unknown fields are ignored; null if absent.
 */
export function detailFromSnapshot(snapshot: unknown, handle: number, plan: Plan | null): VehicleDetail | null {
  if (!snapshot || typeof snapshot !== 'object') return null;
  const s = snapshot as { ts?: unknown; trucks?: unknown; agvs?: unknown };
  const now = num(s.ts) ?? 0;
  const find = (list: unknown): Rec | undefined => (Array.isArray(list) ? (list as Rec[]).find((v) => v && v.handle === handle) : undefined);
  const t = find(s.trucks);
  if (t) {
    const id = str(t.id) ?? String(handle);
    const d: VehicleDetail = { id, handle, kind: 'truck', state: str(t.phase) ?? '', stale: t.stale === true, lastSeen: num(t.lastSeen) ?? now };
    const crossing = str(t.crossing);
    if (crossing) d.crossing = crossing;
    if (t.direction === 'export' || t.direction === 'import') d.direction = t.direction;
    const cargo = str(t.cargo);
    if (cargo) d.cargo = cargo;
    if (typeof t.perishable === 'boolean') d.perishable = t.perishable;
    for (const k of ['channel', 'yard', 'lane'] as const) {
      const v = str(t[k]);
      if (v) d[k] = v;
    }
    const queuedAt = num(t.queuedAt);
    if (queuedAt !== undefined) {
      d.arrivedAt = queuedAt;
      d.waitingMin = Math.max(0, ((num(t.enteredLaneAt) ?? now) - queuedAt) / 60_000);
    }
    const a = plan?.assignments.find((x) => x.truck === id);
    if (a) d.assignment = a;
    return d;
  }
  const v = find(s.agvs);
  if (!v) return null;
  const id = str(v.id) ?? String(handle);
  const d: VehicleDetail = { id, handle, kind: v.conveyance === 'rail' ? 'rail' : 'agv', state: str(v.state) ?? '', stale: v.stale === true, lastSeen: num(v.lastSeen) ?? now };
  const battery = num(v.battery);
  if (battery !== undefined) d.battery = battery;
  const container = str(v.container);
  if (container) d.container = container;
  const m = plan?.missions.find((x) => x.agv === id);
  if (m) d.mission = m;
  return d;
}
