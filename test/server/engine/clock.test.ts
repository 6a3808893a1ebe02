import { describe, expect, it } from 'vitest';
import { inHours, localDay, localMidnight, span, windowFrom } from '../../../server/engine/clock';
import { vn } from './builders';

const DAY = '2026-03-10';
const NEXT = '2026-03-11';
const day = { open: '07:00', close: '19:00' };
const night = { open: '22:00', close: '06:00' };
const allDay = { open: '00:00', close: '00:00' };

describe('site-local clock (UTC+7)', () => {
  it.each([
    ['07:00 VN is 00:00 UTC the same day', vn('07:00'), DAY],
    ['06:59 VN is still the VN day though UTC says the day before', vn('06:59'), DAY],
    ['23:30 VN is 16:30 UTC', vn('23:30'), DAY],
    ['00:10 VN belongs to the next VN day', vn('00:10', NEXT), NEXT],
  ])('%s', (_name, t, expected) => {
    expect(localDay(t, 7)).toBe(expected);
  });

  it('local midnight is 17:00 UTC of the day before', () => {
    expect(localMidnight(vn('10:00'), 7)).toBe(Date.parse('2026-03-09T17:00:00Z'));
  });

  it.each([
    ['06:59', day, false],
    ['07:00', day, true],
    ['18:59', day, true],
    ['19:00', day, false],
    ['23:00', night, true],
    ['05:59', night, true],
    ['06:00', night, false],
    ['12:00', allDay, true],
  ])('at %s VN, hours %o are open: %s', (hhmm, hours, open) => {
    expect(inHours(hours, vn(hhmm), 7)).toBe(open);
  });

  it.each([
    ['before opening: the window starts at 07:00', day, undefined, vn('05:00'), vn('07:00'), vn('19:00')],
    ['inside: the current window', day, undefined, vn('10:00'), vn('07:00'), vn('19:00')],
    ['after closing: tomorrow 07:00', day, undefined, vn('19:00'), vn('07:00', NEXT), vn('19:00', NEXT)],
    ['overnight, late evening', night, undefined, vn('23:00'), vn('22:00'), vn('06:00', NEXT)],
    ['overnight, early morning', night, undefined, vn('03:00', NEXT), vn('22:00'), vn('06:00', NEXT)],
    ['intersection of lane 08:00–12:00 and crossing hours', { open: '08:00', close: '12:00' }, day, vn('12:30'), vn('08:00', NEXT), vn('12:00', NEXT)],
    ['intersection of day and night hours is empty', day, night, vn('10:00'), Infinity, Infinity],
  ])('windowFrom: %s', (_name, a, b, t, start, end) => {
    const w = { start: 0, end: 0 };
    windowFrom(span(a), b && span(b), t, 7, w);
    expect(w).toEqual({ start, end });
  });
});
