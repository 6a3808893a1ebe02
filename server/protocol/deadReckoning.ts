/**
 * Dead reckoning shared by the frame encoder (which mirrors what every viewer believes) and the browser (which
 * draws it). A vehicle's wire state is an anchor: a grid position, the twin time it held there, and a quantised
 * heading and speed. Between updates a viewer extrapolates it in a straight line; the server sends an update
 * only when that extrapolation would drift from the twin by more than DR_THRESHOLD_M. Server and browser must
 * compute bit-identical positions, so the prediction uses only + − × ÷ on exact inputs (IEEE 754 gives every
 * engine the same result) and a unit-vector table rounded to 1/16384 (no engine-dependent sin/cos at run time
 * reaches the result: every entry lies ≥ 0.005 of a step away from a rounding tie).
 */

/** Position grid, metres: ±16 km around the origin fits comfortably in the varints. */
export const POS_QUANTUM_M = 0.25;
export const SPEED_QUANTUM_MPS = 0.2;
export const HEADING_STEPS = 256;
/** Largest distance, metres, between a viewer's extrapolation and the twin at any frame time (viewers that got every frame). */
export const DR_THRESHOLD_M = 0.75;

const UNIT_SCALE = 16_384;
/** East and north components of a unit vector for each heading step (clockwise from north). */
export const UNIT_EAST = new Float64Array(HEADING_STEPS);
export const UNIT_NORTH = new Float64Array(HEADING_STEPS);
for (let i = 0; i < HEADING_STEPS; i++) {
  const a = (i * 2 * Math.PI) / HEADING_STEPS;
  UNIT_EAST[i] = Math.round(Math.sin(a) * UNIT_SCALE) / UNIT_SCALE;
  UNIT_NORTH[i] = Math.round(Math.cos(a) * UNIT_SCALE) / UNIT_SCALE;
}

const clampU8 = (v: number): number => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v));

/** Heading in degrees → step 0–255. */
export const quantHeading = (deg: number): number => Math.round((((deg % 360) + 360) % 360) * (HEADING_STEPS / 360)) & 0xff;
/** Step → degrees in [0, 360). */
export const headingOf = (q: number): number => q * (360 / HEADING_STEPS);
/** Speed in m/s → 0–255 steps of SPEED_QUANTUM_MPS. */
export const quantSpeed = (mps: number): number => clampU8(mps / SPEED_QUANTUM_MPS);
export const speedOf = (q: number): number => q * SPEED_QUANTUM_MPS;
/** Battery 0–1 → 0–255. */
export const quantBattery = (b: number): number => clampU8(b * 255);
/** Metres → grid steps. */
export const toGrid = (m: number): number => Math.round(m / POS_QUANTUM_M);

/** East (x) position in metres at `dtMs` after an anchor at grid `gx` with heading step `hq` and speed step `sq`. */
export function drX(gx: number, hq: number, sq: number, dtMs: number): number {
  return gx * POS_QUANTUM_M + ((sq * SPEED_QUANTUM_MPS * UNIT_EAST[hq]!) * dtMs) / 1000;
}

/** North (y) position in metres, as drX. */
export function drY(gy: number, hq: number, sq: number, dtMs: number): number {
  return gy * POS_QUANTUM_M + ((sq * SPEED_QUANTUM_MPS * UNIT_NORTH[hq]!) * dtMs) / 1000;
}
