import { describe, expect, it } from 'vitest';
import { buildConfig, buildLane, buildTruck, loadSite, siteLanes, T0, tick } from './builders';

// These tests are about service-time prediction, so trucks go in arrival order (no head start by channel).
const inOrder = buildConfig({ channelHeadStartMin: { green: 0, yellow: 0, red: 0 } });

const oneLane = [buildLane({ id: 'HN-1', serviceS: 240 })];

describe('service times', () => {
  it.each([
    // channelServiceFactor in site.json: green 1, yellow 1.6, red 4.
    ['green', 240],
    ['yellow', 384],
    ['red', 960],
  ] as const)('after a %s truck, the next enters %i s later', (channel, seconds) => {
    const out = tick({ config: inOrder, trucks: [buildTruck({ id: 'a', channel, queuedAt: T0 - 1 }), buildTruck({ id: 'b' })], lanes: oneLane });
    expect(out.plan.assignments.map((a) => a.at - T0)).toEqual([0, seconds * 1000]);
  });

  it.each([
    ['green', 140],
    ['red', 860],
  ] as const)('a %s truck in the lane for 100 s frees it %i s from now', (channel, seconds) => {
    const out = tick({ config: inOrder, trucks: [buildTruck({ id: 'in', channel, phase: 'in-lane', lane: 'HN-1', enteredLaneAt: T0 - 100_000 }), buildTruck({ id: 'b' })], lanes: oneLane });
    expect(out.plan.assignments[0]!.at - T0).toBe(seconds * 1000);
  });

  it('a red truck on one lane sends the next truck to the other lane', () => {
    const lanes = [buildLane({ id: 'HN-1' }), buildLane({ id: 'HN-2' })];
    const out = tick({ config: inOrder, trucks: [buildTruck({ id: 'r', channel: 'red', queuedAt: T0 - 2 }), buildTruck({ id: 'g1', queuedAt: T0 - 1 }), buildTruck({ id: 'g2' })], lanes });
    expect(out.plan.assignments.map((a) => `${a.truck}>${a.lane}@${(a.at - T0) / 1000}`)).toEqual(['r>HN-1@0', 'g1>HN-2@0', 'g2>HN-2@240']);
  });

  it('among lanes free at the same time the faster one wins', () => {
    const lanes = [buildLane({ id: 'HN-1', serviceS: 240 }), buildLane({ id: 'HN-2', serviceS: 150 })];
    expect(tick({ config: inOrder, trucks: [buildTruck()], lanes }).plan.assignments[0]!.lane).toBe('HN-2');
  });

  it('reasons list every candidate lane with its wait; the truck takes the earliest', () => {
    const lanes = [buildLane({ id: 'HN-1' }), buildLane({ id: 'HN-2' })];
    const out = tick({ config: inOrder, trucks: [buildTruck({ id: 'a', channel: 'red', queuedAt: T0 - 1 }), buildTruck({ id: 'b' }), buildTruck({ id: 'c' })], lanes });
    expect(out.plan.assignments.map((a) => [a.truck, a.lane, a.reason])).toEqual([
      ['a', 'HN-1', { rule: 'fifo', candidates: [{ option: 'HN-1', cost: 0 }, { option: 'HN-2', cost: 0 }] }],
      ['b', 'HN-2', { rule: 'fifo', candidates: [{ option: 'HN-1', cost: 960 }, { option: 'HN-2', cost: 0 }] }],
      ['c', 'HN-2', { rule: 'fifo', candidates: [{ option: 'HN-1', cost: 960 }, { option: 'HN-2', cost: 240 }] }],
    ]);
  });
});

describe('vehicle classes', () => {
  it.each([
    ['AGV-only lanes of the 2027 configuration', 'huu-nghi-freight', /^HN-(1[34])$/],
    ['passenger lanes of the clearance path', 'tan-thanh-clearance', /./],
  ])('trucks never go to %s', (_name, crossing, forbidden) => {
    const site = loadSite('2027-target');
    const lanes = siteLanes(site);
    const ts = Array.from({ length: 60 }, (_, i) => buildTruck({ id: `T${i}`, crossing, direction: i % 2 ? 'export' : 'import' }));
    const out = tick({ site, lanes, trucks: ts });
    expect(out.plan.assignments.filter((a) => forbidden.test(a.lane))).toEqual([]);
    if (crossing === 'huu-nghi-freight') expect(out.plan.assignments).toHaveLength(60);
  });
});
