import { describe, expect, it } from 'vitest';
import { buildConfig, buildTruck, siteLanes, tick } from './builders';

const at = (crossing: string, n: number, direction: 'export' | 'import' = 'export') =>
  Array.from({ length: n }, (_, i) => buildTruck({ id: `${crossing.slice(0, 2)}${direction[0]}${i}`, crossing, direction }));
// Fixed lanes only: Hữu Nghị 2 export lanes, Tân Thanh 1.
const lanes = siteLanes().filter((l) => l.direction !== 'reversible');

describe('diversion advice', () => {
  it('advises moving trucks from the crossing that drains last to the one that drains first', () => {
    // HN export: 60 trucks on 2 lanes = 7200 s; TT: 0. Equal drain: move 20 (40 on 2 lanes = 20 on 1 lane).
    const out = tick({ trucks: at('huu-nghi-freight', 60), lanes });
    expect(out.plan.diversions).toEqual([
      {
        from: 'huu-nghi-freight',
        to: 'tan-thanh-freight',
        direction: 'export',
        trucks: 20,
        reason: { rule: 'balance-drain-time', candidates: [{ option: 'tan-thanh-freight', cost: 0 }, { option: 'huu-nghi-freight', cost: 7200 }] },
      },
    ]);
  });

  it.each([
    ['a gap under divertMinGainS (1 h)', at('huu-nghi-freight', 20), buildConfig()],
    ['the fifo-static baseline', at('huu-nghi-freight', 60), buildConfig({ policy: 'fifo-static' })],
    ['Cốc Nam (no 2027 target) is never a destination', at('tan-thanh-freight', 10), buildConfig({ divertMinGainS: 60 })],
  ])('no advice: %s', (_n, trucks, config) => {
    const out = tick({ trucks, lanes, config });
    expect(out.plan.diversions.filter((d) => d.to === 'coc-nam' || d.from === 'coc-nam')).toEqual([]);
    if (config.policy === 'fifo-static' || trucks.length === 20) expect(out.plan.diversions).toEqual([]);
  });
});
