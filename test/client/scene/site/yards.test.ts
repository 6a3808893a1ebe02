import { describe, expect, it } from 'vitest';
import { emptyRecord, encodeFrame, EntityKind } from '../../../../server/protocol/frameCodec';
import { applyFrame, frameView } from '../../../../client/state/applyFrame';
import { createEntityTable } from '../../../../client/state/entityTable';
import { yardFill } from '../../../../client/scene/site/yardFill';

const yards = [
  { x: 0, y: 0, half: 100, capacity: 10 },
  { x: 1000, y: 0, half: 50, capacity: 4 },
];

describe('yards', () => {
  it('fill counts the trucks on each pad against its capacity (AGVs do not count)', () => {
    const t = createEntityTable();
    const recs = [
      { handle: 1, x: 0, y: 0 },
      { handle: 2, x: 50, y: -50 },
      { handle: 3, x: 1000, y: 10 },
      { handle: 4, x: 500, y: 0 },
    ].map((r) => ({ ...emptyRecord(), ...r }));
    recs.push({ ...emptyRecord(), handle: 5, kind: EntityKind.agv, x: 0, y: 0 });
    applyFrame(t, frameView(encodeFrame({ keyframe: true, seq: 1, time: 1_760_000_000_000 }, recs, [])), { now: 0, delay: 100 });
    const fill = yardFill(t, yards, new Float32Array(2));
    expect(fill[0]).toBeCloseTo(0.2);
    expect(fill[1]).toBeCloseTo(0.25);
  });
});
