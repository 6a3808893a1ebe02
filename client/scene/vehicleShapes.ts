import { BoxGeometry, BufferAttribute, type BufferGeometry } from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';

/** A box of size w × h × l whose base sits at y = 0, centred at z, shaded by `shade` (vertex colour). */
function part(w: number, h: number, l: number, z: number, shade: number, y = 0): BufferGeometry {
  const g = new BoxGeometry(w, h, l).translate(0, y + h / 2, z);
  const n = g.getAttribute('position').count;
  g.setAttribute('color', new BufferAttribute(new Float32Array(n * 3).fill(shade), 3));
  return g;
}

/** A tractor-trailer, 16.5 m long, nose towards −z (north when unrotated); the instance colour tints it. */
export function truckShape(): BufferGeometry {
  return mergeGeometries([part(2.5, 3.2, 2.6, -6.6, 0.7), part(2.5, 3.8, 13, 1.3, 1)])!;
}

/** A cab-less autonomous container carrier: low chassis and one 40 ft container. */
export function agvShape(): BufferGeometry {
  return mergeGeometries([part(2.9, 1.1, 13.5, 0, 0.55), part(2.45, 2.6, 12.2, 0, 1, 1.1)])!;
}

/** An overhead-rail shuttle hanging below the rail, with its container. */
export function railShape(): BufferGeometry {
  return mergeGeometries([part(2.2, 0.8, 12, 0, 0.6, -1), part(2.45, 2.6, 12.2, 0, 1, -3.6)])!;
}
