import type { Reply } from '../../server/protocol/commands';
import type { VehicleDetail } from '../../server/protocol/events';
import type { Alert, LaneSet, LaneStatus } from '../../server/protocol/viewer';

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

/** What a source allows, in the manner of Lichtblick's `Player` capabilities: the UI shows only what works. */
export interface SourceCapabilities {
  /** Jump to any instant (replay:control seek, alert jumps). */
  readonly seek: boolean;
  /** Play faster or slower than the wall clock. */
  readonly speed: boolean;
  /** Change what happens: operators set lanes and acknowledge alerts (live only). */
  readonly steer: boolean;
}

/**
 * Where the screens get the twin from: the live server or a recorded day. Both stream the same events into the
 * stores and answer the same requests (`vehicle:get` alike); `capabilities` says what else the source allows.
 */
export interface TwinSource {
  readonly capabilities: SourceCapabilities;
  getVehicle(handle: number): Promise<Reply<VehicleDetail>>;
  snapshot(): Promise<Reply<TwinSnapshot>>;
  ackAlert?(id: string): Promise<Reply<Alert>>;
  /** Opens, closes or turns a lane (operators, live only). */
  setLane?(cmd: LaneSet): Promise<Reply<LaneStatus>>;
  close(): void;
}
