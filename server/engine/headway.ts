import { alongOf, type CorridorGeo } from './corridors';
import type { ActiveMission, EngineAgv } from './types';

/** An AGV moving along a corridor: position from the `from` end and direction (+1 towards `to`, 0 = unknown). */
export interface Mover {
  pos: number;
  sign: -1 | 0 | 1;
}

/** Movers per corridor id. */
export type Movers = Map<string, Mover[]>;

// Within this distance of a yard an AGV counts as standing at it.
const AT_END_M = 5;

/** Which way an AGV at `pos` first drives to reach `pickup` (or, standing there, to reach `drop`). */
export function firstLeg(pos: number, pickup: number, drop: number): -1 | 0 | 1 {
  const target = Math.abs(pickup - pos) <= AT_END_M ? drop : pickup;
  return Math.abs(target - pos) <= AT_END_M ? 0 : target > pos ? 1 : -1;
}

// Where a busy AGV is heading, from its mission; undefined when it stands still.
function target(a: EngineAgv, m: ActiveMission, g: CorridorGeo): number | undefined {
  if (m.mission.mission === 'carry') {
    const pickup = alongOf(g, m.mission.from);
    const drop = alongOf(g, m.mission.to);
    if (a.state === 'loaded') return drop;
    if (a.state === 'unloading' || pickup === undefined) return undefined;
    return Math.abs(pickup - a.along) <= AT_END_M ? drop : pickup;
  }
  return a.state === 'charging' ? undefined : alongOf(g, m.mission.from);
}

/** Every AGV on the move, with its direction where its mission tells it (unknown ones block both ways). */
export function buildMovers(agvs: readonly EngineAgv[], active: ReadonlyMap<string, ActiveMission>, geo: ReadonlyMap<string, CorridorGeo>): Movers {
  const movers: Movers = new Map();
  for (const a of agvs) {
    const g = geo.get(a.corridor);
    if (!g) continue;
    const m = active.get(a.id);
    let sign: -1 | 0 | 1 | undefined;
    if (m) {
      const t = target(a, m, g);
      sign = t === undefined || Math.abs(t - a.along) <= AT_END_M ? undefined : t > a.along ? 1 : -1;
    } else if (a.state === 'to-pickup' || a.state === 'loaded') sign = 0;
    if (sign !== undefined) addMover(movers, a.corridor, { pos: a.along, sign });
  }
  return movers;
}

/** Records a mover (also one dispatched this tick, so the next dispatch keeps its distance). */
export function addMover(movers: Movers, corridor: string, m: Mover): void {
  const xs = movers.get(corridor);
  if (xs) xs.push(m);
  else movers.set(corridor, [m]);
}

/**
 * Headway: an AGV may set off only if fewer than `lanes` AGVs moving the same way are within `headwayM` of it
 * (each lane of the corridor carries its own stream).
 */
export function headwayBlocked(movers: Movers, corridor: string, pos: number, sign: -1 | 0 | 1, headwayM: number, lanes: number): boolean {
  if (sign === 0) return false;
  let n = 0;
  for (const m of movers.get(corridor) ?? []) if ((m.sign === sign || m.sign === 0) && Math.abs(m.pos - pos) < headwayM) n++;
  return n >= lanes;
}
