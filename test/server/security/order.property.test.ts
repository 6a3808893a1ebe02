import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Telemetry, TruckEvent } from '../../../server/protocol';
import { Twin } from '../../../server/twin/twin';
import { buildAgvMessage, buildSite, buildTruckMessage, T0 } from '../../support/builders';
import { FUZZ_SEED } from './arbitraries';

// The twin is order-insensitive: any permutation of a stream, with any messages repeated, ends in the same state.
const site = buildSite();
const LIFE: TruckEvent[] = ['arrived', 'position', 'called', 'entered-lane', 'inspected', 'crossed', 'departed'];

const stream: Telemetry[] = [
  ...[0, 1, 2].flatMap((k) => LIFE.map((event, i) => buildTruckMessage({ id: `T${k}`, seq: i + 1, ts: T0 + i * 1_000, event, ...(i >= 2 ? { lane: 'HN-1' } : {}), lat: 21.96 + i * 1e-4 }))),
  ...LIFE.slice(0, 4).map((event, i) => buildTruckMessage({ id: 'T-STAYS', seq: i + 1, ts: T0 + i * 1_000, event, ...(i >= 2 ? { lane: 'HN-2' } : {}), channel: i < 2 ? 'red' : 'green' })),
  ...Array.from({ length: 8 }, (_, i) => buildAgvMessage({ seq: i, ts: T0 + i * 200, lat: 21.99 + i * 1e-4, battery: 0.9 - i * 0.01 })),
];

function stateOf(twin: Twin): string {
  const trucks = [...twin.trucks.values()].map(({ handle: _h, rec: _r, lastSeen: _l, periodMs: _p, intervals: _i, clearedEntry: _c, ...t }) => t).sort((a, b) => a.id.localeCompare(b.id));
  const agvs = [...twin.agvs.values()].map(({ handle: _h, rec: _r, lastSeen: _l, periodMs: _p, intervals: _i, ...a }) => a);
  return JSON.stringify({ trucks: trucks.map((t) => Object.fromEntries(Object.entries(t).sort())), agvs: agvs.map((a) => Object.fromEntries(Object.entries(a).sort())), cleared: twin.cleared.length });
}

describe('twin order-insensitivity', () => {
  const clean = new Twin(site);
  for (const m of stream) clean.apply(m, T0);

  it('ends in the same state for any shuffle with repeats, and never resurrects a departed truck', () => {
    const withRepeats = fc.array(fc.nat(stream.length - 1), { maxLength: 20 }).map((extra) => [...stream, ...extra.map((i) => stream[i]!)]);
    fc.assert(
      fc.property(withRepeats.chain((s) => fc.shuffledSubarray(s, { minLength: s.length, maxLength: s.length })), (shuffled) => {
        // Dedupe as the pipeline does: a repeated (id, seq) is dropped before the twin.
        const seen = new Set<string>();
        const twin = new Twin(site);
        for (const m of shuffled) {
          const key = `${m.id}#${m.seq}`;
          if (seen.has(key)) continue;
          seen.add(key);
          twin.apply(m, T0);
        }
        return stateOf(twin) === stateOf(clean) && !twin.trucks.has('T0');
      }),
      { numRuns: 2_000, seed: FUZZ_SEED },
    );
  });

  it('a late message after departure is counted late; a higher seq starts a new visit', () => {
    const twin = new Twin(site);
    twin.apply(buildTruckMessage({ id: 'T9', seq: 5, event: 'departed' }), T0);
    expect(twin.apply(buildTruckMessage({ id: 'T9', seq: 3, event: 'position' }), T0)).toBe('late');
    expect(twin.trucks.has('T9')).toBe(false);
    expect(twin.apply(buildTruckMessage({ id: 'T9', seq: 6, event: 'arrived' }), T0)).toBe('applied');
    expect(twin.trucks.get('T9')?.phase).toBe('queued');
  });
});
