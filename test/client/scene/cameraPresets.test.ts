import { describe, expect, it } from 'vitest';
import { DESIGN_ASPECT, fitPresets, type CameraPreset } from '../../../client/scene/cameraPresets';

const p: CameraPreset = { id: 'x', target: [100, 250, -100], position: [100, 1250, 900] };
const dist = (q: CameraPreset) => Math.hypot(q.position[0] - q.target[0], q.position[1] - q.target[1], q.position[2] - q.target[2]);

describe('presets fitted to the canvas', () => {
  it('keep the design distance at the design aspect', () => expect(dist(fitPresets([p], DESIGN_ASPECT)[0]!)).toBeCloseTo(dist(p)));
  it('back off on a narrow canvas and move in on a wide wall, within bounds', () => {
    expect(dist(fitPresets([p], 1.2)[0]!)).toBeCloseTo(dist(p) * 1.5);
    expect(dist(fitPresets([p], 0.5)[0]!)).toBeCloseTo(dist(p) * 1.8);
    expect(dist(fitPresets([p], 3.56)[0]!)).toBeCloseTo(dist(p) * 0.7);
  });
  it('keep the target and the direction of view', () => {
    const q = fitPresets([p], 1.2)[0]!;
    expect(q.target).toEqual(p.target);
    expect(q.position[0]).toBeCloseTo(100);
    expect((q.position[1] - 250) / (q.position[2] + 100)).toBeCloseTo(1000 / 1000);
  });
});
