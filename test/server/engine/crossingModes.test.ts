import { describe, expect, it } from 'vitest';
import { allowedModes, drawMode, IN_LANE_SAMPLE_S, laneServiceS, modeSpec, SMART_GATE_S } from '../../../server/engine/crossingModes';
import { crossingFigures } from '../../../server/engine/crossingLedger';
import { CROSSING_MODES, type CrossingMode } from '../../../server/protocol';
import { buildSetup, buildTruck, H, T0 } from './crossingTestKit';

describe('which modes a truck may use', () => {
  it.each([
    // crossing, cargo, third country, levers → modes
    ['tan-thanh-freight', 'electronics', false, {}, ['cross-load', 'tractor-swap', 'drive-through', 'agv-transfer']],
    ['tan-thanh-freight', 'fruit', false, {}, ['cross-load', 'tractor-swap', 'drive-through']],
    ['tan-thanh-freight', 'electronics', false, { twoWayPilot: false }, ['cross-load', 'tractor-swap', 'agv-transfer']],
    ['tan-thanh-freight', 'fruit', true, {}, ['cross-load']],
    ['tan-thanh-freight', 'fruit', true, { thirdCountry: new Map([['tan-thanh-freight', true]]) }, ['cross-load', 'drive-through']],
    ['huu-nghi-freight', 'fruit', true, { thirdCountry: new Map([['tan-thanh-freight', true]]) }, ['cross-load']],
    ['coc-nam', 'electronics', false, {}, ['cross-load']],
  ] as const)('%s, %s, third country %s, levers %o → %o', (crossing, cargo, thirdCountry, levers, modes) => {
    expect(allowedModes(buildSetup(levers), { crossing, cargo, thirdCountry })).toEqual(modes);
  });

  it('per configuration: the 2027 target lets third-country vehicles through at Tân Thanh, today does not', () => {
    const t = { crossing: 'tan-thanh-freight', cargo: 'fruit' as const, thirdCountry: true };
    expect(allowedModes(buildSetup({}, false, 'today'), t)).not.toContain('drive-through');
    expect(allowedModes(buildSetup({}, false, '2027-target'), t)).toContain('drive-through');
  });

  it('draws modes in proportion to the mix over the open modes, and a third-country truck drives through only when allowed', () => {
    const setup = buildSetup({ modeMix: { 'cross-load': 1, 'tractor-swap': 1, 'drive-through': 2 } });
    const counts = new Map<CrossingMode, number>();
    for (let i = 0; i < 4000; i++) {
      const m = drawMode(setup, { crossing: 'tan-thanh-freight', cargo: 'fruit', thirdCountry: false }, (i + 0.5) / 4000);
      counts.set(m, (counts.get(m) ?? 0) + 1);
    }
    expect(counts.get('drive-through')).toBe(2000);
    expect(counts.get('cross-load')).toBe(1000);
    expect(counts.has('agv-transfer')).toBe(false);
    expect(drawMode(setup, { crossing: 'tan-thanh-freight', cargo: 'fruit', thirdCountry: true }, 0.9)).toBe('cross-load');
    const open = buildSetup({ thirdCountry: new Map([['tan-thanh-freight', true]]) });
    expect(drawMode(open, { crossing: 'tan-thanh-freight', cargo: 'fruit', thirdCountry: true }, 0.1)).toBe('drive-through');
  });
});

describe('each mode in the lane and in the zone', () => {
  const setup = buildSetup({ thirdCountry: new Map([['tan-thanh-freight', true]]) });
  it.each(CROSSING_MODES.map((m) => [m]))('%s: lane time, time in zone, transload hours and cost come from its spec', (mode) => {
    const spec = modeSpec(mode);
    const lane = laneServiceS(180, { mode, perishable: false }, setup);
    expect(lane).toBeCloseTo(spec.laneS ?? 180 * spec.laneFactor);
    const trucks = Array.from({ length: 40 }, (_, k) => buildTruck(k * 10, { mode }));
    const f = crossingFigures(trucks, setup, T0, T0 + 24 * H);
    expect(f.trucks).toBe(40);
    expect(f.byMode.find((b) => b.mode === mode)!.trucks).toBe(40);
    // 33 min from queue to crossing, then the mode's handling (no bay is short: 240 bays for 40 trucks).
    const wait = 33 / 60;
    expect(f.timeInZoneMeanH).toBeGreaterThanOrEqual(wait + spec.handlingH[0] - 0.01);
    expect(f.timeInZoneMeanH).toBeLessThanOrEqual(wait + spec.handlingH[1] + 0.01);
    expect(f.costPerTruckCny).toBeGreaterThanOrEqual(spec.costCny[0]);
    expect(f.costPerTruckCny).toBeLessThanOrEqual(spec.costCny[1]);
    expect(f.transloadHoursPerTruck > 0).toBe(spec.transloadShare > 0);
    expect(f.bayWaitMeanH).toBe(0);
  });

  it('the AGV container transfer passes the smart gate; perishables sampled at the vehicle hold the lane a minute longer unless a centre samples them', () => {
    expect(laneServiceS(180, { mode: 'agv-transfer', perishable: false }, setup)).toBe(SMART_GATE_S);
    expect(laneServiceS(180, { mode: 'cross-load', perishable: true }, setup)).toBe(180 + IN_LANE_SAMPLE_S);
    expect(laneServiceS(180, { mode: 'cross-load', perishable: true }, buildSetup({}, true))).toBe(180);
    expect(laneServiceS(180, { perishable: false }, setup)).toBe(180);
  });

  it('cross-loading waits for a bay when the named yard is full', () => {
    const base = buildSetup();
    const tiny = { ...base, rules: new Map([...base.rules, ['coc-nam', { ...base.rules.get('coc-nam')!, crossLoadBays: 2 }]]) };
    const trucks = Array.from({ length: 6 }, (_, k) => buildTruck(k, { crossing: 'coc-nam', mode: 'cross-load' }));
    const f = crossingFigures(trucks, tiny, T0, T0 + 24 * H);
    // Six trucks, two bays, ~24 h each: the last two wait ~2 days.
    expect(f.bayWaitMeanH).toBeGreaterThan(20);
    expect(f.timeInZoneP95H).toBeGreaterThan(60);
  });

  it('trucks without a mode (older devices, recorded days) get the same mode each time from their id', () => {
    const trucks = Array.from({ length: 200 }, (_, k) => buildTruck(k, { mode: undefined, thirdCountry: undefined, cargo: 'fruit' }));
    const a = crossingFigures(trucks, setup, T0, T0 + 24 * H);
    expect(crossingFigures([...trucks].reverse(), setup, T0, T0 + 24 * H)).toEqual(a);
    expect(a.byMode.filter((b) => b.trucks > 0).length).toBeGreaterThanOrEqual(3);
    expect(a.thirdCountry.trucks).toBeGreaterThan(10);
    expect(a.thirdCountry.droveThrough).toBe(a.thirdCountry.trucks);
  });
});
