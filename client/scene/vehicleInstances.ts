import type { InstancedBufferAttribute, InstancedMesh, Usage } from 'three';
import { FRAME_INTERVAL_MS, type LiveState } from '../state/liveStore';
import { poseAt, type Pose } from '../state/interpolate';
import type { HeightFn } from './drape';
import { writeVehicleColor } from './vehicleColors';
import { spreadParked } from './yardSpread';

const _pose: Pose = { x: 0, y: 0, heading: 0 };
const DEG = Math.PI / 180;

/**
 * Writes the interpolated pose of every live entity of `kind` into the mesh's instance matrices (drawn one
 * frame interval behind `now`), and its colour when the table changed since `lastVersion`. Allocates nothing.
 * Returns the table version the colours now reflect.
 */
export function updateVehicleInstances(
  mesh: InstancedMesh,
  colors: InstancedBufferAttribute,
  live: LiveState,
  kind: number,
  capacity: number,
  heightAt: HeightFn,
  yards: Float32Array,
  lift: number,
  scale: number,
  now: number,
  lastVersion: number,
): number {
  const { table, version } = live;
  const count = Math.min(table.counts[kind]!, capacity);
  const list = table.slots[kind]!;
  const at = now - FRAME_INTERVAL_MS;
  const s = scale;
  const m = mesh.instanceMatrix.array as Float32Array;
  for (let i = 0; i < count; i++) {
    const h = list[i]!;
    poseAt(table.x0[h]!, table.y0[h]!, table.h0[h]!, table.t0[h]!, table.x1[h]!, table.y1[h]!, table.h1[h]!, table.t1[h]!, at, _pose);
    spreadParked(yards, h, _pose);
    // Rotation about +y by −heading turns the nose (−z) towards the heading (clockwise from north).
    const th = -_pose.heading * DEG;
    const c = Math.cos(th) * s;
    const sn = Math.sin(th) * s;
    const o = i * 16;
    m[o] = c; m[o + 1] = 0; m[o + 2] = -sn; m[o + 3] = 0;
    m[o + 4] = 0; m[o + 5] = s; m[o + 6] = 0; m[o + 7] = 0;
    m[o + 8] = sn; m[o + 9] = 0; m[o + 10] = c; m[o + 11] = 0;
    m[o + 12] = _pose.x; m[o + 13] = heightAt(_pose.x, _pose.y) + lift; m[o + 14] = -_pose.y; m[o + 15] = 1;
  }
  mesh.count = count;
  mesh.instanceMatrix.needsUpdate = true;
  // Instances move every frame: the picking sphere is recomputed lazily on the next raycast.
  mesh.boundingSphere = null;
  if (version === lastVersion) return lastVersion;
  const arr = colors.array as Float32Array;
  for (let i = 0; i < count; i++) {
    const h = list[i]!;
    writeVehicleColor(kind, table.state[h]!, table.flags[h]!, table.cargo[h]!, arr, i * 3);
  }
  colors.needsUpdate = true;
  return version;
}

/** Makes `colors` the mesh's instance colour buffer, both updated every frame. */
export function attachInstanceColors(mesh: InstancedMesh, colors: InstancedBufferAttribute, usage: Usage): void {
  mesh.instanceMatrix.setUsage(usage);
  colors.setUsage(usage);
  mesh.instanceColor = colors;
  mesh.count = 0;
}
