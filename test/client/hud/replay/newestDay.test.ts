import { describe, expect, it } from 'vitest';
import { daysNewestFirst, findNewestDay, latestMinute } from '../../../../client/hud/replay/newestDay';
import type { Reply } from '../../../../server/protocol/commands';
import type { RecordingEntry } from '../../../../server/protocol/replay';

const entry = (day: string, kind: RecordingEntry['kind'] = 'day'): RecordingEntry => ({ day, kind, bytes: 1000, kept: false });
const T = Date.parse('2026-12-05T09:30:20+07:00');

/** A fake server: answers the paths it knows, 404 for the rest, and logs what was asked. */
function fakeGet(routes: Record<string, unknown>) {
  const asked: string[] = [];
  const get = async <T>(path: string): Promise<Reply<T>> => {
    asked.push(path);
    return path in routes ? { ok: true, data: routes[path] as T } : { ok: false, error: `no recording ${path}` };
  };
  return { get, asked };
}

describe('where /replay opens without a day', () => {
  it('orders days newest first and leaves what-if runs out', () => {
    expect(daysNewestFirst([entry('2026-06-01'), entry('2026-12-05~whatif-2', 'whatif'), entry('2026-12-05'), entry('2026-11-30')])).toEqual(['2026-12-05', '2026-11-30', '2026-06-01']);
  });

  it.each([
    [T - 3_600_000, T, T - 60_000],
    [T - 20_000, T, T - 20_000],
    [T, T, T],
  ])('opens a recording from %i to %i at its latest minute (%i)', (first, last, at) => expect(latestMinute(first, last)).toBe(at));

  it('opens the newest day (today while it records) at its latest minute', async () => {
    const { get, asked } = fakeGet({
      '/api/recordings': [entry('2026-06-01'), entry('2026-12-05'), entry('2026-12-05~whatif-1', 'whatif')],
      '/api/recordings/2026-12-05': { firstTs: T - 3 * 3_600_000, lastTs: T },
      '/api/recordings/2026-06-01': { firstTs: 1, lastTs: 2 },
    });
    expect(await findNewestDay(get)).toEqual({ ok: true, data: { day: '2026-12-05', at: T - 60_000 } });
    expect(asked).toEqual(['/api/recordings', '/api/recordings/2026-12-05']);
  });

  it('passes over a day just begun that holds nothing yet', async () => {
    const { get } = fakeGet({
      '/api/recordings': [entry('2026-12-04'), entry('2026-12-05')],
      '/api/recordings/2026-12-05': { firstTs: null, lastTs: null },
      '/api/recordings/2026-12-04': { firstTs: T - 86_400_000, lastTs: T - 50_000_000 },
    });
    expect(await findNewestDay(get)).toEqual({ ok: true, data: { day: '2026-12-04', at: T - 50_060_000 } });
  });

  it('says when nothing is recorded (only what-if runs count as nothing)', async () => {
    expect(await findNewestDay(fakeGet({ '/api/recordings': [] }).get)).toEqual({ ok: true, data: { day: null } });
    expect(await findNewestDay(fakeGet({ '/api/recordings': [entry('2026-12-01~whatif-1', 'whatif')] }).get)).toEqual({ ok: true, data: { day: null } });
  });

  it('passes the server’s refusal on, and refuses a malformed list', async () => {
    expect(await findNewestDay(fakeGet({}).get)).toEqual({ ok: false, error: 'no recording /api/recordings' });
    expect(await findNewestDay(fakeGet({ '/api/recordings': { day: 'x' } }).get)).toEqual({ ok: false, error: 'malformed list of recordings' });
  });
});
