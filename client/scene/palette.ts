import type { CARGO_CODES, AGV_STATE_CODES } from '../../server/protocol/frameCodec';

/** Truck colours by cargo (index = CARGO_CODES); muted, so the perishable colour stands out. */
export const CARGO_COLORS: Record<(typeof CARGO_CODES)[number], string> = {
  fruit: '#e0b040',
  agri: '#8fbf4f',
  fishery: '#4fb3bf',
  electronics: '#5b8def',
  machinery: '#9a9aa8',
  cars: '#d9d9e0',
  chemicals: '#c7a6e8',
  fabric: '#e39ac0',
  general: '#b59a7a',
};
/** Perishable loads (fruit, fishery…) whatever their cargo: hot and saturated. */
export const PERISHABLE_COLOR = '#ff3b1f';
/** A truck whose cargo is unknown. */
export const UNKNOWN_CARGO_COLOR = '#b0b0b0';

/** AGV colours by state (index = AGV_STATE_CODES). */
export const AGV_STATE_COLORS: Record<(typeof AGV_STATE_CODES)[number], string> = {
  idle: '#a0aab8',
  'to-pickup': '#5ad1fa',
  loaded: '#30d158',
  unloading: '#ffd60a',
  charging: '#bf5af2',
  fault: '#ff2d55',
};

/** Colour stops of the congestion scale, vehicles per 100 m of road; ≥ the last stop is the last colour. */
export const HEAT_STOPS: readonly { at: number; color: [number, number, number] }[] = [
  { at: 0, color: [0.1, 0.6, 0.31] },
  { at: 1.5, color: [0.57, 0.81, 0.38] },
  { at: 3, color: [1.0, 0.85, 0.3] },
  { at: 4.5, color: [0.99, 0.55, 0.23] },
  { at: 6, color: [0.84, 0.15, 0.15] },
];
/** The top of the fixed scale (vehicles per 100 m). */
export const HEAT_MAX = 6;

/** Colour of a density on the fixed scale (linear RGB components 0–1), written into `out`. */
export function densityColor(density: number, out: [number, number, number]): [number, number, number] {
  const d = Number.isFinite(density) ? Math.max(0, density) : 0;
  let i = 1;
  while (i < HEAT_STOPS.length - 1 && HEAT_STOPS[i]!.at < d) i++;
  const a = HEAT_STOPS[i - 1]!;
  const b = HEAT_STOPS[i]!;
  const t = Math.min(1, Math.max(0, (d - a.at) / (b.at - a.at)));
  for (let k = 0; k < 3; k++) out[k] = a.color[k]! + (b.color[k]! - a.color[k]!) * t;
  return out;
}

/** CSS colour of a density, for the legend. */
export function densityCss(density: number): string {
  const c = densityColor(density, [0, 0, 0]);
  return `rgb(${c.map((v) => Math.round(v * 255)).join(',')})`;
}

/** Lane strip colours by direction. */
export const LANE_COLORS = { export: '#f0a020', import: '#3aa0ff', reversible: '#b070ff', closed: '#555a60', passenger: '#e8e8e8' } as const;

/** Chart colours of the freight crossings (by their order in the site), distinct from the heat scale. */
export const CROSSING_COLORS = ['#ffb020', '#bf5af2', '#5ad1fa', '#7cff6b', '#ff8fab'] as const;
/** Target lines: 2027 and 2030. */
export const TARGET_COLORS = { t2027: '#19e3ff', t2030: '#ff6bd6' } as const;
