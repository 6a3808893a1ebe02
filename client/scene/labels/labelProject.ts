import { type Camera, Vector3 } from 'three';
import { thinLabels } from './labelLayout';
import { OBSTACLE_EVERY_MS, type LabelBoard } from './labelBoard';

const _v = new Vector3();
/** Pixels between a label's anchor point and the bottom of its box, by kind. */
const LIFT_PX = { marker: 8, crossing: 34, yard: 6 } as const;

/**
 * Remembers the last view a board was laid out for (the camera's 16 matrix entries, the viewport's width and
 * height), so a still camera costs nothing. Float64: a viewport size is often fractional CSS pixels, and any
 * rounding here would make every frame look resized and measure every label again (a forced layout per frame).
 */
export const createViewMemo = (): Float64Array => new Float64Array(18).fill(NaN);

/**
 * Projects every label of `board` for this camera and viewport, thins colliding ones and moves the DOM
 * elements; does nothing when neither the camera, the viewport nor the texts changed since `memo`.
 */
export function projectLabels(board: LabelBoard, camera: Camera, width: number, height: number, memo: Float64Array, now: number): void {
  // Camera rigs move the camera in useFrame; make sure we project with this frame's view, not the last one.
  camera.updateMatrixWorld();
  const e = camera.matrixWorld.elements;
  let layer: Element | null = null;
  for (let i = 0; i < board.els.length && !layer; i++) layer = board.els[i]?.parentElement ?? null;
  // A new viewport size can change the labels' font size too (the wall scales its type with the screen).
  const resized = memo[16] !== width || memo[17] !== height;
  if (layer && now - board.obstaclesAt >= OBSTACLE_EVERY_MS) {
    board.obstaclesAt = now;
    board.measure(layer);
  }
  let moved = board.obstaclesMoved || board.dirty || resized;
  for (let i = 0; i < 16 && !moved; i++) if (memo[i] !== e[i]) moved = true;
  if (!moved) return;
  memo.set(e);
  memo[16] = width;
  memo[17] = height;
  board.obstaclesMoved = false;
  const { specs, els, rects, onScreen } = board;
  if (board.dirty || resized) {
    for (let i = 0; i < specs.length; i++) {
      const el = els[i];
      if (el) {
        rects[i]!.w = el.offsetWidth;
        rects[i]!.h = el.offsetHeight;
      }
    }
    board.dirty = false;
  }
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i]!;
    _v.set(s.x, s.y, s.z).project(camera);
    const r = rects[i]!;
    r.x = ((_v.x + 1) / 2) * width - r.w / 2;
    r.y = ((1 - _v.y) / 2) * height - r.h - LIFT_PX[s.kind];
    // Only labels wholly inside the view: a label cut by the edge reads as a different number.
    onScreen[i] = _v.z < 1 && r.x >= 0 && r.x + r.w <= width && r.y >= 0 && r.y + r.h <= height ? 1 : 0;
  }
  thinLabels(rects, onScreen, board.forced, board.order, board.shown, 4, board.obstacles, board.moves);
  for (let i = 0; i < specs.length; i++) {
    const el = els[i];
    if (!el) continue;
    const show = board.shown[i] === 1;
    el.style.visibility = show ? 'visible' : 'hidden';
    if (show) el.style.transform = `translate(${Math.round(rects[i]!.x)}px, ${Math.round(rects[i]!.y)}px)`;
  }
}
