import { useFrame, useThree } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import { useUi } from '../../state/uiStore';
import { fitPresets, type CameraPreset } from './cameraPresets';
import { cameraState } from '../vehicles/viewScale';
import { askTour, createTour, criticalCrossing, stepTour } from './tour';

/** Props: the stops, and who to tell (outside React's render) when the tour moves to another stop. */
export interface WallTourProps {
  presets: CameraPreset[];
  onStop?: (preset: string, urgent: boolean) => void;
}

/**
 * The wall's automatic camera: tours the crossings worst first and the overview, swaying slowly; no user controls.
 * A crossing is framed in the part of the canvas the critical banner leaves free, and re-framed when it comes or goes.
 */
export function WallTour({ presets: designed, onStop }: WallTourProps) {
  const aspect = useThree((s) => Math.round((s.size.width / Math.max(1, s.size.height)) * 20) / 20);
  // A critical alert's banner over the top of the scene: the crossings are framed below it while it shows.
  const coverTop = useUi((s) => s.coverTop);
  const presets = useMemo(() => fitPresets(designed, aspect, coverTop), [designed, aspect, coverTop]);
  const tour = useRef(createTour());
  const shown = useRef({ stop: '', urgent: false });
  const asked = useRef(useUi.getState().camera.nonce);
  useFrame(({ camera }) => {
    const { alerts, kpi, camera: ask, shout } = useUi.getState();
    // A preset asked for (an alert or a vehicle list's fly-to, a test) becomes the tour's next stop, now.
    if (ask.nonce !== asked.current) {
      asked.current = ask.nonce;
      askTour(tour.current, presets, ask.preset);
    }
    stepTour(tour.current, presets, alerts, kpi, camera, performance.now(), coverTop === 0, shout);
    const stop = tour.current.current;
    cameraState.stop = stop;
    cameraState.flying = tour.current.flying;
    cameraState.framing = tour.current.framed?.framing?.points ?? null;
    cameraState.coverTop = coverTop;
    const urgent = (shout?.crossing ?? criticalCrossing(alerts)) === stop;
    if (stop !== shown.current.stop || urgent !== shown.current.urgent) {
      shown.current = { stop, urgent };
      onStop?.(stop, urgent);
    }
  });
  return null;
}
