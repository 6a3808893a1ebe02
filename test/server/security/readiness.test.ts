import { describe, expect, it } from 'vitest';
import { Readiness } from '../../../server/http/readiness';
import { RefusalSampler } from '../../../server/security/refusalSampler';

describe('readiness', () => {
  it('is lost after 3 failed engine ticks in a row and back after one that works', () => {
    const r = new Readiness(3);
    r.engineTick(true);
    r.engineTick(true);
    expect(r.check()).toEqual([]);
    r.engineTick(true);
    expect(r.check()).toEqual(['engine']);
    r.engineTick(false);
    expect(r.check()).toEqual([]);
  });

  it('names every reason at once: recorder and leader too', () => {
    const r = new Readiness(1);
    r.engineTick(true);
    r.recorder(new Error('disk full'));
    r.leader(false);
    expect(r.check()).toEqual(['engine', 'recorder', 'leader']);
    r.recorder(undefined);
    r.leader(true);
    r.engineTick(false);
    expect(r.check()).toEqual([]);
  });
});

describe('refusal sampling', () => {
  it('writes at most N per reason per window and carries the count skipped into the next line written', () => {
    let now = 0;
    const s = new RefusalSampler(2, () => now, 60_000);
    const written = () => Array.from({ length: 5 }, () => s.admit('http 401 GET /api/state'));
    expect(written().map((x) => x.write)).toEqual([true, true, false, false, false]);
    expect(s.admit('other reason')).toEqual({ write: true, skipped: 0 });
    now = 60_000;
    expect(s.admit('http 401 GET /api/state')).toEqual({ write: true, skipped: 3 });
    expect(s.admit('http 401 GET /api/state')).toEqual({ write: true, skipped: 0 });
  });
});
