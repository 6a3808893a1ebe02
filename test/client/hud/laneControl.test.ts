import { describe, expect, it } from 'vitest';
import { actionId, canSteerLanes, laneActions, laneCommand } from '../../../client/hud/laneControl';
import { LaneSetSchema } from '../../../server/protocol/viewer';

describe('who sees lane controls', () => {
  it.each([
    ['operator', 'live', true, true],
    ['admin', 'live', true, true],
    ['viewer', 'live', true, false],
    ['device', 'live', true, false],
    [undefined, 'live', true, false],
    ['operator', 'replay', true, false],
    ['operator', 'live', false, false],
  ] as const)('%s on %s (source steers: %s): %s', (role, mode, steers, shown) => {
    expect(canSteerLanes(role, mode, steers)).toBe(shown);
  });
});

describe('the actions a lane offers', () => {
  it('an open export lane can be closed or turned import or reversible', () => {
    expect(laneActions({ open: true, direction: 'export' }).map(actionId)).toEqual(['close', 'direction-import', 'direction-reversible']);
  });

  it('a closed reversible lane can be opened or fixed to one direction', () => {
    expect(laneActions({ open: false, direction: 'reversible' }).map(actionId)).toEqual(['open', 'direction-export', 'direction-import']);
  });
});

describe('each action is one valid lane:set', () => {
  it.each([
    [{ kind: 'close' }, { lane: 'HN-3', open: false }],
    [{ kind: 'open' }, { lane: 'HN-3', open: true }],
    [{ kind: 'direction', direction: 'reversible' }, { lane: 'HN-3', direction: 'reversible' }],
  ] as const)('%o → %o', (action, cmd) => {
    const sent = laneCommand('HN-3', action);
    expect(sent).toEqual(cmd);
    expect(LaneSetSchema.safeParse(sent).success).toBe(true);
  });
});
