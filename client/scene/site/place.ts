import { Matrix4, Quaternion, Vector3 } from 'three';

const m = new Matrix4();
const q = new Quaternion();
const tiltQ = new Quaternion();
const p = new Vector3();
const s = new Vector3();
const UP = new Vector3(0, 1, 0);
const AXIS_Z = new Vector3(0, 0, 1);

/**
 * Where a part of the site goes in the scene: at (x east, y north) local metres, `up` metres above the datum,
 * turned by `yaw` about the vertical (then tipped by `tilt` about its own z axis), scaled to sx × sy × sz. The
 * matrix is shared: use it (setMatrixAt, applyMatrix4) before the next call.
 */
export function placeAt(x: number, y: number, up: number, yaw: number, sx: number, sy: number, sz: number, tilt = 0): Matrix4 {
  q.setFromAxisAngle(UP, yaw);
  if (tilt !== 0) q.multiply(tiltQ.setFromAxisAngle(AXIS_Z, tilt));
  return m.compose(p.set(x, up, -y), q, s.set(sx, sy, sz));
}
