import { describe, expect, it } from 'vitest';
import { buildConfig, buildLane, buildTruck, T0, tick } from './builders';

const MIN = 60_000;
const oneLane = [buildLane({ id: 'HN-1' })];

describe('shortest expected service first, bounded (green/yellow/red head start)', () => {
  it.each<[string, 'green' | 'yellow' | 'red', number, 'green' | 'yellow' | 'red', number, string]>([
    // earlier truck, its channel, minutes before T0; later truck, its channel, minutes before T0; who goes first
    ['a green truck 30 min behind a red one goes first', 'red', 40, 'green', 10, 'b'],
    ['a green truck 50 min behind a red one does not (45 min bound)', 'red', 60, 'green', 10, 'a'],
    ['a yellow truck 15 min behind a red one goes first', 'red', 25, 'yellow', 10, 'b'],
    ['a yellow truck 25 min behind a red one does not (20 min bound)', 'red', 35, 'yellow', 10, 'a'],
    ['a green truck 20 min behind a yellow one goes first', 'yellow', 30, 'green', 10, 'b'],
    ['same channel: arrival order', 'green', 20, 'green', 10, 'a'],
  ])('%s', (_name, ca, ma, cb, mb, first) => {
    const trucks = [buildTruck({ id: 'a', channel: ca, queuedAt: T0 - ma * MIN }), buildTruck({ id: 'b', channel: cb, queuedAt: T0 - mb * MIN })];
    expect(tick({ trucks, lanes: oneLane }).plan.assignments[0]!.truck).toBe(first);
  });

  it('the baseline policy ignores channels: first come, first served', () => {
    const trucks = [buildTruck({ id: 'a', channel: 'red', queuedAt: T0 - 40 * MIN }), buildTruck({ id: 'b', channel: 'green', queuedAt: T0 - 10 * MIN })];
    expect(tick({ config: buildConfig({ policy: 'fifo-static' }), trucks, lanes: oneLane }).plan.assignments[0]!.truck).toBe('a');
  });

  it('a perishable load still outranks a green non-perishable that came at the same time', () => {
    const trucks = [buildTruck({ id: 'fruit', channel: 'yellow', perishable: true, queuedAt: T0 - 10 * MIN }), buildTruck({ id: 'parts', channel: 'green', perishable: false, queuedAt: T0 - 10 * MIN })];
    expect(tick({ trucks, lanes: oneLane }).plan.assignments[0]!.truck).toBe('fruit');
  });
});
