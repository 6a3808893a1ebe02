import { describe, expect, it } from 'vitest';
import { densityColumns, hourTicks, timeAtX, xAtTime } from '../../../../client/hud/replay/timelineMath';

const first = Date.UTC(2026, 10, 22, 23, 0, 0); // 06:00 at UTC+7
const last = first + 14 * 3_600_000; // 20:00
const span = { first, last, width: 700 };

describe('timeline mapping', () => {
  it('maps the ends and the middle both ways', () => {
    expect(timeAtX(0, span)).toBe(first);
    expect(timeAtX(700, span)).toBe(last);
    expect(timeAtX(350, span)).toBe(first + 7 * 3_600_000);
    expect(xAtTime(first + 7 * 3_600_000, span)).toBe(350);
  });
  it('clamps clicks outside the strip to the recording', () => {
    expect(timeAtX(-40, span)).toBe(first);
    expect(timeAtX(9999, span)).toBe(last);
    expect(xAtTime(first - 1e6, span)).toBe(0);
    expect(xAtTime(last + 1e6, span)).toBe(700);
  });
  it('rounds seeks to the second', () => expect(timeAtX(1, span) % 1000).toBe(0));
  it('round-trips within a pixel', () => {
    for (let x = 0; x <= 700; x += 37) expect(Math.abs(xAtTime(timeAtX(x, span), span) - x)).toBeLessThan(0.5);
  });
  it('survives an empty or zero-width recording', () => {
    expect(timeAtX(10, { first, last: first, width: 700 })).toBe(first);
    expect(timeAtX(10, { first, last, width: 0 })).toBe(first);
    expect(xAtTime(first, { first, last: first, width: 700 })).toBe(0);
  });
  it('ticks at local whole hours, thinned for long spans', () => {
    const ticks = hourTicks(first + 60_000, last, 7);
    // 07:00 … 20:00 local = 14 hours: every 2 h to stay within 13 ticks.
    expect(ticks.length).toBeLessThanOrEqual(13);
    for (const t of ticks) expect(((t + 7 * 3_600_000) / 3_600_000) % 2).toBe(0);
    expect(hourTicks(first, first + 3 * 3_600_000, 7)).toEqual([0, 1, 2, 3].map((h) => first + h * 3_600_000));
    expect(hourTicks(last, first, 7)).toEqual([]);
  });
  it('resamples activity onto pixel columns and normalises it on a square-root scale', () => {
    const cols = densityColumns([1, 1, 2, 0, 4, 4], 3);
    expect(Array.from(cols)).toEqual([0.5, 0.5, 1]);
    // Fewer buckets than columns: no empty columns between them.
    expect(Array.from(densityColumns([1, 4], 4))).toEqual([0.5, 0.5, 1, 1]);
    expect(densityColumns([], 5).every((v) => v === 0)).toBe(true);
    expect(densityColumns([3], 0).length).toBe(0);
  });
});
