import type { Alert, StatusLevel, Cargo, Channel, CrossingMode, Direction, IdRecord, Kpi, Mission, Plan, Site, AgvState, LaneDirection, VehicleClass, Hours, PolicyName, WeatherReading } from '../protocol';

/** Policies the engine knows (server/protocol/policy.ts); `fifo-static` is the baseline every improvement is measured against. */
export type { PolicyName };

/** A truck as the engine sees it. Only `queued` trucks are planned; `called` and `in-lane` occupy their lane. */
export interface EngineTruck {
  id: string;
  crossing: string;
  direction: Direction;
  cargo: Cargo;
  perishable: boolean;
  /** Customs channel; green when not known yet. */
  channel: Channel;
  phase: 'approaching' | 'queued' | 'called' | 'in-lane' | 'inspected';
  /** When the truck reached its yard and joined the queue (epoch ms); undefined while approaching. */
  queuedAt?: number;
  lane?: string;
  calledAt?: number;
  enteredLaneAt?: number;
  /** How its cargo crosses, when the day runs the crossing model (protocol revision 2): perishables are then sampled while they queue. */
  mode?: CrossingMode;
  /** Data older than two reporting periods: never planned on. */
  stale: boolean;
}

/** A lane with its live state (operator overrides already applied). */
export interface EngineLane {
  id: string;
  crossing: string;
  direction: LaneDirection;
  classes: VehicleClass[];
  serviceS: number;
  open: boolean;
  hours: Hours;
  /** For reversible lanes: the direction it runs now (undefined = not decided yet). */
  runningDirection?: Direction;
}

/** An AGV (or rail shuttle) as the engine sees it. `along` is metres from the corridor's `from` end. */
export interface EngineAgv {
  id: string;
  corridor: string;
  along: number;
  speed: number;
  battery: number;
  state: AgvState;
  container?: string;
  stale: boolean;
}

/** A container waiting to be carried through a corridor. */
export interface ContainerJob {
  id: string;
  corridor: string;
  from: string;
  to: string;
  readyAt: number;
  perishable: boolean;
}

/** One truck that has crossed today: the KPI history. */
export interface ClearedTruck {
  crossing: string;
  direction: Direction;
  perishable: boolean;
  queuedAt: number;
  enteredLaneAt: number;
  crossedAt: number;
}

/** The engine's knobs; `defaultEngineConfig()` fills them with sensible values. */
export interface EngineConfig {
  policy: PolicyName;
  /** Wait after which a perishable load counts as waiting too long, minutes (default 120). */
  perishableLimitMin: number;
  /** Minimum gap between AGVs on one corridor lane, metres. */
  agvHeadwayM: number;
  /** AGVs at or below this battery go charge before taking a job. */
  agvChargeBelow: number;
  /** Battery a carry mission needs to start (round trip plus margin). */
  agvMinBatteryForJob: number;
  /** Queue alert threshold per crossing and direction, trucks. */
  queueAlert: number;
  /** How far ahead trucks are called forward so they reach the lane as it frees, seconds. */
  callLeadS: number;
  /** Head start a perishable load gets in the queue order, minutes; bounds how long anything else can be overtaken (default 960). */
  perishableHeadStartMin?: number;
  /**
   * Head start by customs channel, minutes (default policy: green 45, yellow 20, red 0): under a standing queue the
   * shortest expected services go first, which lowers the mean wait; bounded, so a red-channel truck waits at most
   * the difference longer than a green one that came at the same time.
   */
  channelHeadStartMin?: { green: number; yellow: number; red: number };
  /** Direction of reversible lanes under `fifo-static` and before the first decision (default import: ~70 % of traffic). */
  reversibleDefault?: Direction;
  /** Hysteresis: a reversible lane switches only if that shortens the crossing's predicted drain time by this much, seconds (default 600). */
  reversibleMinGainS?: number;
  /** Diversion advice only when two crossings' drain times differ by this much, seconds (default 3600). */
  divertMinGainS?: number;
  /**
   * A perishable export planned to miss the perishable limit at its crossing is sent to the other freight crossing
   * when it enters there this much earlier, transfer drive included, and within the limit, seconds (default 900).
   */
  divertPerishableMinGainS?: number;
  /** A quality inspection centre samples perishables after clearance, so none waits for sampling before its call (default false). */
  inspectionCentre?: boolean;
}

/** Everything one engine tick needs; plain data so replay, tests and benchmarks can build it. */
export interface EngineInput {
  now: number;
  /** The site with the active configuration applied. */
  site: Site;
  config: EngineConfig;
  trucks: readonly EngineTruck[];
  lanes: readonly EngineLane[];
  agvs: readonly EngineAgv[];
  jobs: readonly ContainerJob[];
  cleared: readonly ClearedTruck[];
  /** Ids of sensors whose data is stale. */
  staleSensors: readonly string[];
  /** Queued trucks per crossing and direction at each of the last minutes (oldest first), for growth alerts. */
  queueHistory: readonly { ts: number; crossing: string; direction: Direction; queue: number }[];
  /** The weather stations' fresh readings, passed through to the KPIs (optional: no stations, no weather). */
  weather?: readonly WeatherReading[];
}

/** A mission as issued and whether its AGV has been seen acting on it (left idle) since. */
export interface ActiveMission {
  mission: Mission;
  issuedAt: number;
  started: boolean;
}

/** What the engine remembers between ticks (plain data, returned anew each tick). */
export interface EngineMemory {
  /**
   * Trucks already called forward: truck id → lane and time, so a call is sent once; `arrive` when the truck was
   * called from another crossing (a diversion) and cannot reach the lane before then.
   */
  called: IdRecord<{ lane: string; at: number; arrive?: number }>;
  /** AGVs already given a mission: agv id → mission key. */
  dispatched: IdRecord<string>;
  laneDirections: IdRecord<Direction>;
  activeAlerts: IdRecord<Alert>;
  /** Missions in progress (agv id → mission as issued), so their reasons and travel directions survive ticks. */
  missions?: IdRecord<ActiveMission>;
  /** Carry missions completed on the site-local day `day` (the KPI tripsToday). */
  agvTrips?: { day: string; count: number };
  /** Figures above a service level (figure key → level), so statuses and their alerts hold with hysteresis. */
  levels?: IdRecord<StatusLevel>;
  /** Plant-quarantine sampling booked for waiting trucks and when each sampler is next free (engine/sampling.ts). */
  sampling?: { done: IdRecord<number>; samplers: number[] };
}

/** What one tick decides. `calls` and `missions` are new since the previous tick and go to devices as commands. */
export interface EngineOutput {
  plan: Plan;
  kpi: Kpi;
  calls: Plan['assignments'];
  missions: Plan['missions'];
  raised: Alert[];
  cleared: Alert[];
  memory: EngineMemory;
}
