/**
 * Vehicle poses on the GPU. Each instance carries its drawing segment as instance attributes: start and end in
 * three.js coordinates (x, ground height + lift, −y) with their local times (ms after the draw's epoch, float32),
 * and the start and end headings (degrees). The vertex shader interpolates them at the frame's time exactly as
 * `poseAt` does on the CPU, so the CPU writes an instance only when the stream gives it a new segment, never per
 * frame. `segmentMatrix` is the shader's arithmetic in TypeScript: picking, the debug hook and tests read it.
 */

/** Floats per instance of the start (and of the end) attribute: x, height, −y, time. */
export const SEG_SIZE = 4;
/** Floats per instance of the heading attribute: start, end. */
export const HEAD_SIZE = 2;
/** Segment times are stored relative to an epoch, rebased after this long (ms), so float32 keeps 0.1 ms steps. */
export const EPOCH_SPAN_MS = 2 ** 20;

/** Vertex shader declarations: the instance attributes, the frame's time, and the pose that replaces `instanceMatrix`. */
export const POSE_DECLARATIONS = `#ifdef USE_INSTANCING
attribute vec4 gtSegA;
attribute vec4 gtSegB;
attribute vec2 gtHead;
uniform float uPoseNow;
mat4 gtInstance;
// Every chunk after this one (normals, position, the size floor) transforms by the interpolated pose.
#define instanceMatrix gtInstance
void gtPose() {
  float span = gtSegB.w - gtSegA.w;
  float a = span > 0.0 ? clamp((uPoseNow - gtSegA.w) / span, 0.0, 1.0) : 1.0;
  vec3 p = gtSegA.xyz + (gtSegB.xyz - gtSegA.xyz) * a;
  // The shorter arc between the two headings, as lerpHeading turns.
  float d = mod(gtHead.y - gtHead.x + 540.0, 360.0) - 180.0;
  if (d == -180.0) d = 180.0;
  float th = -radians(gtHead.x + d * a);
  float c = cos(th);
  float s = sin(th);
  gtInstance = mat4(c, 0.0, -s, 0.0, 0.0, 1.0, 0.0, 0.0, s, 0.0, c, 0.0, p.x, p.y, p.z, 1.0);
}
#endif`;

/** The start of the vertex shader's main: the pose is computed before any chunk reads it. */
export const POSE_MAIN = `void main() {
#ifdef USE_INSTANCING
  gtPose();
#endif`;

const DEG = Math.PI / 180;

/**
 * The matrix the vertex shader draws instance `i` with at `now` (ms after the epoch), from the attribute arrays,
 * written as 16 floats at `out[o]` (column-major, as three.js stores instance matrices).
 */
export function segmentMatrix(segA: ArrayLike<number>, segB: ArrayLike<number>, head: ArrayLike<number>, i: number, now: number, out: Float32Array | number[], o: number): void {
  const s = i * SEG_SIZE;
  const span = segB[s + 3]! - segA[s + 3]!;
  const a = span > 0 ? Math.min(1, Math.max(0, (now - segA[s + 3]!) / span)) : 1;
  const h0 = head[i * HEAD_SIZE]!;
  const h1 = head[i * HEAD_SIZE + 1]!;
  // GLSL's mod is floored: x − y·floor(x/y).
  const x = h1 - h0 + 540;
  let d = x - 360 * Math.floor(x / 360) - 180;
  if (d === -180) d = 180;
  const th = -(h0 + d * a) * DEG;
  const c = Math.cos(th);
  const sn = Math.sin(th);
  out[o] = c; out[o + 1] = 0; out[o + 2] = -sn; out[o + 3] = 0;
  out[o + 4] = 0; out[o + 5] = 1; out[o + 6] = 0; out[o + 7] = 0;
  out[o + 8] = sn; out[o + 9] = 0; out[o + 10] = c; out[o + 11] = 0;
  out[o + 12] = segA[s]! + (segB[s]! - segA[s]!) * a;
  out[o + 13] = segA[s + 1]! + (segB[s + 1]! - segA[s + 1]!) * a;
  out[o + 14] = segA[s + 2]! + (segB[s + 2]! - segA[s + 2]!) * a;
  out[o + 15] = 1;
}
