import type { CrossingSetup } from '../engine/crossingModes';
import type { Channel, Direction, Hours } from '../protocol';

/** A truck the forecast starts from: waiting in a queue, on its way to one, or in a lane. */
export interface ForkTruck {
  id: string;
  crossing: string;
  direction: Direction;
  perishable: boolean;
  channel: Channel;
  /** When it joined the queue; absent while it is still approaching. */
  queuedAt?: number;
  /** When it entered its lane (in service now). */
  enteredLaneAt?: number;
  lane?: string;
}

/** A truck lane as the forecast runs it. */
export interface ForkLane {
  id: string;
  crossing: string;
  direction: 'export' | 'import' | 'reversible';
  /** The direction a reversible lane runs now. */
  running: Direction;
  /** Opened by operators (an operator's close stays closed). */
  open: boolean;
  /** Shut by its barrier now (an incident): back after a while nobody knows in advance (drawn per seed). */
  barrierDown?: boolean;
  serviceS: number;
  hours: Hours;
}

/** Arrivals per day fitted for one crossing and direction, with their mix. */
export interface ArrivalFit {
  crossing: string;
  direction: Direction;
  perDay: number;
  perishableShare: number;
  /** Shares of green, yellow, red. */
  channels: [number, number, number];
}

/** The engine knobs the forecast reproduces (its queue order). */
export interface ForkPolicy {
  perishableHeadStartMin: number;
  channelHeadStartMin: { green: number; yellow: number; red: number };
  perishableLimitMin: number;
  /**
   * The engine's diversion of late perishable exports between freight crossings (engine/divert.ts), when its
   * policy makes them: the gain it asks for and the transfer drive between the roads.
   */
  divert?: { minGainMin: number; transferMin: number };
}

/** The twin forked at one instant, as plain data: what a forecast worker needs. */
export interface ForkState {
  now: number;
  tzH: number;
  lanes: ForkLane[];
  trucks: ForkTruck[];
  /** Trucks cleared today so far, per crossing. */
  clearedToday: { crossing: string; count: number }[];
  arrivals: ArrivalFit[];
  /** Relative arrival rate per local hour (24 values). */
  profile: number[];
  /**
   * Lane service time ÷ nominal per crossing: over the last hour (`factor`: weather, inspections now) and the last six
   * (`longFactor`, what a passing shower or fog bank gives way to; absent = `factor` holds).
   */
  serviceFactor: { crossing: string; factor: number; longFactor?: number }[];
  channelFactor: { green: number; yellow: number; red: number };
  policy: ForkPolicy;
  /** How trucks cross under the configuration (modes, third-country vehicles, pilot, inspection centre), when known. */
  modes?: CrossingSetup;
  /** The same with a lever moved (advice): each truck's lane time and handling scale from `modes` to this. */
  modesRun?: CrossingSetup;
  /**
   * Crossing hours (closing time) and the daily aim; `roadInMin` for the freight crossings that take diverted exports
   * (2027 targets): the drive from the road's Vietnamese end to the gate.
   */
  crossings: { id: string; hours: Hours; target?: number; roadInMin?: number }[];
}
