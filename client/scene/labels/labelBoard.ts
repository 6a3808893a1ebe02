import { rankOrder, type ScreenRect } from './labelLayout';

/** One label pinned to a point of the scene (Three.js coordinates). */
export interface LabelSpec {
  key: string;
  text: string;
  /** Second line, smaller (e.g. a crossing's lane count). */
  sub?: string;
  /** Hover text: a place's name in the other two languages. */
  title?: string;
  kind: 'marker' | 'crossing' | 'yard';
  x: number;
  y: number;
  z: number;
  rank: number;
  forced: boolean;
}

/**
 * The bridge between the DOM label layer (React renders the elements once) and the in-canvas projector
 * (moves and thins them every frame the camera moves, without React).
 */
export interface LabelBoard {
  specs: LabelSpec[];
  els: (HTMLElement | null)[];
  rects: ScreenRect[];
  onScreen: Uint8Array;
  forced: Uint8Array;
  /** How many times a label may be lifted to dodge others (crossing names: their point is a whole gate). */
  moves: Uint8Array;
  shown: Uint8Array;
  order: Uint16Array;
  /** Set when texts changed: sizes are measured again on the next frame. */
  dirty: boolean;
  /** HUD panels over the scene (elements marked `data-occludes`), in the label layer's pixels. */
  obstacles: ScreenRect[];
  /** When obstacles were last measured (ms): panels change size with their data, not every frame. */
  obstaclesAt: number;
}

/** A board for the given labels. */
export function createLabelBoard(specs: LabelSpec[]): LabelBoard {
  return {
    specs,
    els: specs.map(() => null),
    rects: specs.map(() => ({ x: 0, y: 0, w: 0, h: 0 })),
    onScreen: new Uint8Array(specs.length),
    forced: Uint8Array.from(specs.map((s) => (s.forced ? 1 : 0))),
    moves: Uint8Array.from(specs.map((s) => (s.kind === 'crossing' ? 3 : 0))),
    shown: new Uint8Array(specs.length),
    order: rankOrder(specs.map((s) => s.rank)),
    dirty: true,
    obstacles: [],
    obstaclesAt: 0,
  };
}

/** How often (ms) HUD panels are measured again. */
export const OBSTACLE_EVERY_MS = 1000;

/** Measures the HUD panels that cover the label layer (elements with `data-occludes`), relative to `layer`. */
export function measureObstacles(board: LabelBoard, layer: Element | null, now: number): boolean {
  if (!layer || now - board.obstaclesAt < OBSTACLE_EVERY_MS) return false;
  board.obstaclesAt = now;
  const base = layer.getBoundingClientRect();
  const next: ScreenRect[] = [];
  layer.parentElement?.querySelectorAll('[data-occludes]').forEach((el) => {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) next.push({ x: r.left - base.left, y: r.top - base.top, w: r.width, h: r.height });
  });
  const changed = next.length !== board.obstacles.length || next.some((r, i) => { const o = board.obstacles[i]!; return r.x !== o.x || r.y !== o.y || r.w !== o.w || r.h !== o.h; });
  board.obstacles = next;
  return changed;
}
