import { localFrame, polyline, type Corridor, type Site } from '../protocol';

/** A charger reachable from a corridor, at distance `along` from the corridor's `from` end. */
export interface ChargerAt {
  id: string;
  yard: string;
  along: number;
  slots: number;
}

/** A corridor's length and chargers, for distances along it. */
export interface CorridorGeo {
  corridor: Corridor;
  length: number;
  chargers: ChargerAt[];
}

/** Distance of a yard from the corridor's `from` end: 0 or the length; undefined if the yard is not an end. */
export function alongOf(g: CorridorGeo, yard: string): number | undefined {
  if (yard === g.corridor.from) return 0;
  if (yard === g.corridor.to) return g.length;
  return undefined;
}

/** Corridor geometry of the site (a handful of short paths: cheap enough to build every tick). */
export function corridorGeo(site: Site): Map<string, CorridorGeo> {
  const frame = localFrame(site.origin);
  const out = new Map<string, CorridorGeo>();
  for (const corridor of site.corridors) {
    const g: CorridorGeo = { corridor, length: polyline(frame, corridor.path).length, chargers: [] };
    for (const ch of site.chargers) {
      const along = alongOf(g, ch.yard);
      if (along !== undefined) g.chargers.push({ id: ch.id, yard: ch.yard, along, slots: ch.slots });
    }
    out.set(corridor.id, g);
  }
  return out;
}
