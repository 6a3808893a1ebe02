import type { Pose } from '../state/interpolate';

/** Floats per yard in a spread table: centre x, centre y, half-size, capacity. */
export const YARD_STRIDE = 4;
/** How close (m) to a yard's reported point a vehicle must stand to be parked on the pad instead. */
const AT_POINT_M = 1.5;
const BAY_W = 7;
const BAY_L = 22;

/** Packs yard pads for spreadParked. */
export function yardTable(yards: readonly { x: number; y: number; half: number; capacity: number }[]): Float32Array {
  const t = new Float32Array(yards.length * YARD_STRIDE);
  yards.forEach((y, i) => t.set([y.x, y.y, y.half, y.capacity], i * YARD_STRIDE));
  return t;
}

/**
 * Devices report a parked vehicle at its yard's point, so a full yard would draw as one truck. A vehicle
 * standing on a yard's point is drawn in a bay of the pad chosen by its handle instead (stable across frames).
 * Returns true when the pose was moved.
 */
export function spreadParked(yards: Float32Array, handle: number, pose: Pose): boolean {
  for (let o = 0; o < yards.length; o += YARD_STRIDE) {
    const cx = yards[o]!;
    const cy = yards[o + 1]!;
    if (Math.abs(pose.x - cx) > AT_POINT_M || Math.abs(pose.y - cy) > AT_POINT_M) continue;
    const half = yards[o + 2]!;
    const cols = Math.max(1, Math.floor((2 * half) / BAY_W));
    const rows = Math.max(1, Math.floor((2 * half) / BAY_L));
    // Knuth's multiplicative hash spreads consecutive handles over the pad.
    const bay = Math.imul(handle, 2654435761) >>> 0;
    const col = bay % cols;
    const row = Math.floor(bay / cols) % rows;
    pose.x = cx - half + BAY_W * (col + 0.5);
    pose.y = cy - half + BAY_L * (row + 0.5);
    pose.heading = 0;
    return true;
  }
  return false;
}
