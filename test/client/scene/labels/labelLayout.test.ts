import { describe, expect, it } from 'vitest';
import { KEY_MARKERS, markerRank, rankOrder, thinLabels, type ScreenRect } from '../../../../client/scene/labels/labelLayout';

const IDS = ['1088', '1088/2', ...Array.from({ length: 32 }, (_, i) => String(1089 + i))];
/** Markers evenly spaced along a line `spacing` px apart, each label 36 × 18 px. */
const layout = (spacing: number): ScreenRect[] => IDS.map((_, i) => ({ x: i * spacing, y: 300, w: 36, h: 18 }));
const run = (rects: ScreenRect[], onScreen = rects.map(() => 1)) => {
  const ranks = IDS.map(markerRank);
  const shown = new Uint8Array(rects.length);
  thinLabels(rects, onScreen, IDS.map((id) => (KEY_MARKERS.has(id) ? 1 : 0)), rankOrder(ranks), shown);
  return IDS.filter((_, i) => shown[i]);
};
const overlapping = (rects: ScreenRect[], shown: string[]) => {
  const r = shown.map((id) => rects[IDS.indexOf(id)]!);
  return r.some((a, i) => r.some((b, j) => i < j && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h));
};

describe('label thinning', () => {
  it('zoomed in, every marker label is shown', () => {
    expect(run(layout(60))).toEqual(IDS);
  });

  it.each([3, 8, 15, 25, 45])('at %d px spacing, key markers stay and nothing overlaps', (spacing) => {
    const rects = layout(spacing);
    const shown = run(rects);
    for (const k of KEY_MARKERS) expect(shown).toContain(k);
    const free = shown.filter((id) => !KEY_MARKERS.has(id));
    const keyRects = [...KEY_MARKERS].map((k) => rects[IDS.indexOf(k)]!);
    // Non-key labels never overlap anything shown.
    expect(overlapping(rects, free)).toBe(false);
    for (const id of free) {
      const r = rects[IDS.indexOf(id)]!;
      expect(keyRects.some((b) => r.x < b.x + b.w && b.x < r.x + r.w)).toBe(false);
    }
  });

  it('thins evenly: more labels the more room there is', () => {
    const counts = [8, 15, 25, 45].map((s) => run(layout(s)).length);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts[0]).toBeLessThan(counts[3]!);
  });

  it('prefers round markers: at medium zoom every fourth marker before odd ones', () => {
    const shown = run(layout(12));
    expect(shown).toContain('1092');
    expect(shown).not.toContain('1089');
  });

  it('labels off screen are not shown, even key ones', () => {
    const rects = layout(60);
    const onScreen = IDS.map((id) => (id === '1120' ? 0 : 1));
    expect(run(rects, onScreen)).not.toContain('1120');
  });

  it.each([
    ['1088', 0], ['1104', 0], ['1116', 0], ['1120', 0], ['1092', 2], ['1090', 3], ['1089', 4], ['1088/2', 5],
  ])('markerRank(%s) = %d', (id, rank) => expect(markerRank(id)).toBe(rank));
});

describe('movable labels', () => {
  /** A fixed key marker label and a movable crossing name: which are shown, and where the name ended up. */
  const thinPair = (marker: ScreenRect, name: ScreenRect) => {
    const rects = [marker, name];
    const shown = new Uint8Array(2);
    thinLabels(rects, [1, 1], [1, 0], [0, 1], shown, 4, [], [0, 2]);
    return { shown: [...shown], name: rects[1]! };
  };
  it('a crossing name blocked by a key marker is lifted above it instead of hidden', () => {
    const r = thinPair({ x: 100, y: 100, w: 40, h: 20 }, { x: 60, y: 90, w: 200, h: 40 });
    expect(r.shown).toEqual([1, 1]);
    expect(r.name.y + r.name.h).toBeLessThanOrEqual(100);
  });
  it('gives up (and restores its place) when no lift frees it', () => {
    const r = thinPair({ x: 0, y: 0, w: 400, h: 400 }, { x: 60, y: 300, w: 100, h: 20 });
    expect(r.shown).toEqual([1, 0]);
    expect(r.name.y).toBe(300);
  });
  it('avoids obstacles (HUD panels)', () => {
    const rects: ScreenRect[] = [{ x: 10, y: 10, w: 40, h: 20 }];
    const shown = new Uint8Array(1);
    thinLabels(rects, [1], [0], [0], shown, 4, [{ x: 0, y: 0, w: 100, h: 100 }]);
    expect(shown[0]).toBe(0);
  });
});
