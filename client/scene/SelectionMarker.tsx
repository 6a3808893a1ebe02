import { useFrame } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import { DoubleSide, type Mesh, RingGeometry } from 'three';
import { FRAME_INTERVAL_MS, liveStore } from '../state/liveStore';
import { poseAt, type Pose } from '../state/interpolate';
import { useUi } from '../state/uiStore';
import { useSite3d } from './site3d';
import { view } from './viewScale';
import { spreadParked } from './yardSpread';

const _pose: Pose = { x: 0, y: 0, heading: 0 };

/** A ring on the ground under the selected vehicle, following it between frames. */
export function SelectionMarker() {
  const { heightAt, yardPads: yards } = useSite3d();
  const ref = useRef<Mesh>(null);
  const ring = useMemo(() => new RingGeometry(11, 14, 40).rotateX(-Math.PI / 2), []);
  useFrame(() => {
    const mesh = ref.current;
    if (!mesh) return;
    const sel = useUi.getState().selection;
    const t = liveStore.getState().table;
    const h = sel?.handle ?? -1;
    mesh.visible = h >= 0 && t.present[h] === 1;
    if (!mesh.visible) return;
    poseAt(t.x0[h]!, t.y0[h]!, t.h0[h]!, t.t0[h]!, t.x1[h]!, t.y1[h]!, t.h1[h]!, t.t1[h]!, performance.now() - FRAME_INTERVAL_MS, _pose);
    spreadParked(yards, h, _pose);
    mesh.position.set(_pose.x, heightAt(_pose.x, _pose.y) + 2, -_pose.y);
    mesh.scale.setScalar(view.scale);
  });
  return (
    <mesh ref={ref} geometry={ring} visible={false} renderOrder={2}>
      <meshBasicMaterial color="#ffffff" side={DoubleSide} depthTest={false} transparent opacity={0.95} />
    </mesh>
  );
}
