/** A camera pose: position then look-at target, Three.js metres. */
export type CameraPose = [number, number, number, number, number, number];

let getter: (() => CameraPose) | null = null;

/** The executive camera's current pose (for shareable links), or null when no orbit camera is mounted. */
export const currentCameraPose = (): CameraPose | null => getter?.() ?? null;

/** Lets the mounted camera rig answer currentCameraPose(); returns the unregister function. */
export function registerCameraPose(get: () => CameraPose): () => void {
  getter = get;
  return () => {
    if (getter === get) getter = null;
  };
}
