import { describe, expect, it } from 'vitest';
import { meanP95, waitBins } from '../../../client/hud/waitBins';

const ts = 10_000_000;
const truck = (phase: string, minutes: number | undefined, perishable = false) => ({ crossing: 'c', phase, perishable, ...(minutes === undefined ? {} : { queuedAt: ts - minutes * 60_000 }) });

describe('waiting-time histogram', () => {
  it('counts only trucks still waiting, perishable apart', () => {
    const b = waitBins({ ts, trucks: [truck('queued', 10), truck('queued', 45, true), truck('called', 130), truck('in-lane', 300), truck('queued', undefined), truck('queued', 600, true)] });
    expect(b.count).toBe(4);
    expect(b.other).toEqual([1, 0, 0, 1, 0, 0]);
    expect(b.perishable).toEqual([0, 1, 0, 0, 0, 1]);
  });
  it('mean and nearest-rank p95', () => {
    expect(meanP95([])).toEqual({ mean: 0, p95: 0 });
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(meanP95(v)).toEqual({ mean: 50.5, p95: 95 });
  });
});
