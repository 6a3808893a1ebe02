import type { Cargo, CrossingFigures, CrossingMode, TruckMessage } from '../protocol';
import { drawMode, drawThirdCountry, modeSpec, MODES_IN_ORDER, TWO_WAY_MAX_STAY_H, unitHash, type CrossingSetup } from './crossingModes';
import { inspect, inspectionConfig, serveQueue } from './inspection';

/** One truck as the ledger follows it from its messages. */
export interface LedgerTruck {
  id: string;
  crossing: string;
  cargo: Cargo;
  perishable: boolean;
  mode?: CrossingMode;
  thirdCountry?: boolean;
  queuedAt?: number;
  enteredLaneAt?: number;
  crossedAt?: number;
}

/**
 * Follows trucks through their messages (arrived → entered-lane → crossed) with the crossing fields of protocol
 * revision 2; `figures` then plans the cross-loading bays and inspection and prices each crossing.
 */
export class CrossingLedger {
  readonly trucks = new Map<string, LedgerTruck>();

  /** A truck already queued when the span starts (from a keyframe). */
  seed(t: Omit<LedgerTruck, 'queuedAt'>, queuedAt: number): void {
    if (!this.trucks.has(t.id)) this.trucks.set(t.id, { ...t, queuedAt });
  }

  observe(m: TruckMessage): void {
    let t = this.trucks.get(m.id);
    if (!t) this.trucks.set(m.id, (t = { id: m.id, crossing: m.crossing, cargo: m.cargo, perishable: m.perishable }));
    if (m.mode !== undefined) t.mode = m.mode;
    if (m.thirdCountry !== undefined) t.thirdCountry = m.thirdCountry;
    if (m.event === 'arrived' && t.queuedAt === undefined) t.queuedAt = m.ts;
    else if (m.event === 'entered-lane' && t.enteredLaneAt === undefined) t.enteredLaneAt = m.ts;
    else if (m.event === 'crossed' && t.crossedAt === undefined) t.crossedAt = m.ts;
  }

  /** The crossing figures of the trucks that crossed in [start, end). */
  figures(setup: CrossingSetup, start: number, end: number): CrossingFigures {
    return crossingFigures([...this.trucks.values()], setup, start, end);
  }
}

