import type { PolicyName } from '../protocol';
import type { ResolvedConfig } from './config';

const MIN_MS = 60_000;

/**
 * A scheduling policy: the decisions in which policies differ, asked by the engine's steps (queue order, reversible
 * lanes, diversions, AGV job order). A new policy is a name in PolicyNameSchema (server/protocol/policy.ts) and an
 * entry in POLICIES below; the compiler asks for both.
 */
export interface Policy {
  readonly name: PolicyName;
  /**
   * Head starts in the truck queue order, ms: for perishable loads and for each customs channel (green, yellow,
   * red). Undefined: first come, first served.
   */
  headStarts(cfg: ResolvedConfig): { perishableMs: number; channelMs: number[] } | undefined;
  /** Usable reversible lanes are balanced against the predicted drain times, or pinned to the default direction. */
  readonly reversibleLanes: 'balance' | 'pin-default';
  /** Whether the plan advises sending trucks to a crossing that drains faster. */
  readonly advisesDiversions: boolean;
  /** Whether perishable containers go first in the AGV job order (otherwise first ready, first carried). */
  readonly perishableContainersFirst: boolean;
}

const POLICIES: { readonly [P in PolicyName]: Policy } = {
  default: {
    name: 'default',
    headStarts: (cfg) => ({
      perishableMs: cfg.perishableHeadStartMin * MIN_MS,
      // Indexed like channelIndex: green, yellow, red.
      channelMs: [cfg.channelHeadStartMin.green, cfg.channelHeadStartMin.yellow, cfg.channelHeadStartMin.red].map((m) => m * MIN_MS),
    }),
    reversibleLanes: 'balance',
    advisesDiversions: true,
    perishableContainersFirst: true,
  },
  'fifo-static': {
    name: 'fifo-static',
    headStarts: () => undefined,
    reversibleLanes: 'pin-default',
    advisesDiversions: false,
    perishableContainersFirst: false,
  },
};

/** The policy a configuration names. */
export const policyOf = (cfg: { policy: PolicyName }): Policy => POLICIES[cfg.policy];
