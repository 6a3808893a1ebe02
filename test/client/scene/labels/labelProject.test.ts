import { OrthographicCamera } from 'three';
import { describe, expect, it } from 'vitest';
import { createLabelBoard, type LabelSpec } from '../../../../client/scene/labels/labelBoard';
import { createViewMemo, projectLabels } from '../../../../client/scene/labels/labelProject';

/** A stand-in for a label's DOM element: the projector reads its size (counted in `reads`) and writes its style. */
function fakeEl(size: { w: number; h: number }, reads = { n: 0 }, parentElement: Element | null = null): HTMLElement {
  return {
    get offsetWidth() {
      reads.n++;
      return size.w;
    },
    get offsetHeight() {
      return size.h;
    },
    style: { visibility: '', transform: '' },
    parentElement,
  } as unknown as HTMLElement;
}

/** A camera looking straight down at the origin from 100 m, seeing 1 km across. */
function topCamera(): OrthographicCamera {
  const camera = new OrthographicCamera(-500, 500, 500, -500, 0.1, 1000);
  camera.position.set(0, 100, 0);
  camera.lookAt(0, 0, 0);
  camera.updateMatrixWorld();
  return camera;
}

const marker = (id: string, x: number): LabelSpec => ({ key: `marker:${id}`, text: id, kind: 'marker', x, y: 0, z: 0, rank: 2, forced: false });

describe('projectLabels', () => {
  it('measures the labels again when the viewport changes size, so labels whose type grew do not overlap', () => {
    // Two markers 100 m apart seen from above: 100 px apart on a 1000 px wide view of 1 km.
    const camera = topCamera();
    const board = createLabelBoard([marker('1100', 0), marker('1102', 100)]);
    const size = { w: 60, h: 20 };
    board.els = board.specs.map(() => fakeEl(size));
    const memo = createViewMemo();

    projectLabels(board, camera, 1000, 1000, memo, 0);
    expect(Array.from(board.shown), 'both fit at 60 px wide').toEqual([1, 1]);

    // The wall's type scales with the screen: at twice the size the labels are wider than their spacing.
    size.w = 240;
    size.h = 40;
    projectLabels(board, camera, 1000, 999, memo, 16);
    expect(board.rects[0]!.w).toBe(240);
    expect(Array.from(board.shown), 'one of the two now that they would overlap').toEqual([1, 0]);
  });

  it('leaves the labels alone while the camera holds still, whatever the viewport size (fractional CSS pixels too)', () => {
    for (const [w, h] of [[911.5, 640.25], [3840, 2160], [1366, 657.3333]] as const) {
      const camera = topCamera();
      const board = createLabelBoard([marker('1100', 0), marker('1102', 100)]);
      const reads = { n: 0 };
      board.els = board.specs.map(() => fakeEl({ w: 60, h: 20 }, reads));
      const memo = createViewMemo();
      projectLabels(board, camera, w, h, memo, 0);
      expect(reads.n, 'sizes measured once').toBe(2);
      board.els[0]!.style.transform = 'untouched';
      for (let f = 1; f <= 5; f++) projectLabels(board, camera, w, h, memo, f * 16);
      // Measuring a label's size in a frame forces a layout of the page: a still view must not.
      expect(reads.n, `no size measured again at ${w}×${h}`).toBe(2);
      expect(board.els[0]!.style.transform, 'no style rewritten').toBe('untouched');
      camera.position.x = 10;
      camera.updateMatrixWorld();
      projectLabels(board, camera, w, h, memo, 200);
      expect(board.els[0]!.style.transform, 'a moved camera moves the labels').not.toBe('untouched');
    }
  });

  it('asks for the HUD panels at most once a second, and lays the labels out again only when a measurement found them moved', () => {
    const camera = topCamera();
    const board = createLabelBoard([marker('1100', 0), marker('1102', 100)]);
    const layer = {} as Element;
    board.els = board.specs.map(() => fakeEl({ w: 60, h: 20 }, { n: 0 }, layer));
    const asked: number[] = [];
    // A deferred measurer (as after the browser's layout): it only records the request.
    board.measure = () => asked.push(asked.length);
    const memo = createViewMemo();
    projectLabels(board, camera, 1000, 1000, memo, 0);
    projectLabels(board, camera, 1000, 1000, memo, 500);
    expect(asked.length, 'one request in the first second').toBe(1);
    projectLabels(board, camera, 1000, 1000, memo, 1000);
    expect(asked.length).toBe(2);

    board.els[1]!.style.visibility = 'unchanged';
    // The deferred measurement reports a panel now covering the second label.
    board.obstacles = [{ x: 540, y: 440, w: 200, h: 200 }];
    board.obstaclesMoved = true;
    projectLabels(board, camera, 1000, 1000, memo, 1100);
    expect(Array.from(board.shown), 'the covered label is hidden').toEqual([1, 0]);
    expect(board.els[1]!.style.visibility).toBe('hidden');
    expect(board.obstaclesMoved, 'the news is consumed').toBe(false);
  });
});
