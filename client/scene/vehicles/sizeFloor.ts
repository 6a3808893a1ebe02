import { sky } from '../sky/daylight';
import { POSE_DECLARATIONS, POSE_MAIN } from './vehiclePose';
import { type InstancedMesh, type Intersection, MeshLambertMaterial, type PerspectiveCamera, type Raycaster, Vector2, Vector3 } from 'three';

/** Smallest on-screen width and length (CSS px) of any vehicle: visible from across the control room. */
export const MIN_WIDTH_PX = 7;
export const MIN_LENGTH_PX = 16;

/**
 * Per-metre-of-depth scale factors of the size floor, shared by all vehicle materials: a vehicle at view depth d
 * is drawn max(1, d·k) times its size, so its width never falls under MIN_WIDTH_PX. Set once per frame from the
 * camera (one multiply per vehicle, done in the vertex shader: the CPU touches no instance for it).
 */
export const floor = { perPx: 0.001, height: 1 };

/** Updates the floor from the camera's field of view and the canvas height (CSS px). */
export function updateFloor(camera: PerspectiveCamera, heightPx: number): void {
  floor.perPx = (2 * Math.tan((camera.fov * Math.PI) / 360)) / Math.max(1, heightPx);
  floor.height = heightPx;
}

/** How many times its size a vehicle of width × length is drawn at view depth d (width and length factors). */
export function floorScale(d: number, width: number, length: number, out: Vector2): Vector2 {
  return out.set(Math.max(1, (d * floor.perPx * MIN_WIDTH_PX) / width), Math.max(1, (d * floor.perPx * MIN_LENGTH_PX) / length));
}

/** Share of its colour a vehicle shows by itself at full night. */
const NIGHT_GLOW = 0.45;

/**
 * A Lambert material with vertex and instance colours whose vertex shader poses each instance from its segment
 * at the time in `clock` (see vehiclePose.ts) and applies the size floor: the model is widened (x, y) and
 * lengthened (z) by the factors for its instance's view depth before the instance transform.
 */
export function sizeFloorMaterial(width: number, length: number, clock: { now: number }): MeshLambertMaterial {
  const m = new MeshLambertMaterial({ vertexColors: true, color: '#ffffff' });
  const uFloor = { value: new Vector2() };
  const uGlow = { value: 0 };
  const uPoseNow = { value: 0 };
  m.onBeforeCompile = (shader) => {
    shader.uniforms.uFloor = uFloor;
    shader.uniforms.uGlow = uGlow;
    shader.uniforms.uPoseNow = uPoseNow;
    // At night vehicles keep part of their colour as if under the yards' and lanes' lights (legible from 5 m).
    shader.fragmentShader = shader.fragmentShader
      .replace('#include <common>', '#include <common>\nuniform float uGlow;')
      .replace('#include <emissivemap_fragment>', '#include <emissivemap_fragment>\n  totalEmissiveRadiance += diffuseColor.rgb * uGlow;');
    shader.vertexShader = shader.vertexShader
      .replace('#include <common>', `#include <common>\nuniform vec2 uFloor;\n${POSE_DECLARATIONS}`)
      .replace('void main() {', POSE_MAIN)
      .replace(
        '#include <project_vertex>',
        `#ifdef USE_INSTANCING
  float gtDepth = max(0.0, -(modelViewMatrix * instanceMatrix * vec4(0.0, 0.0, 0.0, 1.0)).z);
  float gtW = max(1.0, gtDepth * uFloor.x);
  transformed *= vec3(gtW, gtW, max(1.0, gtDepth * uFloor.y));
#endif
#include <project_vertex>`,
      );
  };
  m.onBeforeRender = () => {
    uFloor.value.set((floor.perPx * MIN_WIDTH_PX) / width, (floor.perPx * MIN_LENGTH_PX) / length);
    uGlow.value = NIGHT_GLOW * sky.night;
    uPoseNow.value = clock.now;
  };
  m.customProgramCacheKey = () => 'gatetwin-vehicle-pose';
  return m;
}

const _c = new Vector3();
const _q = new Vector3();
const _s = new Vector2();

/**
 * Ray picking that matches what is drawn: each instance is hit where its floored footprint (not its life-size
 * mesh) lies under the ray. Reads the CPU copies of the instance matrices (the caller brings them up to date).
 * Reports `instanceId` as three.js does, nearest first.
 */
export function floorRaycast(mesh: InstancedMesh, width: number, length: number, raycaster: Raycaster, hits: Intersection[]): void {
  const ray = raycaster.ray;
  const m = mesh.instanceMatrix.array as Float32Array;
  let best = Infinity;
  let bestId = -1;
  for (let i = 0; i < mesh.count; i++) {
    const o = i * 16;
    _c.set(m[o + 12]!, m[o + 13]! + 1.5, m[o + 14]!);
    const along = _q.copy(_c).sub(ray.origin).dot(ray.direction);
    if (along <= 0) continue;
    floorScale(along, width, length, _s);
    ray.at(along, _q).sub(_c);
    // Into the instance's frame: its matrix's x and z columns (rotation only, no scale).
    const lx = _q.x * m[o]! + _q.z * m[o + 2]!;
    const lz = _q.x * m[o + 8]! + _q.z * m[o + 10]!;
    if (Math.abs(lx) > (width / 2) * _s.x + 1 || Math.abs(lz) > (length / 2) * _s.y + 1 || Math.abs(_q.y) > 4 * _s.x) continue;
    if (along < best) {
      best = along;
      bestId = i;
    }
  }
  if (bestId < 0) return;
  hits.push({ distance: best, point: ray.at(best, new Vector3()), object: mesh, instanceId: bestId });
}
