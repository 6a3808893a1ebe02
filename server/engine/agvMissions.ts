import type { IdRecord, Mission } from '../protocol';
import type { ActiveMission, EngineAgv } from './types';

/** What survives from the previous tick's missions. */
export interface Continued {
  active: Map<string, ActiveMission>;
  /** Carry missions that ended normally this tick. */
  completed: number;
  /** Jobs an AGV is on its way to pick up: nobody else takes them. */
  taken: Set<string>;
}

// A command not acted on within this time is presumed lost: the job goes back to the pool.
const ACK_TIMEOUT_MS = 120_000;

/**
 * Carries last tick's missions forward. A mission ends when its AGV faults (its job is re-planned at once),
 * goes stale before it has a container aboard (never plan on stale data), returns to idle after starting
 * (done), or never starts (job gone, or the command was lost).
 */
export function continueMissions(agvs: readonly EngineAgv[], prev: Readonly<IdRecord<ActiveMission>>, pendingJobs: ReadonlySet<string>, now: number): Continued {
  const active = new Map<string, ActiveMission>();
  const taken = new Set<string>();
  let completed = 0;
  for (const a of agvs) {
    const m = prev[a.id];
    if (!m || a.state === 'fault') continue;
    const carry = m.mission.mission === 'carry';
    const aboard = a.state === 'loaded' || a.state === 'unloading';
    if (a.stale && !(carry && aboard)) continue;
    const started = m.started || a.state !== 'idle';
    if (started && a.state === 'idle') {
      if (carry) completed++;
      continue;
    }
    const job = m.mission.container;
    if (!started && ((carry && (job === undefined || !pendingJobs.has(job))) || now - m.issuedAt > ACK_TIMEOUT_MS)) continue;
    active.set(a.id, started === m.started ? m : { ...m, started });
    if (carry && job !== undefined && !aboard) taken.add(job);
  }
  return { active, completed, taken };
}

/** The key `memory.dispatched` keeps per AGV. */
export function missionKey(m: Mission): string {
  return `${m.mission}:${m.container ?? m.to}`;
}
