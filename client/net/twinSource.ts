import type { Reply } from '../../server/protocol/commands';
import type { VehicleDetail } from '../../server/protocol/events';
import type { Alert } from '../../server/protocol/viewer';

/** A truck as the wait histogram needs it (a subset of `GET /api/state` and `replay:snapshot`). */
export interface SnapshotTruck {
  crossing: string;
  phase: string;
  perishable: boolean;
  queuedAt?: number;
  enteredLaneAt?: number;
}

/** The twin's state as JSON at one instant (only what the client reads of it). */
export interface TwinSnapshot {
  ts: number;
  trucks: SnapshotTruck[];
}

/**
 * Where the screens get the twin from: the live server or a recorded day. Both stream the same events into the
 * stores; this is what the UI may ask of them (capabilities differ: only live operators acknowledge alerts).
 */
export interface TwinSource {
  getVehicle(handle: number): Promise<Reply<VehicleDetail>>;
  snapshot(): Promise<Reply<TwinSnapshot>>;
  ackAlert?(id: string): Promise<Reply<Alert>>;
  close(): void;
}
