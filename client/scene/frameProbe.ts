import { addAfterEffect, addEffect } from '@react-three/fiber';
import type { WebGLRenderer } from 'three';

/** Frames the probe remembers (a ring). */
export const PROBE_SIZE = 4096;

/**
 * Main-thread time of each animation frame of the scene, in two parts: `update`, from before the first
 * `useFrame` callback to the start of `gl.render` (all of our per-frame code), and `total`, to the end of
 * `gl.render` (adds three.js's render traversal and the WebGL calls). R3F's global before/after effects bracket
 * the frame; a wrapper around the renderer's `render` marks the split. Off unless a benchmark turns it on.
 */
export const frameProbe = { enabled: false, count: 0, update: new Float32Array(PROBE_SIZE), total: new Float32Array(PROBE_SIZE) };

/** Frames rendered since the page loaded (always counted: tests wait for frames drawn after a change). */
export const frameCounter = { frames: 0 };

let start = 0;
let renderAt = 0;
let installed = false;

/** Hooks the probe into R3F's loop once (idempotent); costs a few `performance.now()` a frame when enabled. */
export function installFrameProbe(): void {
  if (installed) return;
  installed = true;
  addEffect(() => {
    if (!frameProbe.enabled) return;
    start = performance.now();
    renderAt = 0;
  });
  addAfterEffect(() => {
    frameCounter.frames++;
    if (!frameProbe.enabled || start === 0) return;
    const end = performance.now();
    const i = frameProbe.count % PROBE_SIZE;
    frameProbe.total[i] = end - start;
    frameProbe.update[i] = (renderAt || end) - start;
    frameProbe.count++;
  });
}

/** Wraps the renderer's `render` so the probe can tell our frame code from three.js's drawing. */
export function probeRenderer(gl: WebGLRenderer): void {
  const render = gl.render.bind(gl);
  gl.render = (scene, camera) => {
    if (frameProbe.enabled && renderAt === 0) renderAt = performance.now();
    render(scene, camera);
  };
}