interface Priced {
  t: Required<Pick<LedgerTruck, 'queuedAt' | 'enteredLaneAt' | 'crossedAt'>> & LedgerTruck;
  mode: CrossingMode;
  third: boolean;
  handlingMs: number;
  bayWaitMs: number;
  inspectH: number;
  costCny: number;
  transloadH: number;
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const r2 = (x: number) => Math.round(x * 100) / 100;
const lerp = (r: readonly [number, number], u: number) => r[0] + (r[1] - r[0]) * u;

/**
 * Time in zone, transload hours and cost of the trucks that crossed in [start, end). A truck whose messages do not
 * say its mode (an older device, a recorded day) gets one drawn from its crossing's rules by its id, so the same
 * truck always gets the same mode. Cross-loading waits for a bay at its crossing's yard; perishables go through
 * sampling and, for some, a lab check.
 */
export function crossingFigures(all: readonly LedgerTruck[], setup: CrossingSetup, start: number, end: number): CrossingFigures {
  const crossed = all
    .filter((t): t is Priced['t'] => t.queuedAt !== undefined && t.enteredLaneAt !== undefined && t.crossedAt !== undefined && t.crossedAt >= start && t.crossedAt < end)
    .sort((a, b) => a.crossedAt - b.crossedAt || (a.id < b.id ? -1 : 1));
  const priced: Priced[] = crossed.map((t) => {
    const third = t.thirdCountry ?? drawThirdCountry(setup, t.crossing, unitHash(t.id, 'third'));
    const mode = t.mode ?? drawMode(setup, { crossing: t.crossing, cargo: t.cargo, thirdCountry: third }, unitHash(t.id, 'mode'));
    const spec = modeSpec(mode);
    const handlingH = lerp(spec.handlingH, unitHash(t.id, 'handling'));
    return { t, mode, third, handlingMs: handlingH * 3_600_000, bayWaitMs: 0, inspectH: 0, costCny: lerp(spec.costCny, unitHash(t.id, 'cost')), transloadH: handlingH * spec.transloadShare };
  });
  planBays(priced, setup);
  const perishable = priced.filter((p) => p.t.perishable);
  const cfg = inspectionConfig(setup.inspectionCentre);
  const outcomes = inspect(
    perishable.map((p) => ({ queuedAt: p.t.queuedAt, enteredLaneAt: p.t.enteredLaneAt, uSample: unitHash(p.t.id, 'sample'), uLab: unitHash(p.t.id, 'lab'), uLabTime: unitHash(p.t.id, 'labTime') })),
    cfg,
  );
  outcomes.forEach((o, i) => (perishable[i]!.inspectH = o.addedH));
  const inZone = (p: Priced) => (p.t.crossedAt - p.t.queuedAt + p.bayWaitMs + p.handlingMs) / 3_600_000 + p.inspectH;
  const times = priced.map(inZone).sort((a, b) => a - b);
  const transload = priced.reduce((s, p) => s + p.transloadH, 0);
  const cost = priced.reduce((s, p) => s + p.costCny, 0);
  const crossLoad = priced.filter((p) => p.mode === 'cross-load');
  const drive = priced.filter((p) => p.mode === 'drive-through');
  const labbed = outcomes.filter((o) => o.lab);
  return {
    trucks: priced.length,
    timeInZoneMeanH: r2(mean(times)),
    timeInZoneP95H: r2(times.length ? times[Math.min(times.length - 1, Math.ceil(0.95 * times.length) - 1)]! : 0),
    transloadHours: Math.round(transload),
    transloadHoursPerTruck: r2(priced.length ? transload / priced.length : 0),
    costPerTruckCny: Math.round(priced.length ? cost / priced.length : 0),
    costTotalCny: Math.round(cost),
    bayWaitMeanH: r2(mean(crossLoad.map((p) => p.bayWaitMs / 3_600_000))),
    byMode: MODES_IN_ORDER.map((mode) => {
      const ps = priced.filter((p) => p.mode === mode);
      return { mode, trucks: ps.length, timeInZoneMeanH: r2(mean(ps.map(inZone))), costPerTruckCny: Math.round(mean(ps.map((p) => p.costCny))) };
    }),
    thirdCountry: { trucks: priced.filter((p) => p.third).length, droveThrough: priced.filter((p) => p.third && p.mode === 'drive-through').length },
    inspection: {
      sampled: perishable.length,
      sampleWaitMeanMin: r2(mean(outcomes.map((o) => o.sampleWaitMin))),
      labChecks: labbed.length,
      labMeanH: r2(mean(labbed.map((o) => o.labH))),
      centre: setup.inspectionCentre,
    },
    twoWayStayMaxH: r2(Math.max(0, ...drive.map((p) => twoWayStayH(p.t.id)))),
  };
}

/** A drive-through truck's stay in the other country's yard before it returns loaded: 12 h to the pilot's limit. */
export function twoWayStayH(id: string): number {
  return 12 + (TWO_WAY_MAX_STAY_H - 12) * unitHash(id, 'stay');
}

/** Cross-loading takes a bay at the crossing's named yard for its handling time; trucks wait for a free bay. */
function planBays(priced: Priced[], setup: CrossingSetup): void {
  const byYard = new Map<string, { bays: number; jobs: Priced[] }>();
  for (const p of priced) {
    if (p.mode !== 'cross-load') continue;
    const rule = setup.rules.get(p.t.crossing);
    const yard = rule?.crossLoadYard ?? p.t.crossing;
    let g = byYard.get(yard);
    if (!g) byYard.set(yard, (g = { bays: rule?.crossLoadBays ?? 1, jobs: [] }));
    g.jobs.push(p);
  }
  for (const g of byYard.values()) {
    const slots = serveQueue(g.jobs.map((p) => ({ arrival: p.t.crossedAt, duration: p.handlingMs })), g.bays);
    g.jobs.forEach((p, i) => (p.bayWaitMs = slots[i]!.start - p.t.crossedAt));
  }
}
