/**
 * How the scene's WebGL context is made, by what draws it. Where WebGL is drawn by the CPU (SwiftShader, llvmpipe,
 * WARP: a wall PC or a virtual machine without a usable GPU, and headless test browsers) multisampling doubles
 * the cost of every frame: 1.25 against 2.75 frames a second for the executive screen at 1440×900 (360,000
 * triangles) in SwiftShader on a 2-core machine. There the scene draws without it, and keeps its frame rate; a
 * GPU draws it smoothed as before.
 */

/** Whether a WebGL renderer string names a software rasteriser. */
export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software (adapter|rasterizer)|microsoft basic render|\bwarp\b/i.test(renderer);
}

let probed: { renderer: string; software: boolean } | undefined;

/** The renderer of this browser's WebGL, read once from a throwaway context ('' when WebGL is unavailable). */
export function webglRenderer(): { renderer: string; software: boolean } {
  if (probed) return probed;
  let renderer = '';
  try {
    const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
    if (gl) {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    // No WebGL here: the scene's own context creation reports it.
  }
  probed = { renderer, software: isSoftwareRenderer(renderer) };
  return probed;
}

/** Whether the scene's canvases multisample: on a GPU, yes; where the CPU draws, no (see above). */
export const sceneAntialias = (): boolean => !webglRenderer().software;
