import type { Command, Reply } from './commands';
import type { Forecast } from './forecast';
import type { Site } from './site';
import type { TelemetryReply } from './telemetry';
import type { Alert, AlertAck, Assignment, ClockInfo, Kpi, LaneSet, LaneStatus, Mission, Mode, Plan, Role } from './viewer';

/** First message on `/twin`: everything a viewer needs before the first frame. */
export interface Hello {
  protocolVersion: number;
  mode: Mode;
  clock: ClockInfo;
  site: Site;
  configuration: string;
  role: Role;
}

/** A vehicle as the selection card shows it, with the engine's decision about it. */
export interface VehicleDetail {
  id: string;
  handle: number;
  kind: 'truck' | 'agv' | 'rail';
  state: string;
  stale: boolean;
  lastSeen: number;
  crossing?: string;
  direction?: 'export' | 'import';
  cargo?: string;
  perishable?: boolean;
  channel?: string;
  yard?: string;
  lane?: string;
  arrivedAt?: number;
  waitingMin?: number;
  battery?: number;
  container?: string;
  assignment?: Assignment;
  mission?: Mission;
}

/** Events the server emits on `/twin`. */
export interface TwinServerEvents {
  hello: (hello: Hello) => void;
  frame: (frame: Uint8Array) => void;
  kpi: (kpi: Kpi) => void;
  alert: (alert: Alert) => void;
  plan: (plan: Plan) => void;
  'lane:changed': (lane: LaneStatus) => void;
  /** What happens next: the live forecast and its advice, every minute (server/forecast). */
  forecast: (forecast: Forecast) => void;
  /** Sent just before the server disconnects a viewer: its token was revoked or changed role, or it flooded. */
  'error:auth': (notice: { error: string }) => void;
  'error:limit': (notice: { error: string }) => void;
}

/** Events a viewer may emit on `/twin`; operator-only ones are checked per event on the server. */
export interface TwinClientEvents {
  'lane:set': (cmd: LaneSet, reply: (r: Reply<LaneStatus>) => void) => void;
  'alert:ack': (cmd: AlertAck, reply: (r: Reply<Alert>) => void) => void;
  'vehicle:get': (query: { handle: number }, reply: (r: Reply<VehicleDetail>) => void) => void;
  'alerts:list': (query: Record<string, never>, reply: (r: Reply<Alert[]>) => void) => void;
}

/** Events the server emits on `/ingest`. */
export interface IngestServerEvents {
  command: (cmd: Command, reply: (r: Reply) => void) => void;
  /** Sent just before the server disconnects a device: token revoked, a message over the size limit, flooding. */
  'error:auth': (notice: { error: string }) => void;
  'error:limit': (notice: { error: string }) => void;
  'error:protocol': (message: string) => void;
}

/** Events a device emits on `/ingest`. */
export interface IngestClientEvents {
  telemetry: (batch: unknown[], ack: (r: TelemetryReply) => void) => void;
}
