import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { poseAt } from '../../../../client/state/interpolate';
import { HEAD_SIZE, POSE_DECLARATIONS, SEG_SIZE, segmentMatrix } from '../../../../client/scene/vehicles/vehiclePose';

/** One instance's attributes as the writer lays them out: start and end (x, height, −y, time), headings. */
function attrs(x0: number, y0: number, h0: number, t0: number, x1: number, y1: number, h1: number, t1: number, z = 300) {
  return {
    segA: Float32Array.of(x0, z, -y0, t0),
    segB: Float32Array.of(x1, z, -y1, t1),
    head: Float32Array.of(h0, h1),
  };
}

describe('the vertex shader pose (segmentMatrix mirrors it)', () => {
  it.each([
    // x0, y0, h0, t0, x1, y1, h1, t1, now
    [0, 0, 90, 0, 10, 0, 90, 100, 50],
    [0, 0, 350, 0, 10, -20, 10, 100, 50],
    [0, 0, 10, 0, 0, 0, 350, 100, 25],
    [5, 5, 0, 0, 5, 5, 180, 100, 50],
    [5, 5, 180, 0, 5, 5, 0, 100, 50],
    [-1200, 3400, 271, 1000, -1190, 3399, 268, 1100, 990],
    [-1200, 3400, 271, 1000, -1190, 3399, 268, 1100, 5000],
    [7, 8, 45, 200, 9, 10, 135, 200, 100],
  ])('from (%d, %d, %d°) at %d to (%d, %d, %d°) at %d, drawn at %d: where poseAt puts it', (x0, y0, h0, t0, x1, y1, h1, t1, now) => {
    const a = attrs(x0, y0, h0, t0, x1, y1, h1, t1);
    const m: number[] = [];
    segmentMatrix(a.segA, a.segB, a.head, 0, now, m, 0);
    const p = poseAt(x0, y0, h0, t0, x1, y1, h1, t1, now, { x: 0, y: 0, heading: 0 });
    expect(m[12]).toBeCloseTo(p.x, 4);
    expect(m[13]).toBeCloseTo(300, 4);
    expect(m[14]).toBeCloseTo(-p.y, 4);
    // Rotation about +y by −heading: the nose (−z) points at the heading, clockwise from north.
    const th = (-p.heading * Math.PI) / 180;
    expect(m[0]).toBeCloseTo(Math.cos(th), 6);
    expect(m[2]).toBeCloseTo(-Math.sin(th), 6);
    expect(m[8]).toBeCloseTo(Math.sin(th), 6);
    expect(m[10]).toBeCloseTo(Math.cos(th), 6);
    expect([m[1], m[3], m[4], m[5], m[6], m[7], m[9], m[11], m[15]]).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 1]);
  });

  it('agrees with the CPU dead reckoning for any segment and time (float32 attributes)', () => {
    const coord = fc.integer({ min: -8000, max: 8000 });
    const heading = fc.integer({ min: 0, max: 359 });
    fc.assert(
      fc.property(coord, coord, heading, fc.integer({ min: -30, max: 30 }), fc.integer({ min: -30, max: 30 }), heading, fc.integer({ min: 0, max: 300 }), fc.integer({ min: -100, max: 400 }), (x0, y0, h0, dx, dy, h1, span, now) => {
        const a = attrs(x0, y0, h0, 0, x0 + dx, y0 + dy, h1, span);
        const m: number[] = [];
        segmentMatrix(a.segA, a.segB, a.head, 0, now, m, 0);
        const p = poseAt(x0, y0, h0, 0, x0 + dx, y0 + dy, h1, span, now, { x: 0, y: 0, heading: 0 });
        expect(Math.abs(m[12]! - p.x)).toBeLessThan(1e-3);
        expect(Math.abs(m[14]! + p.y)).toBeLessThan(1e-3);
        const th = (-p.heading * Math.PI) / 180;
        expect(Math.abs(m[0]! - Math.cos(th)) + Math.abs(m[8]! - Math.sin(th))).toBeLessThan(1e-6);
      }),
    );
  });

  it('reads instance i at its own offsets', () => {
    const segA = new Float32Array(3 * SEG_SIZE);
    const segB = new Float32Array(3 * SEG_SIZE);
    const head = new Float32Array(3 * HEAD_SIZE);
    segA.set([100, 1, -200, 0], SEG_SIZE);
    segB.set([110, 3, -200, 100], SEG_SIZE);
    head.set([90, 90], HEAD_SIZE);
    const m = new Float32Array(48);
    segmentMatrix(segA, segB, head, 1, 50, m, 16);
    expect(Array.from(m.subarray(28, 31))).toEqual([105, 2, -200]);
    expect(Array.from(m.subarray(0, 16)).every((v) => v === 0)).toBe(true);
  });

  it('is what the shader declares: the same attributes, clock and arc', () => {
    // The GLSL cannot run here; its inputs and the steps segmentMatrix mirrors are pinned down instead.
    for (const s of ['attribute vec4 gtSegA;', 'attribute vec4 gtSegB;', 'attribute vec2 gtHead;', 'uniform float uPoseNow;', 'mod(gtHead.y - gtHead.x + 540.0, 360.0) - 180.0', 'if (d == -180.0) d = 180.0;', 'span > 0.0 ? clamp((uPoseNow - gtSegA.w) / span, 0.0, 1.0) : 1.0', '#define instanceMatrix gtInstance']) {
      expect(POSE_DECLARATIONS).toContain(s);
    }
  });
});
