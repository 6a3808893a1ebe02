import { emptyRecord, encodeFrame, EntityKind, Flag, type EntityRecord } from '../../server/protocol/frameCodec';
import { localFrame, pointAt, polyline, project, toX, toY, type Polyline } from '../../server/protocol/geo';
import { PROTOCOL_VERSION } from '../../server/protocol/version';
import { applyConfiguration, SiteSchema, type Site } from '../../server/protocol/site';
import { FRAME_INTERVAL_MS, liveStore, receiveFrame } from '../state/liveStore';
import { useUi } from '../state/uiStore';

/** A full keyframe every this many frames (2 s at 10 Hz), as the server does. */
const KEYFRAME_EVERY = 20;
/** Twin time the synthetic day starts at: 10:00 in Vietnam. */
const T0 = Date.UTC(2026, 10, 23, 3, 0, 0);

/** Every road and corridor of the site in local metres: the paths the synthetic vehicles drive. */
export function benchPaths(site: Site): Polyline[] {
  const f = localFrame(site.origin);
  return [...site.crossings.flatMap((c) => [polyline(f, c.roads.vn), polyline(f, c.roads.cn)]), ...site.corridors.map((c) => polyline(f, c.path))];
}

/** Vehicle `i` of the synthetic fleet: kind (1 in 50 an AGV, 1 in 97 a rail shuttle), state, cargo, flags. */
export function benchVehicle(i: number, out: EntityRecord): EntityRecord {
  out.handle = i + 1;
  out.kind = i % 50 === 0 ? EntityKind.agv : i % 97 === 1 ? EntityKind.rail : EntityKind.truck;
  out.cargo = out.kind === EntityKind.truck ? i % 9 : 255;
  out.state = out.kind === EntityKind.truck ? 1 + (i % 3) : i % 6;
  out.flags = (out.kind === EntityKind.truck && (out.cargo === 0 || out.cargo === 2) && i % 3 === 0 ? Flag.perishable : 0) | (i % 4 === 0 ? Flag.export : 0);
  out.battery = out.kind === EntityKind.truck ? 1 : 0.3 + (i % 7) / 10;
  return out;
}

/** Bumper to bumper on the road, as the simulator queues trucks. */
const SPACING_M = 18;

/**
 * `w` trucks standing in the queues, reported exactly as the simulator reports them: per crossing side with a
 * yard, the first `capacity` at the yard's point on the road, the rest 18 m apart back along the road, piled up
 * at its end when the road is too short. Half wait at the first crossing (the congested one), the rest share.
 */
export function benchWaitingTrucks(site: Site, w: number, firstHandle: number): EntityRecord[] {
  const f = localFrame(site.origin);
  const lines = site.crossings.flatMap((c) =>
    c.yards
      ? (['vn', 'cn'] as const).map((side) => {
          const road = polyline(f, c.roads[side]);
          const yard = site.yards.find((y) => y.id === c.yards![side])!;
          return { road, capacity: yard.capacity, along: project(road, toX(f, yard.lon), toY(f, yard.lat)).along };
        })
      : [],
  );
  const out: EntityRecord[] = [];
  const p = { x: 0, y: 0, heading: 0 };
  for (let i = 0; i < w; i++) {
    const li = i < w / 2 ? 0 : 1 + (i % (lines.length - 1));
    const line = lines[li]!;
    const k = li === 0 ? i : Math.floor((i - Math.ceil(w / 2)) / (lines.length - 1));
    const along = k < line.capacity ? line.along : Math.min(line.road.length - 5, line.along + (k - line.capacity + 1) * SPACING_M);
    pointAt(line.road, along, p);
    out.push({ ...emptyRecord(), handle: firstHandle + i, kind: EntityKind.truck, state: 1, cargo: i % 9, x: p.x, y: p.y, heading: (p.heading + 180) % 360, speed: 0 });
  }
  return out;
}

/**
 * Benchmark mode: loads the site model bundled with the client, and feeds the live store with `n` vehicles
 * moving along the roads and corridors at 10 Hz through the real frame codec, with no server. The stream never
 * changes anything React renders, so the only work per animation frame is the scene's.
 */
export async function startBenchFeed(n: number, waiting = 0): Promise<void> {
  const json = (await import('../../assets/site.json')).default as unknown;
  const site = applyConfiguration(SiteSchema.parse(json), 'today');
  const paths = benchPaths(site);
  const recs = Array.from({ length: n }, (_, i) => benchVehicle(i, emptyRecord()));
  const parked = benchWaitingTrucks(site, waiting, n + 1);
  const speeds = Float32Array.from(recs, (_, i) => 4 + ((i * 7) % 11));
  const offsets = Float32Array.from(recs, (_, i) => (i * 137.31) % 10_000);
  const p = { x: 0, y: 0, heading: 0 };
  useUi.setState({
    site,
    hello: { protocolVersion: PROTOCOL_VERSION, mode: 'live', configuration: 'today', role: 'viewer' },
    clock: { twin: T0, local: Date.now(), rate: 1 },
    conn: 'connected',
  });
  const start = performance.now();
  let seq = 0;
  const tick = () => {
    const s = (performance.now() - start) / 1000;
    for (let i = 0; i < n; i++) {
      const line = paths[i % paths.length]!;
      const r = recs[i]!;
      pointAt(line, (offsets[i]! + speeds[i]! * s) % Math.max(1, line.length), p);
      r.x = p.x;
      r.y = p.y;
      r.heading = p.heading;
      r.speed = speeds[i]!;
    }
    const frame = encodeFrame({ keyframe: seq % KEYFRAME_EVERY === 0, seq, time: T0 + s * 1000 }, seq % KEYFRAME_EVERY === 0 ? [...recs, ...parked] : recs, []);
    seq++;
    receiveFrame(liveStore, frame, performance.now());
  };
  tick();
  setInterval(tick, FRAME_INTERVAL_MS);
}
