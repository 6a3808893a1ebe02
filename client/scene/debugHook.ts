import { type Camera, type InstancedMesh, Matrix4, type Scene, Vector3, type WebGLRenderer } from 'three';
import { EntityKind } from '../../server/protocol/frameCodec';
import { liveStore } from '../state/liveStore';
import { useUi } from '../state/uiStore';
import { frameProbe, installFrameProbe, probeRenderer } from './frameProbe';

/** What tests and benchmarks may look at through `window.__gatetwin` (read-only use). */
export interface DebugHook {
  live: typeof liveStore;
  ui: typeof useUi;
  renderer: WebGLRenderer | null;
  scene: Scene | null;
  camera: Camera | null;
  /** A vehicle of `kind` (and `state`, if given) as drawn, in CSS pixels of the canvas, away from the edges; null if none is in view. */
  vehicleOnScreen(kind?: number, state?: number): { handle: number; x: number; y: number } | null;
  /** Where instance `index` of the named instanced mesh is drawn, in CSS pixels of the canvas; null if hidden. */
  instanceOnScreen(name: string, index: number): { x: number; y: number } | null;
  /** Counts of live entities per kind. */
  counts(): { trucks: number; agvs: number; rail: number };
  /** Drawn positions (local metres, read from the instance matrices) of up to `n` vehicles, keyed by handle. */
  positions(n?: number): Record<number, [number, number]>;
  /** Draw calls and memory of the last rendered frame. */
  renderInfo(): { calls: number; triangles: number; geometries: number; textures: number } | null;
  /** Per-frame main-thread time of the scene (benchmarks switch it on). */
  probe: typeof frameProbe;
}

declare global {
  interface Window {
    __gatetwin?: DebugHook;
  }
}

/** Installs the debug hook (idempotent). */
export function installDebugHook(): DebugHook {
  installFrameProbe();
  const hook: DebugHook = window.__gatetwin ?? {
    probe: frameProbe,
    live: liveStore,
    ui: useUi,
    renderer: null,
    scene: null,
    camera: null,
    vehicleOnScreen: (kind = EntityKind.truck, state?: number) => {
      const g = window.__gatetwin;
      const mesh = g?.scene?.getObjectByName(`vehicles-${kind}`) as InstancedMesh | undefined;
      const canvas = g?.renderer?.domElement;
      if (!mesh || !g?.camera || !canvas) return null;
      // Points under HUD panels (legend, cards, preset buttons) would click the panel, not the vehicle.
      const base = canvas.getBoundingClientRect();
      const covers = [...document.querySelectorAll('[data-occludes]')].map((el) => el.getBoundingClientRect());
      const covered = (x: number, y: number) => covers.some((r) => x + base.left > r.left - 12 && x + base.left < r.right + 12 && y + base.top > r.top - 12 && y + base.top < r.bottom + 12);
      const t = liveStore.getState().table;
      const m = new Matrix4();
      const v = new Vector3();
      for (let i = 0; i < mesh.count; i++) {
        if (state !== undefined && t.state[t.slots[kind]![i]!] !== state) continue;
        mesh.getMatrixAt(i, m);
        v.setFromMatrixPosition(m).project(g.camera);
        const x = ((v.x + 1) / 2) * canvas.clientWidth;
        const y = ((1 - v.y) / 2) * canvas.clientHeight;
        if (v.z < 1 && x > 20 && x < canvas.clientWidth - 20 && y > 20 && y < canvas.clientHeight - 20 && !covered(x, y)) return { handle: t.slots[kind]![i]!, x, y };
      }
      return null;
    },
    instanceOnScreen: (name, index) => {
      const g = window.__gatetwin;
      const mesh = g?.scene?.getObjectByName(name) as InstancedMesh | undefined;
      const canvas = g?.renderer?.domElement;
      if (!mesh || !g?.camera || !canvas || index >= mesh.count) return null;
      const m = new Matrix4();
      const v = new Vector3();
      mesh.getMatrixAt(index, m);
      v.setFromMatrixPosition(m).project(g.camera);
      if (v.z >= 1) return null;
      return { x: ((v.x + 1) / 2) * canvas.clientWidth, y: ((1 - v.y) / 2) * canvas.clientHeight };
    },
    counts: () => {
      const c = liveStore.getState().table.counts;
      return { trucks: c[EntityKind.truck]!, agvs: c[EntityKind.agv]!, rail: c[EntityKind.rail]! };
    },
    positions: (n = 200) => {
      // Read back what was drawn: the instance matrices of the vehicle meshes, keyed by entity handle.
      const g = window.__gatetwin;
      const t = liveStore.getState().table;
      const out: Record<number, [number, number]> = {};
      let k = 0;
      for (let kind = 0; kind < t.slots.length && k < n; kind++) {
        const mesh = g?.scene?.getObjectByName(`vehicles-${kind}`) as InstancedMesh | undefined;
        if (!mesh) continue;
        const m = mesh.instanceMatrix.array;
        for (let s = 0; s < mesh.count && k < n; s++, k++) out[t.slots[kind]![s]!] = [m[s * 16 + 12]!, -m[s * 16 + 14]!];
      }
      return out;
    },
    renderInfo: () => {
      const r = window.__gatetwin?.renderer;
      if (!r) return null;
      return { calls: r.info.render.calls, triangles: r.info.render.triangles, geometries: r.info.memory.geometries, textures: r.info.memory.textures };
    },
  };
  window.__gatetwin = hook;
  return hook;
}

/** Records the renderer, scene and camera so tests can read draw calls and find vehicles on screen. */
export function exposeRenderer(gl: WebGLRenderer, scene: Scene, camera: Camera): void {
  const hook = installDebugHook();
  if (hook.renderer !== gl) probeRenderer(gl);
  hook.renderer = gl;
  hook.scene = scene;
  hook.camera = camera;
}
