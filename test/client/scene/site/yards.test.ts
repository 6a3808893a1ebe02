import fc from 'fast-check';
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

  it('fill counts every truck on the first pad that holds it, wherever pads and trucks are (edges included)', () => {
    const pad = fc.record({ x: fc.integer({ min: -2000, max: 2000 }), y: fc.integer({ min: -2000, max: 2000 }), half: fc.integer({ min: 20, max: 400 }), capacity: fc.integer({ min: 1, max: 300 }) });
    const spot = fc.record({ x: fc.integer({ min: -2500, max: 2500 }), y: fc.integer({ min: -2500, max: 2500 }), onEdgeOf: fc.option(fc.nat(), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(pad, { minLength: 1, maxLength: 8 }), fc.array(spot, { maxLength: 60 }), (pads, spots) => {
        // Some trucks stand exactly on a pad's corner.
        const at = spots.map((s) => (s.onEdgeOf === undefined ? s : { x: pads[s.onEdgeOf % pads.length]!.x + pads[s.onEdgeOf % pads.length]!.half, y: pads[s.onEdgeOf % pads.length]!.y - pads[s.onEdgeOf % pads.length]!.half }));
        const t = createEntityTable();
        const recs = at.map((p, i) => ({ ...emptyRecord(), handle: i + 1, x: p.x, y: p.y }));
        applyFrame(t, frameView(encodeFrame({ keyframe: true, seq: 1, time: 1_760_000_000_000 }, recs, [])), { now: 0, delay: 100 });
        const want = new Array<number>(pads.length).fill(0);
        for (let h = 1; h <= at.length; h++) {
          const i = pads.findIndex((p) => Math.abs(t.x1[h]! - p.x) <= p.half && Math.abs(t.y1[h]! - p.y) <= p.half);
          if (i >= 0) want[i]!++;
        }
        const fill = yardFill(t, pads, new Float32Array(pads.length));
        pads.forEach((p, i) => expect(fill[i]).toBeCloseTo(want[i]! / p.capacity, 5));
      }),
    );
  });
});
