import type { AgvState, Cargo, Channel, CrossingMode, Direction, SensorType, TruckPhase } from '../protocol';
import type { EntityRecord } from '../protocol';
import type { ClearedTruck } from '../engine/types';

/** Fields every tracked device shares: what the twin needs for dedupe, staleness and the frame. */
export interface Tracked {
  id: string;
  handle: number;
  /** Last seq applied to the pose/state (newer seqs win; older ones are recorded but do not rewind state). */
  stateSeq: number;
  /** Twin time of the last message received. */
  lastSeen: number;
  /** Estimated reporting period, ms (exponentially smoothed). */
  periodMs: number;
  /** Intervals seen so far (the period estimate needs one). */
  intervals: number;
  stale: boolean;
  /** The frame record kept up to date as messages arrive; the broadcaster copies from it. */
  rec: EntityRecord;
}

export interface Truck extends Tracked {
  kind: 'truck';
  crossing: string;
  direction: Direction;
  cargo: Cargo;
  perishable: boolean;
  channel?: Channel;
  /** How its cargo crosses (protocol revision 2), from the first message that says. */
  mode?: CrossingMode;
  phase: TruckPhase;
  yard?: string;
  lane?: string;
  queuedAt?: number;
  calledAt?: number;
  enteredLaneAt?: number;
  inspectedAt?: number;
  crossedAt?: number;
  /** The entry in the cleared log, completed if earlier events arrive after the crossing. */
  clearedEntry?: ClearedTruck;
  /** Seq of the newest message that set each field. */
  seqs: { channel: number; yard: number; lane: number; pos: number };
  x: number;
  y: number;
}

export interface Agv extends Tracked {
  kind: 'agv';
  /** 'rail' when it runs on an overhead rail corridor. */
  conveyance: 'agv' | 'rail';
  corridor?: string;
  along: number;
  x: number;
  y: number;
  heading: number;
  speed: number;
  battery: number;
  state: AgvState;
  container?: string;
}

export interface Sensor extends Omit<Tracked, 'handle' | 'rec'> {
  kind: 'sensor';
  type: SensorType;
  lane?: string;
  zone?: string;
  value: number;
  unit?: string;
}
