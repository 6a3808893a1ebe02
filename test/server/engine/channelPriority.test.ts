import { describe, expect, it } from 'vitest';
import { defaultEngineConfig } from '../../../server/engine/config';
import { buildConfig, buildLane, buildTruck, T0, tick } from './builders';

/** The default head starts (minutes) of green and yellow over red: each bound is tested from both sides. */
const { green: G, yellow: Y } = defaultEngineConfig().channelHeadStartMin!;

const MIN = 60_000;
const oneLane = [buildLane({ id: 'HN-1' })];

describe('shortest expected service first, bounded (green/yellow/red head start)', () => {
  it.each<[string, 'green' | 'yellow' | 'red', number, 'green' | 'yellow' | 'red', number, string]>([
    // earlier truck, its channel, minutes before T0; later truck, its channel, minutes before T0; who goes first
    [`a green truck ${G - 15} min behind a red one goes first`, 'red', G - 5, 'green', 10, 'b'],
    [`a green truck ${G + 5} min behind a red one does not (${G} min bound)`, 'red', G + 15, 'green', 10, 'a'],
    [`a yellow truck ${Y - 5} min behind a red one goes first`, 'red', Y + 5, 'yellow', 10, 'b'],
    [`a yellow truck ${Y + 5} min behind a red one does not (${Y} min bound)`, 'red', Y + 15, 'yellow', 10, 'a'],
    [`a green truck ${G - Y - 10} min behind a yellow one goes first`, 'yellow', G - Y, 'green', 10, 'b'],
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
