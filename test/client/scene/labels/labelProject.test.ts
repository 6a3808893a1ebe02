import { OrthographicCamera } from 'three';
import { describe, expect, it } from 'vitest';
import { createLabelBoard, type LabelSpec } from '../../../../client/scene/labels/labelBoard';
import { createViewMemo, projectLabels } from '../../../../client/scene/labels/labelProject';

/** A stand-in for a label's DOM element: the projector reads its size and writes its style. */
function fakeEl(size: { w: number; h: number }): HTMLElement {
  return {
    get offsetWidth() {
      return size.w;
    },
    get offsetHeight() {
      return size.h;
    },
    style: { visibility: '', transform: '' },
    parentElement: null,
  } as unknown as HTMLElement;
}

const marker = (id: string, x: number): LabelSpec => ({ key: `marker:${id}`, text: id, kind: 'marker', x, y: 0, z: 0, rank: 2, forced: false });

describe('projectLabels', () => {
  it('measures the labels again when the viewport changes size, so labels whose type grew do not overlap', () => {
    // Two markers 100 m apart seen from above: 100 px apart on a 1000 px wide view of 1 km.
    const camera = new OrthographicCamera(-500, 500, 500, -500, 0.1, 1000);
    camera.position.set(0, 100, 0);
    camera.lookAt(0, 0, 0);
    camera.updateMatrixWorld();
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
});
