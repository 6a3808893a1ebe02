import { useFrame } from '@react-three/fiber';
import { Vector3 } from 'three';
import { view, viewScaleFor } from '../vehicles/viewScale';

const _dir = new Vector3();

/** Measures, once per frame and before anything draws, how far the camera is from the ground it looks at. */
export function ViewTracker({ groundY }: { groundY: number }) {
  useFrame(({ camera }) => {
    camera.getWorldDirection(_dir);
    const above = camera.position.y - groundY;
    // Distance along the view ray to the ground; a camera looking at the horizon uses its height × 4.
    view.distance = _dir.y < -0.05 ? above / -_dir.y : Math.max(above * 4, 500);
    view.scale = viewScaleFor(view.distance);
  }, -1);
  return null;
}
