import type { Alert } from '../protocol';
import type { EngineInput, EngineMemory, EngineOutput } from './types';

/** The kinds of outside entity the engine plans with and can leave out. */
export type EntityKind = 'agv' | 'truck' | 'container' | 'sensor';

/** An entity left out of planning: what it is, since when, what broke, and its data then. */
export interface QuarantineEntry {
  kind: EntityKind;
  id: string;
  since: number;
  message: string;
  /** Its non-numeric data when quarantined: a change (a new state, lane, container…) lets it back in. */
  fingerprint: string;
  alert: Alert;
  /** Whether its alert went out (a tick that still failed announces nothing; the next that plans does). */
  announced: boolean;
}

type Engine = (input: EngineInput, memory: EngineMemory) => EngineOutput;
interface Ref {
  kind: EntityKind;
  id: string;
  key: string;
  fingerprint: string;
}

/** How long an entity stays out when its data does not change. */
export const QUARANTINE_MS = 10 * 60_000;
/** Most entities out at once: a flood of bad ones cannot grow the list without bound (the oldest go back in). */
export const QUARANTINE_MAX = 64;
// Most culprits searched for in one tick; beyond that the tick fails as before (something else is wrong).
const MAX_PER_TICK = 4;
const MAX_MESSAGE = 160;

/**
 * Keeps one bad entity from stopping the engine. A tick that throws is run again on parts of its input to find
 * the vehicle, container or sensor whose presence makes it throw (a binary search over the input's entities in
 * order: about log2(n) extra runs, once). That entity is left out of planning with an alert naming it, and the
 * tick plans everything else. It comes back when its data changes, or after QUARANTINE_MS. Deterministic: time is
 * the input's `now`.
 */
export class EngineIsolation {
  private readonly entries = new Map<string, QuarantineEntry>();
  // Announced entries let back in during ticks that failed: their alerts clear with the next tick that plans.
  private pendingClears: QuarantineEntry[] = [];

  /** The entities left out of planning now, oldest first. */
  quarantined(): QuarantineEntry[] {
    return [...this.entries.values()];
  }

  /** Runs `engine` on `input` without the quarantined entities; on a throw, isolates the culprits and runs again. */
  run(engine: Engine, input: EngineInput, memory: EngineMemory): EngineOutput {
    const released = this.release(input);
    const out = new Set(this.entries.keys());
    let failure: unknown;
    try {
      return this.finish(engine(without(input, out), memory), released);
    } catch (e) {
      failure = e;
    }
    // The entity list is built only when a tick failed: a healthy tick costs one Set and nothing per entity.
    const all = refsOf(input);
    for (let round = 0; round < MAX_PER_TICK; round++) {
      const culprit = findCulprit(engine, input, memory, all.filter((r) => !out.has(r.key)), out);
      // None: not one entity's fault (a broken configuration, say); the tick fails as it would have.
      if (!culprit) break;
      out.add(culprit.ref.key);
      this.admit(culprit.ref, culprit.message, input.now);
      released.push(...this.trim());
      try {
        return this.finish(engine(without(input, out), memory), released);
      } catch {
        // Another culprit, or not an entity's fault: search again.
      }
    }
    this.pendingClears.push(...released.filter((q) => q.announced));
    throw failure;
  }

  // A planned tick: alerts for the entities newly left out and for those let back in.
  private finish(out: EngineOutput, released: readonly QuarantineEntry[]): EngineOutput {
    const fresh = [...this.entries.values()].filter((q) => !q.announced);
    const back = [...this.pendingClears, ...released.filter((q) => q.announced)];
    this.pendingClears = [];
    if (fresh.length === 0 && back.length === 0) return out;
    for (const q of fresh) q.announced = true;
    const now = out.plan.ts;
    return {
      ...out,
      raised: [...out.raised, ...fresh.map((q) => q.alert)],
      cleared: [...out.cleared, ...back.map((q) => ({ ...q.alert, clearedAt: Math.max(now, q.alert.raisedAt) }))],
    };
  }

