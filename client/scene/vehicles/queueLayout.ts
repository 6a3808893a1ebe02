import { EntityKind, TRUCK_PHASES } from '../../../server/protocol/frameCodec';
import { pointAt, project, type Polyline } from '../../../server/protocol/geo';
import type { EntityTable } from '../../state/entityTable';
import { MAX_HANDLES } from '../../state/entityTable';
import type { SiteGeometry } from '../site/siteGeometry';

/** A yard bay: 4 m wide (a 2.5 m trailer and room to walk), 20 m deep (a 16.5 m rig and its share of the aisle). */
export const BAY_W = 4;
export const BAY_L = 20;
/** Bumper to bumper on the approach road (the simulator's spacing). */
export const ROAD_SPACING_M = 18;
/** A waiting truck this far (m) from every approach road and yard is drawn where it reports itself. */
const NEAR_ROAD_M = 80;
const QUEUED = TRUCK_PHASES.indexOf('queued');

/** One queue: a crossing side's yard, its bays in call order (nearest the gate first), then its approach road. */
export interface QueueLine {
  crossing: string;
  yardId: string;
  yard: { x: number; y: number; half: number };
  /** Bays as x, y, heading triples. */
  bays: Float32Array;
  /** The road from the gate outwards. */
  road: Polyline;
  /** Where the first truck that finds the yard full stands, in metres along the road: just past the pad. */
  roadStart: number;
}

/** Half the side of a square pad holding `capacity` bays of BAY_W × BAY_L. */
export function padHalfFor(capacity: number): number {
  let side = Math.ceil(Math.sqrt(Math.max(1, capacity) * BAY_W * BAY_L));
  while (Math.floor(side / BAY_W) * Math.floor(side / BAY_L) < capacity) side += 2;
  return Math.max(40, side / 2);
}

const _p = { x: 0, y: 0, heading: 0 };

/** The queue lines of every crossing side that has a yard. */
export function queueLines(g: SiteGeometry): QueueLine[] {
  const out: QueueLine[] = [];
  for (const c of g.crossings) {
    const ids = c.item.yards;
    if (!ids) continue;
    for (const [id, road] of [[ids.vn, c.roadVn], [ids.cn, c.roadCn]] as const) {
      const y = g.yards.find((v) => v.item.id === id);
      if (!y) continue;
      const half = y.half;
      const yardAlong = project(road, y.x, y.y).along;
      pointAt(road, yardAlong, _p);
      // Facing the gate: against the road's outward direction.
      const face = (_p.heading + 180) % 360;
      const fx = Math.sin((face * Math.PI) / 180);
      const fy = Math.cos((face * Math.PI) / 180);
      const cols = Math.floor((2 * half) / BAY_W);
      const rows = Math.floor((2 * half) / BAY_L);
      const cells: { x: number; y: number; k: number }[] = [];
      for (let r = 0; r < rows; r++) {
        for (let col = 0; col < cols; col++) {
          const x = y.x - half + BAY_W * (col + 0.5);
          const yy = y.y - half + BAY_L * (r + 0.5);
          cells.push({ x, y: yy, k: -((x - y.x) * fx + (yy - y.y) * fy) });
        }
      }
      cells.sort((a, b) => a.k - b.k || a.x - b.x);
      const n = Math.min(cells.length, y.item.capacity);
      const bays = new Float32Array(n * 3);
      for (let i = 0; i < n; i++) bays.set([cells[i]!.x, cells[i]!.y, face], i * 3);
      let roadStart = yardAlong;
      for (;;) {
        pointAt(road, roadStart, _p);
        if (Math.abs(_p.x - y.x) > half + 8 || Math.abs(_p.y - y.y) > half + 8 || roadStart >= road.length) break;
        roadStart += 5;
      }
      out.push({ crossing: c.item.id, yardId: id, yard: { x: y.x, y: y.y, half }, bays, road, roadStart });
    }
  }
  return out;
}

/** Where each waiting truck is drawn, by handle; rebuilt only when the set or positions of waiting trucks change. */
export interface QueueLayout {
  parked: Uint8Array;
  px: Float32Array;
  py: Float32Array;
  heading: Float32Array;
  /** Handles of the parked trucks (dense, `count` long). */
  handles: Uint16Array;
  count: number;
  /** Bumped whenever a parked pose changed. */
  version: number;
  /** Fingerprint of the waiting set the layout reflects. */
  signature: number;
  /** Per handle: which line it was assigned to (−1 none) at which cached position and distance along. */
  lineOf: Int16Array;
  cacheX: Float32Array;
  cacheY: Float32Array;
  along: Float32Array;
}

