import { describe, expect, it } from 'vitest';
import { dayOf, dayStartMs, durationParts, fmtDate, fmtDayName, fmtDuration, fmtNumber, fmtTime } from '../../../client/i18n/format';
import { formatOffset } from '../../../client/i18n/timeFormat';

describe('time in UTC+7 and UTC+8', () => {
  it.each([
    [Date.UTC(2025, 11, 10, 0, 0, 0), 7, '07:00:00', '2025-12-10'],
    [Date.UTC(2025, 11, 10, 0, 0, 0), 8, '08:00:00', '2025-12-10'],
    [Date.UTC(2025, 11, 10, 16, 30, 5), 7, '23:30:05', '2025-12-10'],
    [Date.UTC(2025, 11, 10, 16, 30, 5), 8, '00:30:05', '2025-12-11'],
    [Date.UTC(2025, 11, 31, 16, 59, 59), 8, '00:59:59', '2026-01-01'],
    [Date.UTC(2026, 1, 28, 20, 0, 0), 7, '03:00:00', '2026-03-01'],
  ])('%d at UTC+%d is %s on %s', (ms, off, clock, day) => {
    for (const lang of ['vi', 'zh', 'en'] as const) expect(fmtTime(lang, ms, off)).toBe(clock);
    expect(dayOf(ms, off)).toBe(day);
  });
  it('China is one hour ahead of Vietnam', () => {
    const ms = Date.UTC(2025, 5, 1, 12, 34, 56);
    expect(Number(fmtTime('en', ms, 8).slice(0, 2)) - Number(fmtTime('en', ms, 7).slice(0, 2))).toBe(1);
  });
  it('drops the seconds when asked', () => expect(fmtTime('vi', Date.UTC(2025, 5, 1, 2, 3, 4), 7, false)).toBe('09:03'));
  it.each([[7, 'UTC+7'], [8, 'UTC+8'], [5.5, 'UTC+5:30'], [-3, 'UTC−3']])('offset %d reads %s', (o, s) => expect(formatOffset(o)).toBe(s));
  it('a site-local day starts at local midnight', () => {
    expect(dayStartMs('2026-11-23', 7)).toBe(Date.UTC(2026, 10, 22, 17));
    expect(dayOf(dayStartMs('2026-11-23', 7), 7)).toBe('2026-11-23');
    expect(dayOf(dayStartMs('2026-11-23', 7) - 1, 7)).toBe('2026-11-22');
    expect(dayStartMs('garbage', 7)).toBeNaN();
  });
});

describe('numbers and dates per locale (Intl)', () => {
  it.each([
    ['vi', '12.345'],
    ['zh', '12,345'],
    ['en', '12,345'],
  ] as const)('%s groups thousands as %s', (lang, s) => expect(fmtNumber(lang, 12345)).toBe(s));
  it('keeps decimals when asked, in the locale’s separator', () => {
    expect(fmtNumber('vi', 2.5, 1)).toBe('2,5');
    expect(fmtNumber('en', 2.5, 1)).toBe('2.5');
  });
  it.each([
    ['vi', '23 thg 11, 2026'],
    ['zh', '2026年11月23日'],
    ['en', '23 Nov 2026'],
  ] as const)('%s writes the date as %s', (lang, s) => {
    expect(fmtDate(lang, Date.UTC(2026, 10, 22, 17, 30), 7)).toBe(s);
    expect(fmtDayName(lang, '2026-11-23~whatif-2')).toBe(s);
  });
  it.each([
    ['vi', 45, '45 phút'],
    ['vi', 125, '2 giờ 5 phút'],
    ['zh', 125, '2小时5分钟'],
    ['en', 120, '2 hrs'],
    ['en', -5, '0 mins'],
    ['en', Number.NaN, '0 mins'],
  ] as const)('%s duration of %d min is %s', (lang, m, s) => expect(fmtDuration(lang, m)).toBe(s));
});

describe("a duration's figures and units, for the wall's mean-wait tile", () => {
  it.each([
    ['vi', 353, [['5', true], [' giờ ', false], ['53', true], [' phút', false]]],
    ['zh', 353, [['5', true], ['小时', false], ['53', true], ['分钟', false]]],
    ['en', 40, [['40', true], [' mins', false]]],
    ['en', 120, [['2', true], [' hrs', false]]],
  ] as const)('%s %i min', (lang, minutes, expected) => {
    const parts = durationParts(lang, minutes);
    expect(parts.map((p) => [p.text, p.figure])).toEqual(expected);
    // fmtDuration (every other duration on the screens) is these parts joined: "5 giờ 53 phút", "5小时53分钟".
    expect(fmtDuration(lang, minutes)).toBe(expected.map(([text]) => text).join(''));
  });

  it('keeps a figure with its group separator in one part', () => {
    expect(durationParts('en', 1_000 * 60 + 5).filter((p) => p.figure).map((p) => p.text)).toEqual(['1,000', '5']);
  });
});
