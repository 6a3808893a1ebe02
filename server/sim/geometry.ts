import { localFrame, polyline, pointAt, project, toLat, toLon, type LocalFrame, type Polyline, type Side, type Site } from '../protocol';

/** A crossing's roads in local metres, and where its yards sit along them. */
export interface CrossingGeometry {
  id: string;
  roads: Record<Side, Polyline>;
  /** Distance from the gate along each side's road to that side's yard. */
  yardAlong: Record<Side, number>;
  yardId: Record<Side, string | undefined>;
  yardCapacity: Record<Side, number>;
}

export interface SiteGeometry {
  frame: LocalFrame;
  crossings: Map<string, CrossingGeometry>;
  corridors: Map<string, Polyline>;
}

/** Precomputes the local-metre geometry the simulator moves vehicles along. */
export function siteGeometry(site: Site): SiteGeometry {
  const frame = localFrame(site.origin);
  const yards = new Map(site.yards.map((y) => [y.id, y]));
  const crossings = new Map<string, CrossingGeometry>();
  for (const c of site.crossings) {
    const roads = { vn: polyline(frame, c.roads.vn), cn: polyline(frame, c.roads.cn) };
    const along = (side: Side) => {
      const y = c.yards ? yards.get(c.yards[side]) : undefined;
      if (!y) return Math.min(300, roads[side].length / 2);
      return project(roads[side], (y.lon - frame.lon0) * frame.mPerDegLon, (y.lat - frame.lat0) * frame.mPerDegLat).along;
    };
    crossings.set(c.id, {
      id: c.id,
      roads,
      yardAlong: { vn: along('vn'), cn: along('cn') },
      yardId: { vn: c.yards?.vn, cn: c.yards?.cn },
      yardCapacity: { vn: c.yards ? (yards.get(c.yards.vn)?.capacity ?? 50) : 50, cn: c.yards ? (yards.get(c.yards.cn)?.capacity ?? 50) : 50 },
    });
  }
  const corridors = new Map(site.corridors.map((c) => [c.id, polyline(frame, c.path)]));
  return { frame, crossings, corridors };
}

const scratch = { x: 0, y: 0, heading: 0 };

/** WGS84 position and heading at distance `d` along a local polyline. */
export function latLonAt(g: SiteGeometry, line: Polyline, d: number): { lat: number; lon: number; heading: number } {
  pointAt(line, d, scratch);
  return { lat: toLat(g.frame, scratch.y), lon: toLon(g.frame, scratch.x), heading: scratch.heading };
}
