import { describe, expect, it } from 'vitest';
import { anchorFromHello, reanchor, twinNow } from '../../../client/state/twinClock';

describe('twin clock', () => {
  const twin = Date.UTC(2025, 11, 20, 0, 0, 0);
  it('runs `rate` times the wall clock from the hello anchor, whatever the browser clock says', () => {
    const a = anchorFromHello({ twinTime: twin, wallTime: 0, rate: 60 }, 5_000_000);
    expect(twinNow(a, 5_000_000)).toBe(twin);
    expect(twinNow(a, 5_001_000)).toBe(twin + 60_000);
  });
  it('keeps its anchor for small drift and re-anchors on a jump (seek, speed change)', () => {
    const a = anchorFromHello({ twinTime: twin, wallTime: 0, rate: 1 }, 0);
    expect(reanchor(a, twin + 1_500, 1_000)).toBe(a);
    const b = reanchor(a, twin + 3_600_000, 1_000);
    expect(b).not.toBe(a);
    expect(twinNow(b, 1_000)).toBe(twin + 3_600_000);
  });
});
