import { describe, expect, it } from 'vitest';
import { buildReplayLink, isoAt, parseReplayLink } from '../../../../client/hud/replay/replayLink';

const at = Date.UTC(2026, 10, 23, 2, 30, 0); // 09:30 at UTC+7

describe('shareable replay links', () => {
  it('parse day, ISO time with offset and a preset camera', () => {
    expect(parseReplayLink('?token=x&day=2026-11-23&t=2026-11-23T09:30:00%2B07:00&cam=huu-nghi-freight')).toEqual({ day: '2026-11-23', at, cam: { preset: 'huu-nghi-freight' } });
  });
  it('accept epoch milliseconds and a camera pose', () => {
    expect(parseReplayLink(`?day=2026-11-23~whatif-3&t=${at}&cam=1,2,3,-4.5,5,6`)).toEqual({ day: '2026-11-23~whatif-3', at, cam: { pose: [1, 2, 3, -4.5, 5, 6] } });
  });
  it.each([
    ['?day=../../etc&t=yesterday&cam=<script>', { day: null, at: null, cam: null }],
    ['?day=2026-13-99x&t=12&cam=1,2,3', { day: null, at: null, cam: null }],
    ['', { day: null, at: null, cam: null }],
  ])('ignore malformed parts of %s', (q, expected) => expect(parseReplayLink(q)).toEqual(expected));
  it('write local time with its offset', () => {
    expect(isoAt(at, 7)).toBe('2026-11-23T09:30:00+07:00');
    expect(isoAt(at, 8)).toBe('2026-11-23T10:30:00+08:00');
    expect(isoAt(at, -3.5)).toBe('2026-11-22T23:00:00-03:30');
  });
  it('build a link that parses back to the same day, instant and camera', () => {
    const link = buildReplayLink({ lang: 'zh' }, { day: '2026-11-23', at, cam: { pose: [1.4, 2.6, 3, 4, 5, 6] } }, 7);
    expect(link.startsWith('/replay?day=2026-11-23&t=2026-11-23T09%3A30%3A00%2B07%3A00')).toBe(true);
    expect(link).not.toContain('token');
    const back = parseReplayLink(link.slice(link.indexOf('?')));
    expect(back).toEqual({ day: '2026-11-23', at, cam: { pose: [1, 3, 3, 4, 5, 6] } });
    expect(new URLSearchParams(link.slice(8)).get('lang')).toBe('zh');
  });
});
