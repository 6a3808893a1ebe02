import { CROSSING_MODES, type Cargo, type CrossingMode, type CrossingRule, type CrossingRules, type ModeMix } from '../protocol';

/**
 * What one way of crossing costs a truck: hours of handling in the border zone after clearance, what the
 * handling costs, how many of those hours move cargo between vehicles, and the lane time it needs relative to a
 * truck lane's nominal service. `source` names the domain.md line each figure comes from; `approx` marks the
 * figures no source gives (plausible values, said so in the README).
 */
export interface ModeSpec {
  mode: CrossingMode;
  handlingH: readonly [number, number];
  costCny: readonly [number, number];
  /** Share of the handling hours spent moving cargo between vehicles. */
  transloadShare: number;
  /** Lane service in seconds, replacing the lane's own (the AGV's smart gate), or undefined to keep it. */
  laneS?: number;
  /** Multiplies the lane's service time (a drive-through driver is checked as well as the truck). */
  laneFactor: number;
  source: string;
  approx: boolean;
}

/** Youyiguan smart gate: a truck (or AGV container) released in ~30 s (domain.md §2 "Clearance"). */
export const SMART_GATE_S = 30;
/** The two-way pilot: a truck returns loaded within 36 h of entering the other country's yard (domain.md §2). */
export const TWO_WAY_MAX_STAY_H = 36;

export const MODE_SPECS: ReadonlyMap<CrossingMode, ModeSpec> = new Map<CrossingMode, ModeSpec>([
  ['cross-load', { mode: 'cross-load', handlingH: [20, 28], costCny: [800, 1000], transloadShare: 1, laneFactor: 1, source: 'domain.md §2 Ways cargo crosses: cross-loading ~1 day, 800–1,000 CNY', approx: false }],
  ['tractor-swap', { mode: 'tractor-swap', handlingH: [1, 3], costCny: [300, 500], transloadShare: 0, laneFactor: 1, source: 'domain.md §2 Ways cargo crosses: tractor swap (no time or cost published)', approx: true }],
  ['drive-through', { mode: 'drive-through', handlingH: [0.25, 0.75], costCny: [0, 150], transloadShare: 0, laneFactor: 1.1, source: 'domain.md §2 Ways cargo crosses: two-way pilot, ≤ 36 h in the other yard', approx: true }],
  ['agv-transfer', { mode: 'agv-transfer', handlingH: [0.6, 1.2], costCny: [250, 400], transloadShare: 0.3, laneS: SMART_GATE_S, laneFactor: 1, source: 'domain.md §3 Ganqimaodu round trip ~50 min; §2 smart gate ~30 s', approx: true }],
]);

/** The spec of a mode (every mode has one). */
export const modeSpec = (mode: CrossingMode): ModeSpec => MODE_SPECS.get(mode)!;

// Containers the AGV pilots carry: single-product containers of electronics, machinery, agricultural products (§2).
const AGV_CARGO: ReadonlySet<Cargo> = new Set<Cargo>(['electronics', 'machinery', 'agri']);

/** The levers that change which modes are open: per crossing third-country drive-through, the pilot, a mix. */
export interface CrossingLevers {
  thirdCountry?: ReadonlyMap<string, boolean>;
  twoWayPilot?: boolean;
  modeMix?: ModeMix;
}

/** The crossing rules a run plays under: one configuration's rules with the levers applied. */
export interface CrossingSetup {
  rules: ReadonlyMap<string, CrossingRule>;
  twoWayPilot: boolean;
  /** Corridors with AGVs (or rail) running, by crossing: AGV transfer needs one. */
  agvCrossings: ReadonlySet<string>;
  /** Whether a quality inspection centre checks perishables (engine/inspection.ts). */
  inspectionCentre: boolean;
}

/** Builds a run's setup from the rules file, a configuration and the levers. */
export function crossingSetup(
  all: CrossingRules,
  configuration: string,
  opts: { levers?: CrossingLevers; agvCrossings?: Iterable<string>; inspectionCentre?: boolean } = {},
): CrossingSetup {
  const own = all.configurations[configuration] ?? all.configurations.today;
  if (!own) throw new Error(`no crossing rules for configuration ${configuration}`);
  const levers = opts.levers ?? {};
  const rules = new Map<string, CrossingRule>();
  for (const [id, rule] of Object.entries(own)) {
    const allowed = levers.thirdCountry?.get(id);
    rules.set(id, { ...rule, ...(allowed !== undefined ? { thirdCountryAllowed: allowed } : {}), ...(levers.modeMix ? { mix: levers.modeMix } : {}) });
  }
  return { rules, twoWayPilot: levers.twoWayPilot ?? all.twoWayPilot, agvCrossings: new Set(opts.agvCrossings ?? []), inspectionCentre: opts.inspectionCentre ?? false };
}

