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
  /** When obstacles were last asked for (ms): panels change size with their data, not every frame. */
  obstaclesAt: number;
  /** Set when a measurement found the panels moved; the next projection lays the labels out again. */
  obstaclesMoved: boolean;
  /** Measures the panels over `layer` (now, or once the browser has laid the page out: see `measureAfterLayout`). */
  measure: (layer: Element) => void;
}

/** A board for the given labels. */
export function createLabelBoard(specs: LabelSpec[]): LabelBoard {
  const board: LabelBoard = {
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
    obstaclesAt: -Infinity,
    obstaclesMoved: false,
    measure: (layer) => {
      if (measureObstacles(board, layer)) board.obstaclesMoved = true;
    },
  };
  return board;
}

/** How often (ms) HUD panels are measured again. */
export const OBSTACLE_EVERY_MS = 1000;

/** Measures the HUD panels that cover the label layer (elements with `data-occludes`), relative to `layer`; true if they moved. */
export function measureObstacles(board: LabelBoard, layer: Element): boolean {
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

/**
 * Makes `board` measure its panels right after the browser's own layout instead of inside the animation frame:
 * reading positions in a frame callback forces a synchronous layout of the whole page (0.6–6 ms on the wall),
 * while a ResizeObserver reports a freshly observed element after layout, when positions cost nothing to read.
 * Returns the function that restores immediate measuring.
 */
export function measureAfterLayout(board: LabelBoard): () => void {
  let layer: Element | null = null;
  const observer = new ResizeObserver(() => {
    if (layer && measureObstacles(board, layer)) board.obstaclesMoved = true;
  });
  const immediate = board.measure;
  board.measure = (el) => {
    layer = el;
    // Observing anew delivers one observation after the next layout, whatever the element's size.
    observer.unobserve(el);
    observer.observe(el);
  };
  return () => {
    observer.disconnect();
    board.measure = immediate;
  };
}
