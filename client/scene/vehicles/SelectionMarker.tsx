import { useFrame } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import { DoubleSide, type Mesh, RingGeometry } from 'three';
import { FRAME_INTERVAL_MS, liveStore } from '../../state/liveStore';
import type { Pose } from '../../state/interpolate';
import { useUi } from '../../state/uiStore';
import { useSite3d } from '../site/site3d';
import { floor, MIN_LENGTH_PX } from './sizeFloor';
import { drawnPose } from './vehicleBatches';

const _pose: Pose = { x: 0, y: 0, heading: 0 };

/** A ring on the ground under the selected vehicle, following it between frames. */
export function SelectionMarker() {
  const { heightAt, queue } = useSite3d();
  const ref = useRef<Mesh>(null);
  const ring = useMemo(() => new RingGeometry(11, 14, 40).rotateX(-Math.PI / 2), []);
  useFrame(({ camera }) => {
    const mesh = ref.current;
    if (!mesh) return;
    const sel = useUi.getState().selection;
    const t = liveStore.getState().table;
    const h = sel?.handle ?? -1;
    mesh.visible = h >= 0 && t.present[h] === 1;
    if (!mesh.visible) return;
    drawnPose(t, queue, h, performance.now() - FRAME_INTERVAL_MS, _pose);
    mesh.position.set(_pose.x, heightAt(_pose.x, _pose.y) + 2, -_pose.y);
    // As the vehicle grows with distance (the size floor), so does its ring: always a ring around it.
    mesh.scale.setScalar(Math.max(1, (camera.position.distanceTo(mesh.position) * floor.perPx * MIN_LENGTH_PX) / 16.5));
  });
  return (
    <mesh ref={ref} geometry={ring} visible={false} renderOrder={2}>
      <meshBasicMaterial color="#ffffff" side={DoubleSide} depthTest={false} transparent opacity={0.95} />
    </mesh>
  );
}
