import { localFrame, toLat, toLon, toX, toY, type Corridor, type LocalFrame, type Vda5050Map } from '../../protocol';

/** A VDA 5050 map placed on the earth: converts map poses (x, y m; theta rad) to WGS84 and heading, and back. */
export interface MapFrame {
  readonly mapId: string;
  readonly corridor: Corridor;
  toWorld(x: number, y: number, theta?: number): { lat: number; lon: number; heading: number };
  toMap(lat: number, lon: number): { x: number; y: number };
  /** The map angle (theta, rad) of a compass heading (deg clockwise from north). */
  thetaOf(heading: number): number;
}

/** Builds the frame of a corridor's VDA 5050 map (its origin and rotation from the site model). */
export function mapFrame(corridor: Corridor, map: Vda5050Map): MapFrame {
  const f: LocalFrame = localFrame(map.origin);
  const cos = Math.cos(map.rotation);
  const sin = Math.sin(map.rotation);
  return {
    mapId: map.mapId,
    corridor,
    toWorld(x, y, theta = 0) {
      // Map axes turned by `rotation` from east/north.
      const east = x * cos - y * sin;
      const north = x * sin + y * cos;
      return { lat: toLat(f, north), lon: toLon(f, east), heading: compass(theta + map.rotation) };
    },
    toMap(lat, lon) {
      const east = toX(f, lon);
      const north = toY(f, lat);
      return { x: east * cos + north * sin, y: -east * sin + north * cos };
    },
    thetaOf(heading) {
      return normalizeRad(((90 - heading) * Math.PI) / 180 - map.rotation);
    },
  };
}

/** The frames of every corridor that declares a VDA 5050 map, by mapId. */
export function mapFrames(corridors: readonly Corridor[]): Map<string, MapFrame> {
  const out = new Map<string, MapFrame>();
  for (const c of corridors) if (c.vda5050) out.set(c.vda5050.mapId, mapFrame(c, c.vda5050));
  return out;
}

/** Counter-clockwise-from-east radians → degrees clockwise from north in [0, 360). */
function compass(rad: number): number {
  const deg = 90 - (rad * 180) / Math.PI;
  return ((deg % 360) + 360) % 360;
}

function normalizeRad(a: number): number {
  return Math.atan2(Math.sin(a), Math.cos(a));
}
