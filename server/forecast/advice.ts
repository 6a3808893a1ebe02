import type { CrossingSetup } from '../engine/crossingModes';
import type { Advice, AdviceAction } from '../protocol';
import { band, runSeeds } from './forecast';
import type { CrossingRun } from './simulate';
import type { ForkState } from './types';

/** Seeds and span the advice search simulates with (the same seeds for every candidate: paired comparisons). */
export interface AdviceSpan {
  seeds: number;
  seed: number;
  stepMs: number;
  horizon: number;
}

/** A candidate: the action, the state it leads to, the crossings it changes, and the rule it follows from. */
interface Candidate {
  action: AdviceAction;
  state: ForkState;
  crossings: string[];
  rule: string;
}

const EXTEND = ['20:00', '22:00', '23:00'];
const hm = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/** Every action the search tries from `state`: lanes, hours, diversions, the perishable head start, the provinces' levers. */
export function candidates(state: ForkState): Candidate[] {
  const out: Candidate[] = [];
  const withLanes = (f: (l: ForkState['lanes'][number]) => ForkState['lanes'][number]) => ({ ...state, lanes: state.lanes.map(f) });
  for (const lane of state.lanes) {
    if (!lane.open) {
      out.push({ action: { kind: 'lane', set: { lane: lane.id, open: true } }, state: withLanes((l) => (l.id === lane.id ? { ...l, open: true } : l)), crossings: [lane.crossing], rule: 'open-lane' });
      continue;
    }
    if (lane.direction !== 'reversible') continue;
    for (const direction of ['export', 'import'] as const) {
      out.push({ action: { kind: 'lane', set: { lane: lane.id, direction } }, state: withLanes((l) => (l.id === lane.id ? { ...l, direction, running: direction } : l)), crossings: [lane.crossing], rule: 'fix-reversible' });
    }
  }
  for (const c of state.crossings) {
    if (!state.lanes.some((l) => l.crossing === c.id)) continue;
    for (const close of EXTEND) {
      if (hm(close) <= hm(c.hours.close) || hm(c.hours.close) <= hm(c.hours.open)) continue;
      const hours = { open: c.hours.open, close };
      out.push({
        action: { kind: 'hours', crossing: c.id, close },
        state: { ...state, crossings: state.crossings.map((x) => (x.id === c.id ? { ...x, hours } : x)), lanes: state.lanes.map((l) => (l.crossing === c.id ? { ...l, hours } : l)) },
        crossings: [c.id], rule: 'extend-hours',
      });
    }
  }
  // Exports may go by either freight road (Tân Thanh ↔ Hữu Nghị, 5.4 km apart): move a quarter of those still to come.
  const roads = state.crossings.map((c) => c.id).filter((id) => id.endsWith('-freight') && state.lanes.some((l) => l.crossing === id));
  for (const from of roads) {
    for (const to of roads) {
      if (from === to) continue;
      const moved = (state.arrivals.find((a) => a.crossing === from && a.direction === 'export')?.perDay ?? 0) * 0.25;
      if (moved <= 0) continue;
      const arrivals = state.arrivals.map((a) => (a.direction !== 'export' ? a : a.crossing === from ? { ...a, perDay: a.perDay - moved } : a.crossing === to ? { ...a, perDay: a.perDay + moved } : a));
      out.push({ action: { kind: 'divert', from, to, share: 0.25 }, state: { ...state, arrivals }, crossings: [from, to], rule: 'divert-exports' });
    }
  }
  for (const min of [240, 2880]) {
    if (min === state.policy.perishableHeadStartMin) continue;
    out.push({ action: { kind: 'head-start', perishableHeadStartMin: min }, state: { ...state, policy: { ...state.policy, perishableHeadStartMin: min } }, crossings: roads, rule: 'perishable-head-start' });
  }
  out.push(...leverCandidates(state));
  return out;
}

/**
 * The provinces' levers the configuration leaves to move: third-country vehicles through a freight road that has a
 * drive-through way but does not allow them, the two-way pilot when it is off, a quality inspection centre when
 * there is none. Advice only: they are decisions for the provinces, not a click.
 */
