import { idRecord, type IdRecord, type Site } from '../protocol';
import type { ResolvedConfig } from './config';
import { addFree, freeSet, type FreeSet } from './freeSet';
import { dirIndex, type LaneTable } from './lanes';
import type { EngineTruck } from './types';

/** Calls on record: truck id → lane and time (a Map: probing a plain object with 50k ids is slow). */
export type CallBook = ReadonlyMap<string, { lane: string; at: number; arrive?: number }>;

/** Waiting work of one crossing per direction (index 0 export, 1 import). */
export interface Work {
  /** Green-equivalent service units: each truck counts its channel's service factor. */
  w: [number, number];
  /** Waiting trucks (queued or called, not stale). */
  n: [number, number];
}

/** Trucks to plan this tick (pinned ones were put on their lanes) and the waiting work per crossing. */
export interface Classified {
  free: FreeSet;
  work: Map<string, Work>;
}

/**
 * Sorts every truck into its role for the tick, in one pass: in a lane (occupies it), called to a usable lane
 * (keeps its place), or free to plan. A call to a lane that has since closed is void: the truck is re-planned.
 * `sampledAt` says when a free truck's quarantine sampling is done, for those that need it.
 */
export function classifyTrucks(
  trucks: readonly EngineTruck[], table: LaneTable, called: CallBook, site: Site, cfg: ResolvedConfig, now: number, sampledAt: IdRecord<number> = idRecord(),
): Classified {
  const free = freeSet(trucks.length, cfg, now);
  const work = new Map<string, Work>();
  const f = site.channelServiceFactor;
  for (let i = 0; i < trucks.length; i++) {
    const t = trucks[i]!;
    if (t.phase === 'in-lane') {
      const rec = t.lane === undefined ? undefined : table.byId.get(t.lane);
      if (rec) rec.inLane.push(t);
      continue;
    }
    if (t.phase !== 'queued' && t.phase !== 'called') continue;
    const mem = called.get(t.id);
    const laneId = t.phase === 'called' ? (t.lane ?? mem?.lane) : mem?.lane;
    const rec = laneId === undefined ? undefined : table.byId.get(laneId);
    if (rec?.usable) rec.pinned.push({ truck: t, index: i, calledAt: t.calledAt ?? mem?.at ?? now, ...(mem?.arrive !== undefined && mem.arrive > now ? { arrive: mem.arrive } : {}) });
    else if (!t.stale) addFree(free, i, t, sampledAt[t.id]);
    if (t.stale) continue;
    let cw = work.get(t.crossing);
    if (!cw) work.set(t.crossing, (cw = { w: [0, 0], n: [0, 0] }));
    const d = dirIndex(t.direction);
    cw.w[d] += f[t.channel];
    cw.n[d] += 1;
  }
  return { free, work };
}

/** After directions are decided: a pinned truck whose lane now runs the other way (operator change) is re-planned. */
export function releaseMismatched(table: LaneTable, free: FreeSet): void {
  for (const rec of table.list) {
    if (rec.pinned.every((p) => p.truck.direction === rec.direction)) continue;
    const keep = [];
    for (const p of rec.pinned) {
      if (p.truck.direction === rec.direction) keep.push(p);
      else if (!p.truck.stale) addFree(free, p.index, p.truck);
    }
    rec.pinned = keep;
  }
}
