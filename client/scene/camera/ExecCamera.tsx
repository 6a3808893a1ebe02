import { OrbitControls } from '@react-three/drei';
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import type { OrbitControls as OrbitControlsImpl } from 'three-stdlib';
import { useUi } from '../../state/uiStore';
import { fitPresets, type CameraPreset } from './cameraPresets';
import { registerCameraPose } from './cameraPose';
import { cameraState } from '../vehicles/viewScale';
import { createFlight, startFlight, stepFlight, stopFlight } from './flight';

/** The executive camera: free orbit, plus smooth flights to the preset chosen in the HUD. */
export function ExecCamera({ presets: designed }: { presets: CameraPreset[] }) {
  const controls = useRef<OrbitControlsImpl>(null);
  const camera = useThree((s) => s.camera);
  const aspect = useThree((s) => Math.round((s.size.width / Math.max(1, s.size.height)) * 20) / 20);
  const presets = useMemo(() => fitPresets(designed, aspect), [designed, aspect]);
  const flight = useMemo(() => createFlight(), []);
  const goal = useUi((s) => s.camera);
  const first = useRef(true);

  useEffect(() => {
    const c = controls.current;
    const pose = goal.pose;
    const preset: CameraPreset | undefined = pose
      ? { id: 'pose', position: [pose[0], pose[1], pose[2]], target: [pose[3], pose[4], pose[5]] }
      : (presets.find((p) => p.id === goal.preset) ?? presets[0]);
    if (!c || !preset) return;
    if (first.current) {
      // The first view is placed, not flown to.
      first.current = false;
      camera.position.set(...preset.position);
      c.target.set(...preset.target);
      c.update();
      return;
    }
    startFlight(flight, camera.position, c.target, preset, performance.now(), 1600);
    cameraState.flying = true;
  }, [goal, presets, camera, flight]);

  useEffect(
    () =>
      registerCameraPose(() => {
        const t = controls.current?.target;
        return [camera.position.x, camera.position.y, camera.position.z, t?.x ?? 0, t?.y ?? 0, t?.z ?? 0];
      }),
    [camera],
  );

  useFrame(() => {
    const c = controls.current;
    if (c && stepFlight(flight, performance.now(), camera.position, c.target)) c.update();
    cameraState.flying = flight.active;
  });

  return (
    <OrbitControls
      ref={controls}
      makeDefault
      enableDamping
      dampingFactor={0.12}
      maxPolarAngle={Math.PI * 0.46}
      minDistance={80}
      maxDistance={18_000}
      onStart={() => stopFlight(flight)}
    />
  );
}