function leverCandidates(state: ForkState): Candidate[] {
  const modes = state.modes;
  if (!modes) return [];
  const out: Candidate[] = [];
  const withRun = (run: CrossingSetup, crossings: string[], action: AdviceAction, rule: string): Candidate => ({ action, state: { ...state, modesRun: run }, crossings, rule });
  const roads = state.crossings.map((c) => c.id).filter((id) => state.lanes.some((l) => l.crossing === id));
  for (const id of roads) {
    const rule = modes.rules.get(id);
    if (!rule || rule.thirdCountryAllowed || !rule.modes.includes('drive-through') || rule.thirdCountryShare <= 0) continue;
    const rules = new Map(modes.rules);
    rules.set(id, { ...rule, thirdCountryAllowed: true });
    out.push(withRun({ ...modes, rules }, [id], { kind: 'lever', lever: 'thirdCountry', crossing: id, on: true }, 'lever-third-country'));
  }
  const withDrive = roads.filter((id) => modes.rules.get(id)?.modes.includes('drive-through'));
  if (!modes.twoWayPilot && withDrive.length > 0) out.push(withRun({ ...modes, twoWayPilot: true }, withDrive, { kind: 'lever', lever: 'twoWayPilot', on: true }, 'lever-two-way-pilot'));
  if (!modes.inspectionCentre) out.push(withRun({ ...modes, inspectionCentre: true }, roads, { kind: 'lever', lever: 'inspectionCentre', on: true }, 'lever-inspection-centre'));
  return out;
}

const sum = (runs: ReadonlyMap<string, CrossingRun[]>, ids: readonly string[], k: number, f: (r: CrossingRun) => number) => ids.reduce((a, id) => a + f(runs.get(id)![k]!), 0);
const worst = (runs: ReadonlyMap<string, CrossingRun[]>, ids: readonly string[], k: number) => Math.max(0, ...ids.map((id) => runs.get(id)![k]!.perishableP95Min / 60));

/**
 * Simulates every candidate with the same seeds as the base forecast and ranks them by truck-hours of waiting
 * saved to the horizon (median of the paired differences); returns the best three that save anything, and the
 * best applicable one after them when none of the three is (see pickAdvice).
 */
export function adviseFrom(state: ForkState, base: ReadonlyMap<string, CrossingRun[]>, span: AdviceSpan): Advice[] {
  const list = candidates(state);
  const seeds = Math.min(span.seeds, [...base.values()][0]?.length ?? 0);
  const scored: Advice[] = list.map((c) => {
    // The crossings the action reaches, with those it trades diverted loads with.
    const runs = runSeeds(c.state, c.crossings, seeds, span.seed, span.stepMs, span.horizon);
    const ids = [...runs.keys()];
    const saved: number[] = [];
    const fewer: number[] = [];
    const before: number[] = [];
    const after: number[] = [];
    const handling: number[] = [];
    for (let k = 0; k < seeds; k++) {
      const h = sum(runs, ids, k, (r) => r.handlingSavedH);
      handling.push(h);
      saved.push((sum(base, ids, k, (r) => r.waitTruckMin) - sum(runs, ids, k, (r) => r.waitTruckMin)) / 60 + h);
      fewer.push(sum(base, ids, k, (r) => r.waitingAtClose) - sum(runs, ids, k, (r) => r.waitingAtClose));
      before.push(worst(base, ids, k));
      after.push(worst(runs, ids, k));
    }
    return {
      id: adviceId(c.action), action: c.action, applicable: c.action.kind === 'lane',
      fewerWaitingAtClose: Math.round(band(fewer).p50), savedTruckHours: Math.round(band(saved).p50),
      ...(c.action.kind === 'lever' ? { savedHandlingH: Math.round(band(handling).p50) } : {}),
      perishableP95H: { before: Math.round(band(before).p50 * 10) / 10, after: Math.round(band(after).p50 * 10) / 10 },
      reason: { rule: c.rule, seeds, candidates: list.length },
    };
  });
  return pickAdvice(scored);
}

/**
 * What the forecast shows of the scored candidates: the best `n` that save anything, best first. When none of
 * those is applicable in one click, the best applicable action that saves anything follows them, marked
 * `pick: 'best-applicable'`: the operator then has something to click even when hours and levers lead.
 */
export function pickAdvice(scored: readonly Advice[], n = 3): Advice[] {
  const ranked = scored.filter((a) => a.savedTruckHours > 0).sort((a, b) => b.savedTruckHours - a.savedTruckHours || a.id.localeCompare(b.id));
  const top = ranked.slice(0, n);
  if (top.some((a) => a.applicable)) return top;
  // None of the top is applicable, so the first applicable one in the ranking is past them.
  const applicable = ranked.find((a) => a.applicable);
  return applicable ? [...top, { ...applicable, pick: 'best-applicable' }] : top;
}

/** A stable id for an action (the client keys its rows by it). */
export function adviceId(a: AdviceAction): string {
  switch (a.kind) {
    case 'lane':
      return `lane:${a.set.lane}:${a.set.open === true ? 'open' : (a.set.direction ?? 'set')}`;
    case 'hours':
      return `hours:${a.crossing}:${a.close}`;
    case 'divert':
      return `divert:${a.from}:${a.to}`;
    case 'head-start':
      return `head-start:${a.perishableHeadStartMin}`;
    case 'lever':
      return `lever:${a.lever}${a.crossing ? `:${a.crossing}` : ''}:${a.on ? 'on' : 'off'}`;
  }
}
