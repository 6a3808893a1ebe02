import { BoxGeometry, BufferAttribute, type BufferGeometry } from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';

/**
 * Low-poly vehicle models, nose towards −z, base at y = 0, width along x, length along z. Parts carry a grey
 * shade as vertex colour, which the instance colour (cargo or state) tints: dark tyres and chassis, a lighter
 * cab, the load in full colour. `width` and `length` feed the screen-space size floor and picking.
 */
export interface VehicleModel {
  name: string;
  geometry: BufferGeometry;
  width: number;
  length: number;
  height: number;
}

const shade = (g: BufferGeometry, s: number): BufferGeometry => {
  const n = g.getAttribute('position').count;
  g.setAttribute('color', new BufferAttribute(new Float32Array(n * 3).fill(s), 3));
  // Merged parts must share the same attribute set: drop uvs, which none of our materials use.
  g.deleteAttribute('uv');
  return g;
};

/** A box of w × h × l, base at y, centred at z, with a shade. */
const box = (w: number, h: number, l: number, z: number, s: number, y = 0): BufferGeometry => shade(new BoxGeometry(w, h, l).translate(0, y + h / 2, z), s);

/** A pair of tyres (one axle) at z: one dark block across the vehicle (a dozen triangles; 5,000 of them are drawn). */
const axle = (width: number, z: number, r = 0.5): BufferGeometry => box(width, 2 * r, 1.8 * r, z, 0.12);

/** A tractor unit: chassis, cab with a raised roof, tyres; its front is at z = front. */
function tractor(front: number): BufferGeometry[] {
  return [
    box(2.4, 0.5, 5.6, front + 2.8, 0.25, 0.7),
    box(2.5, 2.3, 2.2, front + 1.1, 0.78, 1.2),
    box(2.3, 0.6, 1.6, front + 1.3, 0.65, 3.5),
    box(2.4, 0.25, 0.15, front + 0.05, 0.95, 1.6),
    axle(2.5, front + 1.4),
    axle(2.5, front + 4.6),
  ];
}

const merge = (parts: BufferGeometry[]): BufferGeometry => {
  const g = mergeGeometries(parts)!;
  parts.forEach((p) => p.dispose());
  return g;
};

/** Tractor with a 40 ft container on a skeletal trailer: the common export truck. */
export function containerTruck(): VehicleModel {
  return {
    name: 'container',
    width: 2.5,
    length: 16.5,
    height: 4,
    geometry: merge([...tractor(-8.25), box(2.3, 0.35, 12.4, 1.9, 0.25, 1.0), box(2.45, 2.6, 12.2, 1.9, 1, 1.35), axle(2.5, 5.8), axle(2.5, 7.0)]),
  };
}

/** Reefer: a box trailer with the refrigeration unit on its front face (fruit, fishery, perishable loads). */
export function reeferTruck(): VehicleModel {
  return {
    name: 'reefer',
    width: 2.5,
    length: 16.5,
    height: 4,
    geometry: merge([...tractor(-8.25), box(2.5, 2.8, 12.6, 1.9, 1, 1.2), box(1.8, 1.2, 0.6, -4.6, 0.45, 2.6), box(2.52, 0.2, 12.6, 1.9, 0.8, 4.0), axle(2.5, 5.8), axle(2.5, 7.0)]),
  };
}

/** Car transporter: two open decks of small cars behind the cab (cars). */
export function carTransporter(): VehicleModel {
  const cars: BufferGeometry[] = [];
  for (let i = 0; i < 3; i++) {
    const z = -2.2 + i * 4.2;
    cars.push(box(1.8, 1.0, 3.6, z, 1, 1.3), box(1.6, 0.6, 1.8, z + 0.3, 0.85, 2.3));
    cars.push(box(1.8, 1.0, 3.6, z + 0.8, 1, 3.2), box(1.6, 0.6, 1.8, z + 1.1, 0.85, 4.2));
  }
  return {
    name: 'cars',
    width: 2.5,
    length: 16.5,
    height: 4,
    geometry: merge([...tractor(-8.25), box(2.5, 0.25, 12.4, 1.9, 0.3, 1.05), box(2.5, 0.2, 12.4, 2.3, 0.3, 3.0), box(0.2, 2.2, 0.2, -4.1, 0.3, 1.1), box(0.2, 2.2, 0.2, 8.0, 0.3, 1.1), ...cars, axle(2.5, 5.8), axle(2.5, 7.0)]),
  };
}

/** Flatbed with a machine strapped on (machinery, general heavy goods). */
export function flatbedTruck(): VehicleModel {
  return {
    name: 'flatbed',
    width: 2.5,
    length: 16.5,
    height: 4,
    geometry: merge([...tractor(-8.25), box(2.5, 0.4, 12.4, 1.9, 0.35, 1.0), box(2.2, 1.8, 5.5, 0.6, 1, 1.4), box(1.4, 1.0, 2.4, 4.8, 0.8, 1.4), axle(2.5, 5.8), axle(2.5, 7.0)]),
  };
}

/** The autonomous container carrier: flat chassis with no cab, light bars at both ends, one container. */
export function agvCarrier(): VehicleModel {
  return {
    name: 'agv',
    width: 3.0,
    length: 14.8,
    height: 4,
    geometry: merge([box(3.0, 1.0, 14.8, 0, 0.3, 0.35), box(3.05, 0.3, 0.4, -7.2, 1, 1.35), box(3.05, 0.3, 0.4, 7.2, 0.6, 1.35), box(2.45, 2.6, 12.2, 0, 1, 1.35), axle(3.0, -5.2, 0.45), axle(3.0, 5.2, 0.45)]),
  };
}

/** An overhead-rail shuttle hanging below its rail, carrying a container. */
export function railShuttle(): VehicleModel {
  return { name: 'rail', width: 2.5, length: 12.2, height: 3.4, geometry: merge([box(2.2, 0.8, 12, 0, 0.5, -1), box(2.45, 2.6, 12.2, 0, 1, -3.6)]) };
}
