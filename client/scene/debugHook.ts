import { type Camera, type InstancedMesh, Matrix4, type Scene, Vector2, Vector3, type WebGLRenderer } from 'three';
import { EntityKind } from '../../server/protocol/frameCodec';
import { liveStore } from '../state/liveStore';
import { useUi } from '../state/uiStore';
import { frameCounter, frameProbe, installFrameProbe, probeRenderer } from './frameProbe';
import { isWaiting } from './vehicles/queueLayout';
import { sky, skyOverride, weather, type WeatherMode } from './sky/daylight';
import { cameraState } from './vehicles/viewScale';
import { cameraHold } from './camera/tour';
import { floorScale } from './vehicles/sizeFloor';
import { mounted } from './vehicles/vehicleBatches';
import { syncMatrices } from './vehicles/vehicleWriter';
import { terrainDrawn } from './terrain/terrainChunks';

/** The mounted vehicle writer with its instance matrices computed as last drawn (the GPU poses the vehicles). */
const drawnVehicles = () => (mounted.draw ? syncMatrices(mounted.draw) : null);

/** A vehicle as drawn: centre and size in CSS pixels of the canvas. */
export interface VehicleOnScreen {
  x: number;
  y: number;
  width: number;
  length: number;
}

const _m = new Matrix4();
const _a = new Vector3();
const _b = new Vector3();
const _s = new Vector2();

/** Projects a point (three.js coordinates) to CSS px of the canvas; false when behind the camera or off screen. */
function toScreen(v: Vector3, camera: Camera, canvas: HTMLCanvasElement): boolean {
  v.project(camera);
  if (v.z >= 1 || v.x < -1 || v.x > 1 || v.y < -1 || v.y > 1) return false;
  v.set(((v.x + 1) / 2) * canvas.clientWidth, ((1 - v.y) / 2) * canvas.clientHeight, 0);
  return true;
}

/** Where a vehicle is drawn and how big, measured by projecting its floored footprint's axes. */
function vehicleScreen(handle: number): VehicleOnScreen | null {
  const g = window.__gatetwin;
  const draw = drawnVehicles();
  const canvas = g?.renderer?.domElement;
  const camera = g?.camera;
  if (!draw || !camera || !canvas) return null;
  const bi = draw.batchOf[handle]!;
  const b = draw.batches[bi];
  const i = draw.indexOf[handle]!;
  if (!b?.mesh || i < 0 || i >= b.count || b.handles[i] !== handle) return null;
  const size = mounted.sizes[bi]!;
  _m.fromArray(b.mesh.instanceMatrix.array, i * 16);
  const centre = new Vector3().setFromMatrixPosition(_m);
  centre.y += 1.2;
  const depth = -centre.clone().applyMatrix4(camera.matrixWorldInverse).z;
  floorScale(depth, size.width, size.length, _s);
  const c = centre.clone();
  if (!toScreen(c, camera, canvas)) return null;
  // The floored box's eight corners on screen; its length is the extent along the projected nose-to-tail axis,
  // its width the extent across it (the silhouette's thickness: roof and side as seen from above count).
  const e = _m.elements;
  const pts: [number, number][] = [];
  for (const sx of [-1, 1]) {
    for (const sy of [0, 1]) {
      for (const sz of [-1, 1]) {
        const lx = (sx * size.width * _s.x) / 2;
        const ly = sy * size.height * _s.x;
        const lz = (sz * size.length * _s.y) / 2;
        _a.set(e[12]! + e[0]! * lx + e[8]! * lz, e[13]! + ly, e[14]! + e[2]! * lx + e[10]! * lz).project(camera);
        pts.push([((_a.x + 1) / 2) * canvas.clientWidth, ((1 - _a.y) / 2) * canvas.clientHeight]);
      }
    }
  }
  _a.set(e[12]! - (e[8]! * size.length) / 2, e[13]!, e[14]! - (e[10]! * size.length) / 2).project(camera);
  _b.set(e[12]! + (e[8]! * size.length) / 2, e[13]!, e[14]! + (e[10]! * size.length) / 2).project(camera);
  let ax = (_a.x - _b.x) * canvas.clientWidth;
  let ay = (_b.y - _a.y) * canvas.clientHeight;
  const len = Math.hypot(ax, ay) || 1;
  ax /= len;
  ay /= len;
  const extent = (dx: number, dy: number) => {
    const d = pts.map(([x, y]) => x * dx + y * dy);
    return Math.max(...d) - Math.min(...d);
  };
  return { x: c.x, y: c.y, width: extent(-ay, ax), length: extent(ax, ay) };
}