/** The modes open to one truck: its crossing's modes, less drive-through when neither the pilot nor (for a third-country vehicle) the crossing allows it, less AGV transfer for cargo the AGVs do not carry or where no AGV runs. */
export function allowedModes(setup: CrossingSetup, t: { crossing: string; cargo: Cargo; thirdCountry: boolean }): CrossingMode[] {
  const rule = setup.rules.get(t.crossing);
  if (!rule) return ['cross-load'];
  return rule.modes.filter((m) => {
    if (m === 'drive-through') return t.thirdCountry ? rule.thirdCountryAllowed : setup.twoWayPilot;
    // A third-country truck has no tractor or container slot on the other side: only cross-loading or driving through.
    if (t.thirdCountry && m !== 'cross-load') return false;
    if (m === 'agv-transfer') return AGV_CARGO.has(t.cargo) && setup.agvCrossings.has(t.crossing);
    return true;
  });
}

/**
 * Draws a truck's mode from its crossing's mix, renormalised over the modes open to it; `u` is uniform in [0, 1).
 * A truck with no open mode in the mix cross-loads (always possible).
 */
export function drawMode(setup: CrossingSetup, t: { crossing: string; cargo: Cargo; thirdCountry: boolean }, u: number): CrossingMode {
  const open = allowedModes(setup, t);
  const mix = setup.rules.get(t.crossing)?.mix ?? {};
  // A third-country truck allowed through drives through; otherwise its only way is cross-loading.
  if (t.thirdCountry) return open.includes('drive-through') ? 'drive-through' : 'cross-load';
  const weights = open.map((m) => Math.max(0, mixWeight(mix, m)));
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return open.includes('cross-load') ? 'cross-load' : (open[0] ?? 'cross-load');
  let r = u * total;
  for (let i = 0; i < open.length; i++) {
    r -= weights[i]!;
    if (r < 0) return open[i]!;
  }
  return open[open.length - 1]!;
}

/** Whether a truck of the crossing is a third-country vehicle, from its share; `u` uniform in [0, 1). */
export function drawThirdCountry(setup: CrossingSetup, crossing: string, u: number): boolean {
  return u < (setup.rules.get(crossing)?.thirdCountryShare ?? 0);
}

function mixWeight(mix: ModeMix, m: CrossingMode): number {
  switch (m) {
    case 'cross-load':
      return mix['cross-load'] ?? 0;
    case 'tractor-swap':
      return mix['tractor-swap'] ?? 0;
    case 'drive-through':
      return mix['drive-through'] ?? 0;
    case 'agv-transfer':
      return mix['agv-transfer'] ?? 0;
  }
}

/** Plant-quarantine sampling at the vehicle in the lane when no inspection centre takes it off the lane (approx). */
export const IN_LANE_SAMPLE_S = 60;

/** A truck's time in its lane: the lane's service, changed by its mode, plus sampling at the vehicle for perishables without a centre. */
export function laneServiceS(baseS: number, t: { mode?: CrossingMode | undefined; perishable: boolean }, setup: CrossingSetup): number {
  const spec = t.mode ? modeSpec(t.mode) : undefined;
  const own = spec?.laneS ?? baseS * (spec?.laneFactor ?? 1);
  return own + (t.perishable && !setup.inspectionCentre && t.mode !== 'agv-transfer' ? IN_LANE_SAMPLE_S : 0);
}

/** Uniform in [0, 1) from a truck id and a salt: per-truck draws that do not depend on the order trucks are seen in. */
export function unitHash(id: string, salt: string): number {
  let h = 0x811c9dc5;
  const s = `${salt}|${id}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}

/** Every mode, in the order the UI and reports list them. */
export const MODES_IN_ORDER: readonly CrossingMode[] = CROSSING_MODES;
