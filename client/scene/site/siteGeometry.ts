import { localFrame, polyline, toX, toY, type LocalFrame, type Polyline } from '../../../server/protocol/geo';
import type { Corridor, Crossing, Site, Yard } from '../../../server/protocol/site';
import { padHalfFor } from '../vehicles/queueLayout';

/** A site object placed in local metres (x east, y north). */
export interface Placed<T> {
  item: T;
  x: number;
  y: number;
}

/** A crossing with its roads in local metres and the unit vector of travel from Vietnam to China at the gate. */
export interface PlacedCrossing extends Placed<Crossing> {
  roadVn: Polyline;
  roadCn: Polyline;
  dirX: number;
  dirY: number;
}

/** The whole site in local metres, computed once per site. */
export interface SiteGeometry {
  frame: LocalFrame;
  markers: Placed<{ id: string }>[];
  border: Polyline;
  crossings: PlacedCrossing[];
  yards: (Placed<Yard> & { half: number })[];
  corridors: { item: Corridor; line: Polyline }[];
  inspections: Placed<Site['inspections'][number]>[];
  zones: { id: string; crossing: string; line: Polyline }[];
  bounds: { minX: number; maxX: number; minY: number; maxY: number };
}


/** Projects every part of the site into the local metric frame. */
export function siteGeometry(site: Site): SiteGeometry {
  const f = localFrame(site.origin);
  const place = <T extends { lat: number; lon: number }>(item: T): Placed<T> => ({ item, x: toX(f, item.lon), y: toY(f, item.lat) });
  const crossings = site.crossings.map((c): PlacedCrossing => {
    const roadVn = polyline(f, c.roads.vn);
    const roadCn = polyline(f, c.roads.cn);
    const ax = roadVn.xs[Math.min(1, roadVn.xs.length - 1)]!;
    const ay = roadVn.ys[Math.min(1, roadVn.ys.length - 1)]!;
    const bx = roadCn.xs[Math.min(1, roadCn.xs.length - 1)]!;
    const by = roadCn.ys[Math.min(1, roadCn.ys.length - 1)]!;
    const len = Math.hypot(bx - ax, by - ay) || 1;
    return { ...place(c), roadVn, roadCn, dirX: (bx - ax) / len, dirY: (by - ay) / len };
  });
  const g: SiteGeometry = {
    frame: f,
    markers: site.markers.map((m) => place(m)),
    border: polyline(f, site.border.path),
    crossings,
    yards: site.yards.map((y) => ({ ...place(y), half: padHalfFor(y.capacity) })),
    corridors: site.corridors.map((c) => ({ item: c, line: polyline(f, c.path) })),
    inspections: site.inspections.map((i) => place(i)),
    zones: site.zones.map((z) => ({ id: z.id, crossing: z.crossing, line: polyline(f, z.path) })),
    bounds: { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity },
  };
  const grow = (x: number, y: number) => {
    g.bounds.minX = Math.min(g.bounds.minX, x);
    g.bounds.maxX = Math.max(g.bounds.maxX, x);
    g.bounds.minY = Math.min(g.bounds.minY, y);
    g.bounds.maxY = Math.max(g.bounds.maxY, y);
  };
  const growLine = (l: Polyline) => l.xs.forEach((x, i) => grow(x, l.ys[i]!));
  g.markers.forEach((m) => grow(m.x, m.y));
  growLine(g.border);
  crossings.forEach((c) => { growLine(c.roadVn); growLine(c.roadCn); });
  g.yards.forEach((y) => grow(y.x, y.y));
  g.corridors.forEach((c) => growLine(c.line));
  return g;
}

/** The lines the terrain is flattened along: every road and ground corridor (the overhead rail flies). */
export function flatLines(g: SiteGeometry): Polyline[] {
  return [
    ...g.crossings.flatMap((c) => [c.roadVn, c.roadCn]),
    ...g.corridors.filter((c) => c.item.kind !== 'rail').map((c) => c.line),
  ];
}