/** An empty layout. */
export function createQueueLayout(): QueueLayout {
  const n = MAX_HANDLES;
  return {
    parked: new Uint8Array(n), px: new Float32Array(n), py: new Float32Array(n), heading: new Float32Array(n),
    handles: new Uint16Array(n), count: 0, version: 0, signature: NaN,
    lineOf: new Int16Array(n).fill(-1), cacheX: new Float32Array(n).fill(NaN), cacheY: new Float32Array(n), along: new Float32Array(n),
  };
}

/** A truck waits when it stands still in the queued phase. */
export const isWaiting = (t: EntityTable, h: number): boolean => t.kind[h] === EntityKind.truck && t.state[h] === QUEUED && t.speed[h] === 0;

/** Assigns a truck to the nearest queue line (its yard pad or road) and its distance along that road. */
function assign(lines: readonly QueueLine[], L: QueueLayout, h: number, x: number, y: number): void {
  if (L.cacheX[h] === x && L.cacheY[h] === y) return;
  L.cacheX[h] = x;
  L.cacheY[h] = y;
  let best = NEAR_ROAD_M;
  let line = -1;
  let along = 0;
  for (let i = 0; i < lines.length; i++) {
    const q = lines[i]!;
    if (Math.abs(x - q.yard.x) <= q.yard.half && Math.abs(y - q.yard.y) <= q.yard.half) {
      line = i;
      along = 0;
      break;
    }
    const p = project(q.road, x, y);
    if (p.offset < best) {
      best = p.offset;
      line = i;
      along = p.along < q.roadStart ? 0 : p.along;
    }
  }
  L.lineOf[h] = line;
  L.along[h] = along;
}

let keys = new Float64Array(1024);

/**
 * Lays out the waiting trucks: per queue line, in queue order (those in the yard by arrival, i.e. handle, then
 * those on the road by distance from the gate), the first ones fill the yard's bays and the rest continue back
 * along the approach road, past its modelled end if need be, so no waiting truck is ever hidden under another.
 * Returns true when any parked pose changed.
 */
export function layoutQueues(t: EntityTable, lines: readonly QueueLine[], L: QueueLayout): boolean {
  const list = t.slots[EntityKind.truck]!;
  const n = t.counts[EntityKind.truck]!;
  let sig = 0;
  let waiting = 0;
  for (let s = 0; s < n; s++) {
    const h = list[s]!;
    if (!isWaiting(t, h)) continue;
    waiting++;
    sig = (Math.imul(sig ^ h, 16777619) + Math.imul(t.x1[h]! * 10, 31) + t.y1[h]! * 10) | 0;
  }
  sig = (sig + waiting) | 0;
  if (sig === L.signature) return false;
  L.signature = sig;
  for (let i = 0; i < L.count; i++) L.parked[L.handles[i]!] = 0;
  L.count = 0;
  if (keys.length < waiting) keys = new Float64Array(2 ** Math.ceil(Math.log2(waiting)));
  let k = 0;
  for (let s = 0; s < n; s++) {
    const h = list[s]!;
    if (!isWaiting(t, h)) continue;
    assign(lines, L, h, t.x1[h]!, t.y1[h]!);
    const line = L.lineOf[h]!;
    if (line < 0) continue;
    // Sort key: line, then distance along (0 in the yard, decimetres on the road), then handle.
    keys[k++] = (line * 2_000_000 + Math.round(L.along[h]! * 10)) * 65_536 + h;
  }
  const sorted = keys.subarray(0, k).sort();
  let line = -1;
  let rank = 0;
  for (let i = 0; i < k; i++) {
    const key = sorted[i]!;
    const h = key % 65_536;
    const li = Math.floor(key / 65_536 / 2_000_000);
    if (li !== line) {
      line = li;
      rank = 0;
    }
    place(lines[li]!, rank++, _p);
    L.parked[h] = 1;
    L.px[h] = _p.x;
    L.py[h] = _p.y;
    L.heading[h] = _p.heading;
    L.handles[L.count++] = h;
  }
  L.version++;
  return true;
}

/** Pose of the `rank`-th waiting truck of a line: a bay, or a place on the road beyond the yard. */
export function place(q: QueueLine, rank: number, out: { x: number; y: number; heading: number }): void {
  const bays = q.bays.length / 3;
  if (rank < bays) {
    out.x = q.bays[rank * 3]!;
    out.y = q.bays[rank * 3 + 1]!;
    out.heading = q.bays[rank * 3 + 2]!;
    return;
  }
  const d = q.roadStart + (rank - bays) * ROAD_SPACING_M;
  pointAt(q.road, d, out);
  const beyond = d - q.road.length;
  if (beyond > 0) {
    // Past the modelled road: continue straight along its last direction.
    const a = (out.heading * Math.PI) / 180;
    out.x += Math.sin(a) * beyond;
    out.y += Math.cos(a) * beyond;
  }
  out.heading = (out.heading + 180) % 360;
}
