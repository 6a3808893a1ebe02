import { describe, expect, it } from 'vitest';
import { AGV_SPEC, dayContainers, RAIL_SPEC, runSmartGate } from '../../../server/engine/railAgv';

const START = Date.parse('2026-06-01T00:00:00+07:00');
const input = (demandPerDay: number, fleet = 6) => ({
  lengthM: 3_800, demandPerDay, hourlyProfile: Array.from({ length: 24 }, (_, h) => (h >= 7 && h < 19 ? 2 : 1)), start: START, fleet,
  faultAt: START + 14 * 3_600_000, faultMinutes: 20,
});

describe('AGV or overhead rail on one corridor', () => {
  it('spreads the day\'s containers over the hours, 7 in 10 from the Chinese end', () => {
    const cs = dayContainers(input(300));
    expect(cs.length).toBe(300);
    expect(cs.filter((c) => c.end === 0).length).toBe(210);
    expect(cs.every((c, i) => i === 0 || c.at >= cs[i - 1]!.at)).toBe(true);
  });

  it.each([
    [AGV_SPEC, 25, 10],
    [RAIL_SPEC, 36, 5],
  ])('%o: an unloaded corridor delivers every container in one trip: travel plus two handlings', (spec, kmh, handling) => {
    const r = runSmartGate(spec, input(24));
    expect(r.delivered).toBe(24);
    const trip = 3.8 / kmh * 60 + 2 * handling;
    expect(r.yardToYardMeanMin).toBeGreaterThanOrEqual(trip - 0.1);
    expect(r.yardToYardMeanMin).toBeLessThan(trip + 15);
  });

  it('the rail takes ~30 % of the road\'s footprint; a stopped AGV is passed, a stopped carrier blocks its track', () => {
    const agv = runSmartGate(AGV_SPEC, input(200));
    const rail = runSmartGate(RAIL_SPEC, input(200));
    expect(rail.footprintM2 / agv.footprintM2).toBeCloseTo(0.3, 2);
    expect(agv.fault.capacityLeft).toBeCloseTo(5 / 6, 1);
    expect(rail.fault.capacityLeft).toBe(0.5);
    expect(rail.fault.maxDelayMin).toBeGreaterThan(0);
    expect(rail.fault.maxDelayMin).toBeLessThanOrEqual(20);
  });

  it('more demand needs more vehicles; past its block headway no fleet keeps the rail up', () => {
    const small = runSmartGate(AGV_SPEC, input(100));
    const big = runSmartGate(AGV_SPEC, input(1_000));
    expect(big.vehiclesNeeded!).toBeGreaterThan(small.vehiclesNeeded!);
    expect(runSmartGate(RAIL_SPEC, input(2_800)).vehiclesNeeded).toBeNull();
    // 90 s between departures on each of its two tracks: 80 containers an hour, however many carriers.
    expect(runSmartGate(RAIL_SPEC, input(2_800, 120)).capacityPerHour).toBe(80);
  });
});
