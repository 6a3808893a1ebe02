import type { EngineLane } from '../engine/types';
import type { LaneSet, LaneStatus, Site } from '../protocol';

/**
 * A lane's live state: the site's definition plus operator overrides and the engine's running direction. The engine
 * sees it as an EngineLane whose `open` also holds the barrier (server/twin/engineInput.ts); here `open` is the
 * operator's setting.
 */
export interface LaneState extends EngineLane {
  /** A barrier sensor on the lane reports it shut (value 0): closed whatever the operator set. */
  barrierDown: boolean;
}

/** Lanes of the active configuration, changeable by operators (`lane:set`). */
export class LaneTable {
  readonly byId = new Map<string, LaneState>();

  constructor(site: Site) {
    for (const c of site.crossings) {
      for (const l of c.lanes) {
        this.byId.set(l.id, { id: l.id, crossing: c.id, direction: l.direction, classes: l.classes, serviceS: l.serviceS, open: l.open, barrierDown: false, hours: l.hours ?? c.hours });
      }
    }
  }

  /** Applies an operator command; returns the new status or an error message. */
  set(cmd: LaneSet): { ok: true; lane: LaneState } | { ok: false; error: string } {
    const lane = this.byId.get(cmd.lane);
    if (!lane) return { ok: false, error: `unknown lane ${cmd.lane}` };
    if (cmd.open !== undefined) lane.open = cmd.open;
    if (cmd.direction !== undefined) {
      lane.direction = cmd.direction;
      if (cmd.direction !== 'reversible') lane.runningDirection = cmd.direction;
    }
    return { ok: true, lane };
  }

  /** Status as viewers see it, with queue and busy filled in by the caller. */
  status(lane: LaneState, queue: number, busy: boolean): LaneStatus {
    return {
      lane: lane.id,
      crossing: lane.crossing,
      open: lane.open && !lane.barrierDown,
      direction: lane.direction,
      effectiveDirection: lane.direction === 'reversible' ? (lane.runningDirection ?? 'import') : lane.direction,
      queue,
      busy,
    };
  }
}