/** What tests and benchmarks may look at through `window.__gatetwin` (read-only use). */
export interface DebugHook {
  live: typeof liveStore;
  ui: typeof useUi;
  renderer: WebGLRenderer | null;
  scene: Scene | null;
  camera: Camera | null;
  /** A vehicle of `kind` (and `state`, if given) as drawn, in CSS pixels of the canvas, away from the edges; null if none is in view. */
  vehicleOnScreen(kind?: number, state?: number): ({ handle: number } & VehicleOnScreen) | null;
  /** Where vehicle `handle` is drawn (centre, CSS px of the canvas) and its drawn width and length in px; null if not in view. */
  vehicleScreen(handle: number): VehicleOnScreen | null;
  /** The smallest drawn width (px) of any vehicle in view, and how many are in view. */
  vehicleSizes(): { min: number; count: number };
  /** Waiting trucks in the twin, and how many of them are drawn where no other vehicle covers them. */
  waitingDrawn(): { waiting: number; drawn: number };
  /**
   * The wall tour's stop and whether its camera has arrived there (not flying), with the frames drawn so far and the
   * share of the canvas's top its placement leaves to a banner (the store's `coverTop` once re-framed for it).
   */
  tourState(): { stop: string; flying: boolean; frames: number; coverTop: number };
  /** Where the wall tour's stop frames its subject (gate, yards, approach roads): their box in CSS px of the canvas; null on the overview. */
  framedOnScreen(): { left: number; top: number; right: number; bottom: number } | null;
  /** Stops (or resumes) the wall camera's sway between flights, so screen positions hold while a picture is taken. */
  holdCamera(still: boolean): void;
  /** Shows a fixed local hour (NaN: twin time again) and weather, for screenshots. */
  setSky(hour: number, mode: WeatherMode): void;
  /** The sky as drawn now: night, fog and rain, each 0–1. */
  skyState(): { night: number; fog: number; rain: number };
  /** The parked trucks drawn in yard `id`'s pad on screen, and one empty bay's position (null if the yard is full or hidden). */
  yardOnScreen(id: string): { trucks: { x: number; y: number }[]; emptyBay: { x: number; y: number } | null };
  /** Where instance `index` of the named instanced mesh is drawn, in CSS pixels of the canvas; null if hidden. */
  instanceOnScreen(name: string, index: number): { x: number; y: number } | null;
  /** Counts of live entities per kind. */
  counts(): { trucks: number; agvs: number; rail: number };
  /** Drawn positions (local metres, read from the instance matrices) of up to `n` vehicles, keyed by handle. */
  positions(n?: number): Record<number, [number, number]>;
  /** Draw calls and memory of the last rendered frame, whether the scene's context multisamples, the ground's triangles drawn. */
  renderInfo(): { calls: number; triangles: number; geometries: number; textures: number; antialias: boolean; terrain: { triangles: number; total: number } } | null;
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
      const canvas = window.__gatetwin?.renderer?.domElement;
      const draw = drawnVehicles();
      if (!canvas || !draw) return null;
      // Points under HUD panels (legend, cards, preset buttons) would click the panel, not the vehicle.
      const base = canvas.getBoundingClientRect();
      const covers = [...document.querySelectorAll('[data-occludes]')].map((el) => el.getBoundingClientRect());
      const covered = (x: number, y: number) => covers.some((r) => x + base.left > r.left - 12 && x + base.left < r.right + 12 && y + base.top > r.top - 12 && y + base.top < r.bottom + 12);
      const t = liveStore.getState().table;
      for (const b of draw.batches) {
        for (let i = 0; i < b.count; i++) {
          const h = b.handles[i]!;
          if (t.kind[h] !== kind || (state !== undefined && t.state[h] !== state)) continue;
          const v = vehicleScreen(h);
          if (v && v.x > 20 && v.x < canvas.clientWidth - 20 && v.y > 20 && v.y < canvas.clientHeight - 20 && !covered(v.x, v.y)) return { handle: h, ...v };
        }
      }
      return null;
    },
    vehicleScreen,
    tourState: () => ({ stop: cameraState.stop, flying: cameraState.flying, frames: frameCounter.frames, coverTop: cameraState.coverTop }),
    framedOnScreen: () => {
      const g = window.__gatetwin;
      const canvas = g?.renderer?.domElement;
      const p = cameraState.framing;
      if (!p || !g?.camera || !canvas) return null;
      const box = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
      for (let i = 0; i < p.length; i += 3) {
        // Projected without clipping to the view: a point off the canvas must show as such.
        _a.set(p[i]!, p[i + 1]!, p[i + 2]!).project(g.camera);
        const x = ((_a.x + 1) / 2) * canvas.clientWidth, y = ((1 - _a.y) / 2) * canvas.clientHeight;
        box.left = Math.min(box.left, x); box.right = Math.max(box.right, x);
        box.top = Math.min(box.top, y); box.bottom = Math.max(box.bottom, y);
      }
      return box;
    },
    holdCamera: (still) => {
      cameraHold.still = still;
    },
    skyState: () => ({ night: sky.night, fog: sky.fog, rain: sky.rain }),
    setSky: (hour, mode) => {
      skyOverride.hour = hour;
      weather.mode = mode;
    },
    yardOnScreen: (id) => {
      const layout = mounted.layout;
      const lines = mounted.lines;
      const q = lines.find((l) => l.yardId === id);
      const out: { trucks: { x: number; y: number }[]; emptyBay: { x: number; y: number } | null } = { trucks: [], emptyBay: null };
      if (!layout || !q) return out;
      let used = 0;
      for (let i = 0; i < layout.count; i++) {
        const h = layout.handles[i]!;
        if (Math.abs(layout.px[h]! - q.yard.x) > q.yard.half || Math.abs(layout.py[h]! - q.yard.y) > q.yard.half) continue;
        used++;
        const v = vehicleScreen(h);
        if (v) out.trucks.push({ x: v.x, y: v.y });
      }
      const bays = q.bays.length / 3;
      const g = window.__gatetwin;
      const canvas = g?.renderer?.domElement;
      if (used < bays && g?.camera && canvas) {
        // The last bay is the one filled last: empty while the yard is not full.
        const v = new Vector3(q.bays[(bays - 1) * 3]!, mounted.heightAt(q.bays[(bays - 1) * 3]!, q.bays[(bays - 1) * 3 + 1]!) + 1, -q.bays[(bays - 1) * 3 + 1]!);
        if (toScreen(v, g.camera, canvas)) out.emptyBay = { x: v.x, y: v.y };
      }
      return out;
    },
    vehicleSizes: () => {
      const draw = drawnVehicles();
      let min = Infinity;
      let count = 0;
      for (const b of draw?.batches ?? []) {
        for (let i = 0; i < b.count; i++) {
          const v = vehicleScreen(b.handles[i]!);
          if (!v) continue;
          count++;
          min = Math.min(min, v.width);
        }
      }
      return { min: count > 0 ? min : 0, count };
    },
    waitingDrawn: () => {
      // A waiting truck is drawn when it has an instance and no other waiting truck is drawn within 2 m of it
      // (a moving truck passing a queue overlaps it for a moment; that is traffic, not a hidden truck).
      const draw = drawnVehicles();
      const t = liveStore.getState().table;
      const cells = new Map<number, number[]>();
      const key = (x: number, y: number) => Math.floor(x / 2) * 100_003 + Math.floor(y / 2);
      const at = (h: number): [number, number] | null => {
        const b = draw?.batches[draw.batchOf[h]!];
        const i = draw?.indexOf[h] ?? -1;
        if (!b?.mesh || i < 0 || i >= b.count || b.handles[i] !== h) return null;
        const m = b.mesh.instanceMatrix.array;
        return [m[i * 16 + 12]!, -m[i * 16 + 14]!];
      };
      const list = t.slots[EntityKind.truck]!;
      const n = t.counts[EntityKind.truck]!;
      const waiting: number[] = [];
      for (let s = 0; s < n; s++) {
        const h = list[s]!;
        if (!isWaiting(t, h)) continue;
        waiting.push(h);
        const p = at(h);
        if (p) {
          const k = key(p[0], p[1]);
          cells.set(k, [...(cells.get(k) ?? []), h]);
        }
      }
      let drawn = 0;
      for (const h of waiting) {
        const p = at(h);
        if (!p) continue;
        let alone = true;
        for (let dx = -1; dx <= 1 && alone; dx++) {
          for (let dy = -1; dy <= 1 && alone; dy++) {
            for (const o of cells.get(key(p[0] + dx * 2, p[1] + dy * 2)) ?? []) {
              const q = at(o)!;
              if (o !== h && Math.hypot(q[0] - p[0], q[1] - p[1]) < 2) alone = false;
            }
          }
        }
        if (alone) drawn++;
      }
      return { waiting: waiting.length, drawn };
    },
    instanceOnScreen: (name, index) => {
      const g = window.__gatetwin;
      const mesh = g?.scene?.getObjectByName(name) as InstancedMesh | undefined;
      const canvas = g?.renderer?.domElement;
      if (!mesh || !g?.camera || !canvas || index >= mesh.count) return null;
      drawnVehicles();
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
      const out: Record<number, [number, number]> = {};
      let k = 0;
      for (const b of drawnVehicles()?.batches ?? []) {
        if (!b.mesh) continue;
        const m = b.mesh.instanceMatrix.array;
        for (let s = 0; s < b.count && k < n; s++, k++) out[b.handles[s]!] = [m[s * 16 + 12]!, -m[s * 16 + 14]!];
      }
      return out;
    },
    renderInfo: () => {
      const r = window.__gatetwin?.renderer;
      if (!r) return null;
      const antialias = r.getContext().getContextAttributes()?.antialias === true;
      return { calls: r.info.render.calls, triangles: r.info.render.triangles, geometries: r.info.memory.geometries, textures: r.info.memory.textures, antialias, terrain: { ...terrainDrawn } };
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
