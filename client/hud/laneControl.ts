import type { LaneDirection } from '../../server/protocol/common';
import type { LaneSet, LaneStatus, Mode, Role } from '../../server/protocol/viewer';

/** What an operator can do to a lane from its card; each goes to the server as one `lane:set`. */
export type LaneAction = { kind: 'open' } | { kind: 'close' } | { kind: 'direction'; direction: LaneDirection };

const DIRECTIONS: readonly LaneDirection[] = ['export', 'import', 'reversible'];

/** Whether the lane card shows controls: operator and admin tokens, on a source that can be steered (live, not replay). */
export function canSteerLanes(role: Role | undefined, mode: Mode | undefined, sourceSteers: boolean): boolean {
  return (role === 'operator' || role === 'admin') && mode !== 'replay' && sourceSteers;
}

/** The actions a lane offers in its current state: open or close (whichever changes it), and each other direction. */
export function laneActions(status: Pick<LaneStatus, 'open' | 'direction'>): LaneAction[] {
  const out: LaneAction[] = [status.open ? { kind: 'close' } : { kind: 'open' }];
  for (const direction of DIRECTIONS) if (direction !== status.direction) out.push({ kind: 'direction', direction });
  return out;
}

/** The `lane:set` command for an action on a lane. */
export function laneCommand(lane: string, action: LaneAction): LaneSet {
  if (action.kind === 'direction') return { lane, direction: action.direction };
  return { lane, open: action.kind === 'open' };
}

/** A stable key for an action (React key, test id). */
export const actionId = (action: LaneAction): string => (action.kind === 'direction' ? `direction-${action.direction}` : action.kind);
