import { Color } from 'three';
import { AGV_STATE_CODES, CARGO_CODES, EntityKind, Flag } from '../../../server/protocol/frameCodec';
import { AGV_STATE_COLORS, CARGO_COLORS, PERISHABLE_COLOR, UNKNOWN_CARGO_COLOR } from '../palette';

const toRgb = (css: string): [number, number, number] => {
  const c = new Color(css);
  return [c.r, c.g, c.b];
};
const CARGO_RGB = CARGO_CODES.map((c) => toRgb(CARGO_COLORS[c]));
const AGV_RGB = AGV_STATE_CODES.map((s) => toRgb(AGV_STATE_COLORS[s]));
const PERISHABLE_RGB = toRgb(PERISHABLE_COLOR);
const UNKNOWN_RGB = toRgb(UNKNOWN_CARGO_COLOR);
/** Stale vehicles are drawn at this brightness: still there, visibly not live. */
const STALE_DIM = 0.35;

/** Writes the (linear) colour of one entity into `arr` at `offset`: cargo or perishable for trucks, state for AGVs. */
export function writeVehicleColor(kind: number, state: number, flags: number, cargo: number, arr: Float32Array, offset: number): void {
  let rgb: readonly number[];
  if (kind === EntityKind.truck) rgb = flags & Flag.perishable ? PERISHABLE_RGB : (CARGO_RGB[cargo] ?? UNKNOWN_RGB);
  else rgb = AGV_RGB[state] ?? UNKNOWN_RGB;
  const k = flags & Flag.stale ? STALE_DIM : 1;
  arr[offset] = rgb[0]! * k;
  arr[offset + 1] = rgb[1]! * k;
  arr[offset + 2] = rgb[2]! * k;
}
