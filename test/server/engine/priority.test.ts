import { describe, expect, it } from 'vitest';
import type { EngineTruck } from '../../../server/engine/types';
import { defaultEngineConfig } from '../../../server/engine/config';
import { buildConfig, buildLane, buildTruck, MIN, T0, tick } from './builders';

/** The default perishable head start (minutes): the bound of perishable priority, tested from both sides. */
const HEAD = defaultEngineConfig().perishableHeadStartMin!;

const oneLane = [buildLane({ id: 'HN-1' })];
const order = (ts: EngineTruck[], policy: 'default' | 'fifo-static' = 'default') =>
  tick({ trucks: ts, lanes: oneLane, config: buildConfig({ policy }) }).plan.assignments.map((a) => `${a.truck}:${a.reason.rule}`);

describe('queue order', () => {
  it.each([
    {
      name: 'a perishable load goes before an older non-perishable one',
      trucks: [buildTruck({ id: 'old', queuedAt: T0 - 30 * MIN }), buildTruck({ id: 'fruit', perishable: true, queuedAt: T0 - 10 * MIN })],
      expected: ['fruit:perishable-priority', 'old:fifo'],
    },
    {
      name: 'ageing: a truck waiting longer than the head start beats a newer perishable',
      trucks: [buildTruck({ id: 'old', queuedAt: T0 - (HEAD + 30) * MIN }), buildTruck({ id: 'fruit', perishable: true, queuedAt: T0 - 10 * MIN })],
      expected: ['old:ageing', 'fruit:perishable-priority'],
    },
    {
      name: 'perishables among themselves are first come, first served',
      trucks: [buildTruck({ id: 'p2', perishable: true, queuedAt: T0 - 5 * MIN }), buildTruck({ id: 'p1', perishable: true, queuedAt: T0 - 8 * MIN })],
      expected: ['p1:perishable-priority', 'p2:perishable-priority'],
    },
    {
      name: 'equal queue times are ordered by id, whatever the input order',
      trucks: [buildTruck({ id: 'b' }), buildTruck({ id: 'c' }), buildTruck({ id: 'a' })],
      expected: ['a:fifo', 'b:fifo', 'c:fifo'],
    },
  ])('default policy: $name', ({ trucks, expected }) => {
    expect(order(trucks)).toEqual(expected);
  });

  it.each([
    { name: 'perishability is ignored', trucks: [buildTruck({ id: 'old', queuedAt: T0 - 30 * MIN }), buildTruck({ id: 'fruit', perishable: true, queuedAt: T0 - 10 * MIN })], expected: ['old:fifo', 'fruit:fifo'] },
    { name: 'strict arrival order', trucks: [buildTruck({ id: 'x', queuedAt: T0 - 1 * MIN }), buildTruck({ id: 'y', queuedAt: T0 - 2 * MIN })], expected: ['y:fifo', 'x:fifo'] },
  ])('fifo-static: $name', ({ trucks, expected }) => {
    expect(order(trucks, 'fifo-static')).toEqual(expected);
  });

  it('the head start is configurable', () => {
    const ts = [buildTruck({ id: 'old', queuedAt: T0 - 30 * MIN }), buildTruck({ id: 'fruit', perishable: true, queuedAt: T0 - 10 * MIN })];
    const out = tick({ trucks: ts, lanes: oneLane, config: buildConfig({ perishableHeadStartMin: 15 }) });
    expect(out.plan.assignments.map((a) => a.truck)).toEqual(['old', 'fruit']);
  });

  it.each([
    ['default', HEAD],
    ['fifo-static', 0],
  ] as const)('no starvation (%s): perishables arriving faster than the lane clears overtake an old truck only within the head start', (policy, headMin) => {
    // One 240 s lane, a perishable load every 2 min: perishables alone would fill the lane for ever. The head
    // start lets HEAD / 2 of them go first, which takes the lane 2 × HEAD minutes.
    let queue: EngineTruck[] = [buildTruck({ id: 'N', queuedAt: T0 })];
    const queuedAt = new Map([['N', T0]]);
    const servedBeforeN: number[] = [];
    let arrivals = 0;
    let served = false;
    for (let now = T0; now < T0 + (2 * HEAD + 60) * MIN && !served; now += 4 * MIN) {
      for (; T0 + arrivals * 2 * MIN <= now; arrivals++) {
        queue.push(buildTruck({ id: `P${arrivals}`, perishable: true, queuedAt: T0 + arrivals * 2 * MIN }));
        queuedAt.set(`P${arrivals}`, T0 + arrivals * 2 * MIN);
      }
      const head = tick({ now, trucks: queue, lanes: oneLane, config: buildConfig({ policy }) }).plan.assignments[0]!;
      if (head.truck === 'N') served = true;
      else servedBeforeN.push(queuedAt.get(head.truck)!);
      queue = queue.filter((t) => t.id !== head.truck);
    }
    expect(served).toBe(true);
    // Exactly the perishables that arrived less than the head start after N went first (one every 2 min), none under FIFO.
    expect(servedBeforeN.every((q) => q < T0 + headMin * MIN)).toBe(true);
    expect(servedBeforeN).toHaveLength(headMin / 2);
  });

  it('trucks are planned per crossing and direction, each on its own lanes', () => {
    const out = tick({
      trucks: [buildTruck({ id: 'e' }), buildTruck({ id: 'i', direction: 'import' }), buildTruck({ id: 't', crossing: 'tan-thanh-freight' })],
    });
    const lane = Object.fromEntries(out.plan.assignments.map((a) => [a.truck, a.lane]));
    expect(lane.e).toMatch(/^HN-[12]$/);
    expect(lane.i).toMatch(/^HN-[3-6]$/);
    expect(lane.t).toBe('TT-1');
  });
});
