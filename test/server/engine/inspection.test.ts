import { describe, expect, it } from 'vitest';
import { crossingFigures } from '../../../server/engine/crossingLedger';
import { inspect, INSPECTION_CENTRE, INSPECTION_TODAY, serveQueue } from '../../../server/engine/inspection';
import { buildSetup, buildTruck, H, T0 } from './crossingTestKit';

describe('a queue with parallel servers', () => {
  it.each([
    [1, [0, 0, 0], [5, 5, 5], [[0, 5], [5, 10], [10, 15]]],
    [2, [0, 0, 0], [5, 5, 5], [[0, 5], [0, 5], [5, 10]]],
    [2, [0, 1, 20], [10, 4, 1], [[0, 10], [1, 5], [20, 21]]],
    [1, [3, 0], [1, 2], [[3, 4], [0, 2]]],
  ])('%i server(s), arrivals %o, durations %o', (servers, arrivals, durations, expected) => {
    const out = serveQueue(arrivals.map((arrival, i) => ({ arrival, duration: durations[i]! })), servers);
    expect(out.map((o) => [o.start, o.end])).toEqual(expected);
  });

  it('refuses a queue without servers', () => {
    expect(() => serveQueue([], 0)).toThrow(/server/);
  });
});

describe('inspection of perishables', () => {
  const trucks = Array.from({ length: 120 }, (_, k) => ({ queuedAt: T0 + k * 120_000, enteredLaneAt: T0 + k * 120_000 + 45 * 60_000, uSample: (k % 10) / 10, uLab: (k % 25) / 25, uLabTime: 0.5 }));

  it('sampled at the vehicle while it queues, a truck loses time only when sampling outlasts its wait; a lab check holds it for hours', () => {
    const out = inspect(trucks, INSPECTION_TODAY);
    const noLab = out.filter((o) => !o.lab);
    const lab = out.filter((o) => o.lab);
    expect(lab.length).toBe(trucks.filter((t) => t.uLab < INSPECTION_TODAY.labShare).length);
    expect(Math.max(...lab.map((o) => o.labH))).toBeGreaterThanOrEqual(INSPECTION_TODAY.lab.minutes[0] / 60);
    // 8 samplers, a truck every 2 min, 5–10 min each: the queue keeps up within the 45-minute wait.
    expect(Math.max(...noLab.map((o) => o.addedH))).toBe(0);
  });

  it('the centre stops each truck for sampling after clearance but answers lab checks within hours, not a day', () => {
    const today = inspect(trucks, INSPECTION_TODAY);
    const centre = inspect(trucks, INSPECTION_CENTRE);
    const labH = (os: typeof today) => Math.max(...os.filter((o) => o.lab).map((o) => o.labH));
    expect(labH(centre)).toBeLessThanOrEqual(INSPECTION_CENTRE.lab.minutes[1] / 60);
    expect(labH(today)).toBeGreaterThan(labH(centre));
    expect(Math.min(...centre.map((o) => o.addedH))).toBeGreaterThanOrEqual(INSPECTION_CENTRE.sampling.minutes[0] / 60);
  });

  it('a day with many fruit trucks: the centre cuts the time perishables spend in the zone', () => {
    const fruit = Array.from({ length: 400 }, (_, k) => buildTruck(k, { cargo: 'fruit', perishable: true, mode: 'drive-through' }));
    const without = crossingFigures(fruit, buildSetup(), T0, T0 + 48 * H);
    const withCentre = crossingFigures(fruit, buildSetup({}, true), T0, T0 + 48 * H);
    expect(without.inspection).toMatchObject({ sampled: 400, centre: false });
    expect(withCentre.inspection).toMatchObject({ sampled: 400, centre: true });
    expect(withCentre.inspection.labMeanH).toBeLessThan(without.inspection.labMeanH);
    expect(withCentre.timeInZoneP95H).toBeLessThan(without.timeInZoneP95H);
  });
});
