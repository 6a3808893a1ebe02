import { AGV_STATE_CODES, assertNever, CARGO_CODES, EntityKind, Flag, TRUCK_PHASES, type EntityRecord } from '../protocol';
import type { Agv, Truck } from './entities';

/** A wire record for a new vehicle with `handle`, filled by toEntityRecord. */
export const newRecord = (handle: number): EntityRecord => ({ handle, kind: 0, state: 0, flags: 0, cargo: 255, x: 0, y: 0, heading: 0, speed: 0, battery: 1 });

/**
 * The one place a vehicle's wire record (what the frames carry) is derived from its domain state: kind, state
 * code, flags, cargo code, position, and for AGVs heading, speed and battery. A truck's heading and speed live only
 * on its record (set as its positions arrive); `poseTime` is the caller's, as it knows when the pose was measured.
 */
export function toEntityRecord(e: Truck | Agv): EntityRecord {
  const r = e.rec;
  r.x = e.x;
  r.y = e.y;
  switch (e.kind) {
    case 'truck':
      r.kind = EntityKind.truck;
      r.state = TRUCK_PHASES.indexOf(e.phase);
      r.flags = (e.perishable ? Flag.perishable : 0) | (e.direction === 'export' ? Flag.export : 0) | (e.stale ? Flag.stale : 0);
      r.cargo = CARGO_CODES.indexOf(e.cargo);
      r.battery = 1;
      return r;
    case 'agv':
      r.kind = e.conveyance === 'rail' ? EntityKind.rail : EntityKind.agv;
      r.state = AGV_STATE_CODES.indexOf(e.state);
      r.flags = e.stale ? Flag.stale : 0;
      r.cargo = 255;
      r.heading = e.heading;
      r.speed = e.speed;
      r.battery = e.battery;
      return r;
    default:
      return assertNever(e, 'vehicle kind');
  }
}
