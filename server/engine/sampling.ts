import { idRecord, type IdRecord } from '../protocol';
import { unitHash } from './crossingModes';
import { INSPECTION_TODAY } from './inspection';
import type { EngineTruck } from './types';

/**
 * Whether plant quarantine samples this truck at the vehicle while it queues, so it may not be called before the
 * sampling is done: a perishable load crossing under the crossing model (it has a mode), unless an inspection centre
 * samples it after clearance or it crosses as an AGV container (the simulator's rule, crossingModes.laneServiceS).
 */
export const needsSampling = (t: EngineTruck, centre: boolean): boolean => t.perishable && t.mode !== undefined && t.mode !== 'agv-transfer' && !centre;

/** The sampling plan: when each waiting truck's sampling is done, and when each sampler is next free. */
export interface SamplingPlan {
  /** Truck id → when its sampling is done (epoch ms), for the trucks still waiting. */
  done: IdRecord<number>;
  samplers: number[];
}

const MIN_MS = 60_000;

/**
 * Books the quarantine samplers for trucks that need sampling and have none booked yet, first come first served
 * (queue time, then id: the order inspection.ts's day ledger uses), each on the sampler free first. Bookings of trucks
 * no longer waiting are dropped. Pure: the same trucks, plan and time give the same plan.
 */
export function planSampling(trucks: readonly EngineTruck[], prev: SamplingPlan | undefined, centre: boolean, now: number): SamplingPlan {
  const point = INSPECTION_TODAY.sampling;
  const samplers = prev?.samplers.length === point.servers ? [...prev.samplers] : new Array<number>(point.servers).fill(0);
  const done = idRecord<number>();
  const fresh: EngineTruck[] = [];
  for (const t of trucks) {
    if (!needsSampling(t, centre) || (t.phase !== 'queued' && t.phase !== 'called') || t.queuedAt === undefined) continue;
    const booked = prev?.done[t.id];
    if (booked !== undefined) done[t.id] = booked;
    else if (t.phase === 'queued') fresh.push(t);
  }
  fresh.sort((a, b) => a.queuedAt! - b.queuedAt! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const t of fresh) {
    let s = 0;
    for (let k = 1; k < samplers.length; k++) if (samplers[k]! < samplers[s]!) s = k;
    const start = Math.max(now, t.queuedAt!, samplers[s]!);
    const u = unitHash(t.id, 'sample');
    const end = start + (point.minutes[0] + (point.minutes[1] - point.minutes[0]) * u) * MIN_MS;
    samplers[s] = end;
    done[t.id] = end;
  }
  return { done, samplers };
}

/** Whether the plan holds anything for the next tick: a booking, or a sampler still busy. */
export const keepSampling = (p: SamplingPlan, now: number): boolean => Object.keys(p.done).length > 0 || p.samplers.some((t) => t > now);