  private admit(ref: Ref, message: string, now: number): void {
    const alert: Alert = {
      id: `entity-quarantined:${ref.key}`,
      kind: 'entity-quarantined',
      severity: 'warning',
      subject: ref.id,
      params: { entity: ref.kind, id: ref.id, message },
      raisedAt: now,
    };
    const entry: QuarantineEntry = { kind: ref.kind, id: ref.id, since: now, message, fingerprint: ref.fingerprint, alert, announced: false };
    this.entries.set(ref.key, entry);
  }

  // Lets back in what changed and what served its time.
  private release(input: EngineInput): QuarantineEntry[] {
    if (this.entries.size === 0) return [];
    const now = input.now;
    const current = new Map<string, unknown>();
    const look = (kind: EntityKind, id: string, data: unknown) => {
      const key = keyOf(kind, id);
      if (this.entries.has(key)) current.set(key, data);
    };
    for (const a of input.agvs) look('agv', a.id, a);
    for (const t of input.trucks) look('truck', t.id, t);
    for (const j of input.jobs) look('container', j.id, j);
    for (const s of input.staleSensors) look('sensor', s, s);
    const released: QuarantineEntry[] = [];
    for (const [key, q] of this.entries) {
      const changed = current.has(key) && fingerprintOf(current.get(key)) !== q.fingerprint;
      if (changed || now - q.since >= QUARANTINE_MS) {
        released.push(q);
        this.entries.delete(key);
      }
    }
    return released;
  }

  // The oldest go back in beyond the bound.
  private trim(): QuarantineEntry[] {
    const released: QuarantineEntry[] = [];
    for (const [key, q] of this.entries) {
      if (this.entries.size <= QUARANTINE_MAX) break;
      released.push(q);
      this.entries.delete(key);
    }
    return released;
  }
}

const keyOf = (kind: EntityKind, id: string): string => `${kind}:${id}`;
const fingerprintOf = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' ? undefined : x));

function refsOf(input: EngineInput): Ref[] {
  const ref = (kind: EntityKind, id: string, data: unknown): Ref => ({ kind, id, key: keyOf(kind, id), fingerprint: fingerprintOf(data) });
  return [
    ...input.agvs.map((a) => ref('agv', a.id, a)),
    ...input.trucks.map((t) => ref('truck', t.id, t)),
    ...input.jobs.map((j) => ref('container', j.id, j)),
    ...input.staleSensors.map((s) => ref('sensor', s, s)),
  ];
}

/** The input without the entities whose keys are in `out`. */
function without(input: EngineInput, out: ReadonlySet<string>): EngineInput {
  if (out.size === 0) return input;
  return {
    ...input,
    agvs: input.agvs.filter((a) => !out.has(keyOf('agv', a.id))),
    trucks: input.trucks.filter((t) => !out.has(keyOf('truck', t.id))),
    jobs: input.jobs.filter((j) => !out.has(keyOf('container', j.id))),
    staleSensors: input.staleSensors.filter((s) => !out.has(keyOf('sensor', s))),
  };
}

/**
 * The first entity (in input order) whose addition makes the engine throw: with none of `candidates` the tick
 * runs, with all of them it throws, so a binary search over prefixes finds where it starts to throw.
 */
function findCulprit(engine: Engine, input: EngineInput, memory: EngineMemory, candidates: readonly Ref[], out: ReadonlySet<string>): { ref: Ref; message: string } | undefined {
  let message = '';
  const runs = (n: number): boolean => {
    const skip = new Set(out);
    for (let i = n; i < candidates.length; i++) skip.add(candidates[i]!.key);
    try {
      engine(without(input, skip), memory);
      return true;
    } catch (e) {
      message = (e instanceof Error ? e.message : String(e)).slice(0, MAX_MESSAGE);
      return false;
    }
  };
  if (candidates.length === 0 || !runs(0) || runs(candidates.length)) return undefined;
  let failMessage = message;
  let lo = 0;
  let hi = candidates.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (runs(mid)) lo = mid;
    else {
      hi = mid;
      failMessage = message;
    }
  }
  return { ref: candidates[hi - 1]!, message: failMessage };
}
