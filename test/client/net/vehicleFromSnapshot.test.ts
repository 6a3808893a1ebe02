import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../server/protocol/viewer';
import { detailFromSnapshot } from '../../../client/net/vehicleFromSnapshot';

const ts = Date.UTC(2026, 10, 23, 3, 0);
const snapshot = {
  ts,
  trucks: [
    { id: 'T1', handle: 7, kind: 'truck', phase: 'queued', crossing: 'huu-nghi-freight', direction: 'export', cargo: 'fruit', perishable: true, channel: 'yellow', yard: 'xuan-cuong', queuedAt: ts - 90 * 60_000, stale: false, lastSeen: ts - 1000 },
  ],
  agvs: [{ id: 'HN-AGV-1', handle: 9, kind: 'agv', conveyance: 'agv', state: 'loaded', battery: 0.62, container: 'MSKU1', stale: true, lastSeen: ts - 5000 }],
};
const reason = { rule: 'perishable-priority', candidates: [{ option: 'HN-2', cost: 120 }] };
const plan: Plan = {
  ts, policy: 'default', laneDirections: [], diversions: [],
  assignments: [{ truck: 'T1', crossing: 'huu-nghi-freight', lane: 'HN-2', at: ts + 120_000, reason }],
  missions: [{ agv: 'HN-AGV-1', mission: 'carry', corridor: 'hn-agv', from: 'a', to: 'b', reason: { rule: 'nearest-able-agv', candidates: [] } }],
};

describe('vehicle card from a replayed snapshot (no vehicle:get on /replay)', () => {
  it('a truck: cargo, waiting time, lane and the plan’s reason', () => {
    expect(detailFromSnapshot(snapshot, 7, plan)).toEqual({
      id: 'T1', handle: 7, kind: 'truck', state: 'queued', stale: false, lastSeen: ts - 1000, crossing: 'huu-nghi-freight', direction: 'export',
      cargo: 'fruit', perishable: true, channel: 'yellow', yard: 'xuan-cuong', arrivedAt: ts - 90 * 60_000, waitingMin: 90, assignment: plan.assignments[0],
    });
  });
  it('an AGV: state, battery, container, mission', () => {
    expect(detailFromSnapshot(snapshot, 9, plan)).toMatchObject({ id: 'HN-AGV-1', kind: 'agv', state: 'loaded', battery: 0.62, container: 'MSKU1', stale: true, mission: plan.missions[0] });
  });
  it('nothing for an unknown handle or a malformed snapshot', () => {
    expect(detailFromSnapshot(snapshot, 1234, plan)).toBeNull();
    expect(detailFromSnapshot(null, 7, plan)).toBeNull();
    expect(detailFromSnapshot({ trucks: 'no' }, 7, null)).toBeNull();
  });
});
