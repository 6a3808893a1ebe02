/** A label's box on screen, in CSS pixels (x, y = top-left). */
export interface ScreenRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Marker ids whose labels stay on screen at every zoom: the ends of the stretch and the main gates. */
export const KEY_MARKERS: ReadonlySet<string> = new Set(['1088', '1104', '1116', '1120']);

/**
 * Placement rank of a marker label; lower is placed first. Key markers are forced; then every fourth marker,
 * every second, the rest, and sub-markers (1088/2) last, so zooming out thins them evenly along the line.
 */
export function markerRank(id: string): number {
  if (KEY_MARKERS.has(id)) return 0;
  if (id.includes('/')) return 5;
  const n = Number(id);
  if (!Number.isFinite(n)) return 5;
  if (n % 4 === 0) return 2;
  if (n % 2 === 0) return 3;
  return 4;
}

const overlaps = (a: ScreenRect, b: ScreenRect, pad: number): boolean =>
  a.x < b.x + b.w + pad && b.x < a.x + a.w + pad && a.y < b.y + b.h + pad && b.y < a.y + a.h + pad;

/**
 * Greedy collision thinning: visits labels in `order` (by rank), keeps a label if it is on screen and, unless
 * forced, overlaps no label kept before it and no obstacle (HUD panels drawn over the scene). A label with
 * `moves[i] > 0` may also be lifted, up to that many times by half its height, to find a free spot (its rect
 * is updated). Writes 1 (shown) or 0 into `shown`; allocates nothing.
 */
export function thinLabels(
  rects: readonly ScreenRect[],
  onScreen: ArrayLike<number>,
  forced: ArrayLike<number>,
  order: ArrayLike<number>,
  shown: Uint8Array,
  pad = 4,
  obstacles: readonly ScreenRect[] = [],
  moves: ArrayLike<number> = [],
): void {
  shown.fill(0);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (!onScreen[i]) continue;
    if (forced[i]) {
      shown[i] = 1;
      continue;
    }
    const r = rects[i]!;
    const y0 = r.y;
    const tries = moves[i] ?? 0;
    for (let t = 0; t <= tries && !shown[i]; t++) {
      r.y = y0 - t * (r.h / 2 + pad);
      if (r.y < 0) break;
      if (isFree(rects, i, shown, pad, obstacles)) shown[i] = 1;
    }
    if (!shown[i]) r.y = y0;
  }
}

function isFree(rects: readonly ScreenRect[], i: number, shown: Uint8Array, pad: number, obstacles: readonly ScreenRect[]): boolean {
  const r = rects[i]!;
  for (let j = 0; j < obstacles.length; j++) if (overlaps(r, obstacles[j]!, 0)) return false;
  for (let j = 0; j < rects.length; j++) if (j !== i && shown[j] && overlaps(r, rects[j]!, pad)) return false;
  return true;
}
/** Indices of `ranks` sorted by rank, stable (ties keep their order along the border). */
export function rankOrder(ranks: readonly number[]): Uint16Array {
  return Uint16Array.from(ranks.map((r, i) => [r, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i));
}
