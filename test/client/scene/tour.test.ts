import { PerspectiveCamera } from 'three';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../server/protocol/viewer';
import type { CameraPreset } from '../../../client/scene/cameraPresets';
import { ASKED_DWELL_MS, askTour, createTour, DWELL_MS, stepTour } from '../../../client/scene/tour';

const preset = (id: string, x: number): CameraPreset => ({ id, target: [x, 0, 0], position: [x, 500, 500] });
const PRESETS = [preset('overview', 0), preset('a', 1000), preset('b', 2000)];
const critical = (crossing: string): Alert => ({ id: `wait-mean:${crossing}:export`, kind: 'wait-mean', severity: 'critical', crossing, raisedAt: 0, params: {} }) as unknown as Alert;

describe('the wall tour', () => {
  it('goes round the stops, and to a crossing with a critical alert and stays there', () => {
    const tour = createTour();
    const cam = new PerspectiveCamera();
    stepTour(tour, PRESETS, [], cam, 0, 0.016);
    expect(tour.current).toBe('overview');
    stepTour(tour, PRESETS, [], cam, DWELL_MS + 1, 0.016);
    expect(tour.current).toBe('a');
    stepTour(tour, PRESETS, [critical('b')], cam, DWELL_MS + 100, 0.016);
    expect(tour.current).toBe('b');
    stepTour(tour, PRESETS, [critical('b')], cam, 10 * DWELL_MS, 0.016);
    expect(tour.current).toBe('b');
  });

  it('shows a stop someone asked for even while another crossing is critical, for the asked dwell, then goes back', () => {
    const tour = createTour();
    const cam = new PerspectiveCamera();
    const alerts = [critical('b')];
    stepTour(tour, PRESETS, alerts, cam, 0, 0.016);
    expect(tour.current).toBe('b');
    askTour(tour, PRESETS, 'a');
    stepTour(tour, PRESETS, alerts, cam, 1000, 0.016);
    expect(tour.current).toBe('a');
    stepTour(tour, PRESETS, alerts, cam, 1000 + ASKED_DWELL_MS - 1, 0.016);
    expect(tour.current).toBe('a');
    stepTour(tour, PRESETS, alerts, cam, 1000 + ASKED_DWELL_MS + 1, 0.016);
    expect(tour.current).toBe('b');
  });
});
