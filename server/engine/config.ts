import { idRecord, type Direction } from '../protocol';
import type { EngineConfig, EngineMemory, PolicyName } from './types';

/** EngineConfig with every optional knob filled in: what the engine modules read. */
export type ResolvedConfig = Required<EngineConfig>;

const DEFAULTS = {
  perishableLimitMin: 120,
  // Autonomous trucks platoon at 15–20 m; 50 m leaves room for a stop on a 25 km/h corridor.
  agvHeadwayM: 50,
  agvChargeBelow: 0.25,
  // A 3.6 km corridor round trip uses a few percent; 35 % keeps a full reserve for queues at the gates.
  agvMinBatteryForJob: 0.35,
  queueAlert: 200,
  // About one service time ahead, so the next truck rolls up as the lane frees.
  callLeadS: 300,
  // More than green's lead over yellow (720), so a perishable load still outranks a green one that came at the same
  // time; less than green's over red, so a quick green truck is not held behind a three-times-slower red one.
  perishableHeadStartMin: 960,
  // A day apart per channel: in a backlog the quick green trucks go first (shortest service first), which takes the
  // fruit-peak mean wait from 1.5 to 1.2 × the lower bound (server/forecast/bound.ts, npm run bench -- sim).
  channelHeadStartMin: { green: 1440, yellow: 720, red: 0 },
  reversibleDefault: 'import' as Direction,
  reversibleMinGainS: 600,
  divertMinGainS: 3600,
  // A quarter of an hour: the load is already bound to miss the limit at home and makes it there (engine/divert.ts);
  // an hour's gain left a third of Tân Thanh's fruit backlog of the 2027 fruit peak waiting past 2 h.
  divertPerishableMinGainS: 900,
  inspectionCentre: false,
} satisfies Omit<ResolvedConfig, 'policy'>;

/** The configuration the live server starts with; `policy` defaults to the engine's own `default`. */
export function defaultEngineConfig(policy: PolicyName = 'default'): EngineConfig {
  return { policy, ...DEFAULTS };
}

/** Fills optional knobs a caller left out with their defaults. */
export function resolveConfig(c: EngineConfig): ResolvedConfig {
  return {
    ...c,
    perishableHeadStartMin: c.perishableHeadStartMin ?? DEFAULTS.perishableHeadStartMin,
    channelHeadStartMin: c.channelHeadStartMin ?? DEFAULTS.channelHeadStartMin,
    reversibleDefault: c.reversibleDefault ?? DEFAULTS.reversibleDefault,
    reversibleMinGainS: c.reversibleMinGainS ?? DEFAULTS.reversibleMinGainS,
    divertMinGainS: c.divertMinGainS ?? DEFAULTS.divertMinGainS,
    divertPerishableMinGainS: c.divertPerishableMinGainS ?? DEFAULTS.divertPerishableMinGainS,
    inspectionCentre: c.inspectionCentre ?? DEFAULTS.inspectionCentre,
  };
}

/** Memory before the first tick: nothing called, dispatched or alerted. */
export function initialMemory(): EngineMemory {
  return { called: idRecord(), dispatched: idRecord(), laneDirections: idRecord(), activeAlerts: idRecord(), missions: idRecord(), agvTrips: { day: '', count: 0 }, levels: idRecord() };
}
