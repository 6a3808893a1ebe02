import { ActionStatus, ErrorLevel, type AgvPosition, type State, type Velocity } from 'vda-5050-lib';
import { IdSchema, type AgvMessage, type AgvState } from '../../protocol';
import type { MapFrame } from './mapFrame';

/** What the twin knows of a VDA 5050 vehicle between messages (state and visualization each carry part of it). */
export interface VdaVehicle {
  manufacturer: string;
  serialNumber: string;
  position?: AgvPosition;
  velocity?: Velocity;
  battery: number;
  state: AgvState;
  container?: string | undefined;
  connection: 'ONLINE' | 'OFFLINE' | 'CONNECTIONBROKEN' | 'unknown';
  orderId?: string | undefined;
  lastNodeId?: string | undefined;
  errors: number;
}

/** A new vehicle, before its first state. */
export function newVdaVehicle(manufacturer: string, serialNumber: string): VdaVehicle {
  return { manufacturer, serialNumber, battery: 1, state: 'idle', connection: 'unknown', errors: 0 };
}

/**
 * Folds a VDA 5050 `state` into the vehicle: batteryState → battery, errors (FATAL) → fault, charging, driving and
 * loads → the AGV state, the first load's id → container, agvPosition/velocity when present.
 */
export function applyState(v: VdaVehicle, s: State): void {
  if (s.agvPosition) v.position = s.agvPosition;
  if (s.velocity) v.velocity = s.velocity;
  v.battery = Math.min(1, Math.max(0, (s.batteryState?.batteryCharge ?? v.battery * 100) / 100));
  v.errors = s.errors?.length ?? 0;
  v.lastNodeId = s.lastNodeId;
  v.orderId = s.orderId || undefined;
  const loadId = s.loads?.find((l) => l.loadId)?.loadId;
  v.container = loadId && IdSchema.safeParse(loadId).success ? loadId : undefined;
  v.state = agvStateOf(s);
}

/** The twin's AGV state for a VDA 5050 state. */
export function agvStateOf(s: State): AgvState {
  if (s.errors?.some((e) => e.errorLevel === ErrorLevel.Fatal)) return 'fault';
  if (s.batteryState?.charging) return 'charging';
  const loaded = (s.loads?.length ?? 0) > 0;
  const running = (type: string) => s.actionStates?.some((a) => a.actionType === type && a.actionStatus !== ActionStatus.Finished && a.actionStatus !== ActionStatus.Failed && a.actionStatus !== ActionStatus.Waiting);
  if (loaded && running('drop')) return 'unloading';
  if (loaded) return 'loaded';
  // Driving (or holding an order with nodes still ahead) without a load: on the way to a pickup.
  if (s.driving || running('pick') || (s.orderId && s.nodeStates?.length)) return 'to-pickup';
  return 'idle';
}

/**
 * The ingest message for a vehicle's current view: position through its map's frame, speed from velocity.
 * `seq` and `ts` come from the VDA header (timestamps only move forward on a vehicle).
 */
export function toAgvMessage(v: VdaVehicle, frame: MapFrame, seq: number, ts: number): AgvMessage | undefined {
  const p = v.position;
  if (!p?.positionInitialized) return undefined;
  const w = frame.toWorld(p.x, p.y, p.theta);
  const speed = Math.min(40, Math.hypot(v.velocity?.vx ?? 0, v.velocity?.vy ?? 0));
  return {
    kind: 'agv', id: v.serialNumber, seq, ts, lat: w.lat, lon: w.lon, heading: w.heading, speed, battery: v.battery, state: v.state,
    ...(v.container ? { container: v.container } : {}),
  };
}
