import { localFrame, polyline, toX, toY, type Kpi, type Side, type Site } from '../protocol';

/** Road length one queued truck takes, metres (a 16 m rig plus the gap to the next). */
export const TRUCK_SPACING_M = 18;

/**
 * Heatmap densities without truck positions: each crossing's queue (exports on the vn side, imports on the cn
 * side) is laid along its zones nearest-first at one truck per TRUCK_SPACING_M; the farthest zone takes any
 * overflow. Density is trucks per 100 m of the zone's road.
 */
export function zoneKpi(site: Site, queueOf: (crossing: string, side: Side) => number): Kpi['zones'] {
  const frame = localFrame(site.origin);
  const gate = new Map(site.crossings.map((c) => [c.id, [toX(frame, c.lon), toY(frame, c.lat)] as const]));
  const zones = site.zones.map((z) => {
    const g = gate.get(z.crossing) ?? [0, 0];
    const start = z.path[0]!;
    return { z, length: polyline(frame, z.path).length, near: Math.hypot(toX(frame, start[1]) - g[0], toY(frame, start[0]) - g[1]) };
  });
  const fill = new Map<string, number>();
  const groups = new Map<string, typeof zones>();
  for (const x of zones) {
    const k = `${x.z.crossing}\u0000${x.z.side}`;
    groups.set(k, [...(groups.get(k) ?? []), x]);
  }
  for (const group of groups.values()) {
    group.sort((a, b) => a.near - b.near);
    let left = queueOf(group[0]!.z.crossing, group[0]!.z.side);
    group.forEach((x, i) => {
      const put = i === group.length - 1 ? left : Math.min(left, Math.floor(x.length / TRUCK_SPACING_M));
      fill.set(x.z.id, put);
      left -= put;
    });
  }
  return zones.map(({ z, length }) => {
    const queue = fill.get(z.id) ?? 0;
    return { zone: z.id, density: length > 0 ? Math.round((queue / (length / 100)) * 100) / 100 : 0, queue };
  });
}
