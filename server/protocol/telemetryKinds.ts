import type { Telemetry, TelemetryKind } from './telemetry';

/** What the server needs to know of each telemetry kind outside the places that switch on it. */
export interface TelemetryKindInfo {
  /** The kind's byte in recording blocks: never reuse or renumber one, recordings on disk hold them. */
  readonly blockCode: number;
  /** A vehicle: it can be sent commands, so the command router learns which transport reports it. */
  readonly vehicle: boolean;
}

/**
 * The telemetry-kind registry. A new kind starts in the schema (telemetry.ts), then gets its entry here; the
 * compiler then names every place that still has to handle it: the switches ending in `assertNever` (the twin,
 * the block codec) and the tables keyed by kind (the hand-tuned check's key lists).
 */
export const TELEMETRY_KINDS: { readonly [K in TelemetryKind]: TelemetryKindInfo } = {
  agv: { blockCode: 0, vehicle: true },
  truck: { blockCode: 1, vehicle: true },
  sensor: { blockCode: 2, vehicle: false },
};

/** Every telemetry kind, in registry order. */
export const TELEMETRY_KIND_NAMES: readonly TelemetryKind[] = Object.keys(TELEMETRY_KINDS) as TelemetryKind[];

/** Whether `m` reports a vehicle (one commands can be routed to). */
export const isVehicleMessage = (m: Telemetry): boolean => TELEMETRY_KINDS[m.kind].vehicle;

/** The kind a block code stands for; undefined for a code no kind has. */
export function kindOfBlockCode(code: number): TelemetryKind | undefined {
  return BY_BLOCK_CODE[code];
}
const BY_BLOCK_CODE: readonly (TelemetryKind | undefined)[] = (() => {
  const out: (TelemetryKind | undefined)[] = [];
  for (const k of TELEMETRY_KIND_NAMES) out[TELEMETRY_KINDS[k].blockCode] = k;
  return out;
})();
