import { describe, expect, it } from 'vitest';
import { defaultEngineConfig } from '../../../server/engine/config';
import { DEFAULT_PROFILE, forkTwin } from '../../../server/forecast/fork';
import type { TruckMessage } from '../../../server/protocol';
import { Twin } from '../../../server/twin/twin';
import { buildSite, T0 } from '../../support/builders';

const MIN = 60_000;
const HOUR = 60 * MIN;
const HN = 'huu-nghi-freight';

/**
 * A twin at 16:00 whose Hữu Nghị lane HN-1 cleared `perHour` export trucks an hour over the last `hours` hours, each
 * service `pace` times the lane's nominal 180 s (green channel).
 */
function twinWithServices(pace: number, perHour: number, hours: number): { twin: Twin; now: number } {
  const site = buildSite();
  const twin = new Twin(site);
  const now = T0 + 8 * HOUR; // 16:00 local
  const serviceMs = pace * 180_000;
  const n = perHour * hours;
  for (let i = 0; i < n; i++) {
    const crossedAt = now - hours * HOUR + ((i + 0.5) * HOUR) / perHour;
    const entered = crossedAt - serviceMs;
    const base = { kind: 'truck', id: `T${i}`, crossing: HN, direction: 'export', cargo: 'general', perishable: false, channel: 'green' } as const;
    const events: [TruckMessage['event'], number][] = [['arrived', entered - 30 * MIN], ['called', entered - MIN], ['entered-lane', entered], ['crossed', crossedAt]];
    events.forEach(([event, ts], seq) => twin.apply({ ...base, seq, ts, event, ...(event === 'arrived' ? {} : { lane: 'HN-1' }) }, ts));
  }
  return { twin, now };
}

const paceOf = (twin: Twin, now: number) => forkTwin(twin, buildSite(), now, defaultEngineConfig('default'), { profile: DEFAULT_PROFILE }).serviceFactor.find((f) => f.crossing === HN)!;

describe("the forecast's reading of how fast lanes run", () => {
  it('reads a normal hour of services as it is', () => {
    const { twin, now } = twinWithServices(1.2, 12, 2);
    expect(paceOf(twin, now).factor).toBeCloseTo(1.2, 5);
  });

  it('believes a collapse far slower than three times nominal (the December 2021 jam: 24 times)', () => {
    // Capped at 3 before: the forecast cleared the jam's queue eight times too fast.
    const { twin, now } = twinWithServices(24, 8, 2);
    expect(paceOf(twin, now).factor).toBeCloseTo(24, 5);
  });

  it('reads the pace from as many of the last hours as it takes to see five services, when one hour holds fewer', () => {
    // Two or three trucks an hour, each service 24 times nominal: no single hour says anything, four together do.
    const { twin, now } = twinWithServices(24, 2, 4);
    const f = paceOf(twin, now);
    expect(f.factor).toBeCloseTo(24, 5);
    expect(f.longFactor).toBeCloseTo(24, 5);
    // With nothing to read at all, nominal.
    const empty = new Twin(buildSite());
    expect(paceOf(empty, now).factor).toBe(1);
  });
});
