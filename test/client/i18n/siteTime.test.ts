import { describe, expect, it } from 'vitest';
import { siteClock, siteHours, siteSpan, siteTime, zoneCaption } from '../../../client/i18n/siteTime';

const zones = { vn: 7, cn: 8 };
// 07:05:09 UTC is 14:05:09 in Vietnam and 15:05:09 in Beijing.
const at = Date.UTC(2026, 11, 5, 7, 5, 9);

describe('every time shown carries its zone', () => {
  it.each([
    ['vi', false, '14:05 (UTC+7)'],
    ['en', false, '14:05 (UTC+7)'],
    ['en', true, '14:05:09 (UTC+7)'],
    ['zh', false, '14:05 越南 / 15:05 北京'],
    ['zh', true, '14:05:09 越南 / 15:05:09 北京'],
  ] as const)('%s (seconds: %s): %s', (lang, seconds, text) => {
    expect(siteTime(lang, at, zones, seconds)).toBe(text);
  });

  it('crosses midnight in Beijing while Vietnam is still the day before', () => {
    expect(siteTime('zh', Date.UTC(2026, 11, 5, 16, 30), zones)).toBe('23:30 越南 / 00:30 北京');
  });

  it('says the zone of a span once, and both spans in Chinese', () => {
    const to = at + 3_600_000;
    expect(siteSpan('en', at, to, zones)).toBe('14:05–15:05 (UTC+7)');
    expect(siteSpan('zh', at, to, zones)).toBe('14:05–15:05 越南 / 15:05–16:05 北京');
  });

  it('reads the site-local opening hours as written in the site model', () => {
    expect(siteClock('vi', '19:00', zones)).toBe('19:00 (UTC+7)');
    expect(siteClock('zh', '19:00', zones)).toBe('19:00 越南 / 20:00 北京');
    expect(siteHours('en', '07:00', '19:00', zones)).toBe('07:00–19:00 (UTC+7)');
    expect(siteHours('zh', '07:00', '19:00', zones)).toBe('07:00–19:00 越南 / 08:00–20:00 北京');
    // Something that is not a clock reading is shown as it is rather than as a wrong time.
    expect(siteClock('en', 'dusk', zones)).toBe('dusk');
    expect(siteHours('en', '07:00', 'late', zones)).toBe('07:00–late');
  });

  it('captions a time axis with its zone', () => {
    expect(zoneCaption('en', zones)).toBe('UTC+7');
    expect(zoneCaption('zh', zones)).toBe('越南 UTC+7 · 北京 UTC+8');
  });
});
