import { describe, expect, it } from 'vitest';
import type { EngineInput } from '../../../server/engine/types';
import { AlertSchema } from '../../../server/protocol';
import { buildAgv, buildCleared, buildConfig, buildMemory, buildTruck, MIN, siteLanes, T0, tick, trucks, vn } from './builders';

const HN = 'huu-nghi-freight';
const ids = (xs: { id: string }[]) => xs.map((a) => a.id);
const history = (queue: number, minutesAgo: number) => [{ ts: T0 - minutesAgo * MIN, crossing: HN, direction: 'export' as const, queue }];

describe('alerts raised by condition', () => {
  it.each<{ name: string; input: Partial<EngineInput>; id: string; severity: string; params?: Record<string, unknown> }>([
    { name: 'queue at the threshold', input: { trucks: trucks(3), config: buildConfig({ queueAlert: 3 }) }, id: `queue-high:${HN}:export`, severity: 'warning', params: { direction: 'export', queue: 3, threshold: 3 } },
    { name: 'queue at twice the threshold', input: { trucks: trucks(6), config: buildConfig({ queueAlert: 3 }) }, id: `queue-high:${HN}:export`, severity: 'critical' },
    { name: 'queue growing faster than clearance', input: { trucks: trucks(10), queueHistory: history(0, 10) }, id: `queue-growing:${HN}:export`, severity: 'warning', params: { direction: 'export', perHour: 60, clearedLastHour: 0 } },
    { name: 'perishable load over 2 h', input: { trucks: [buildTruck({ perishable: true, queuedAt: T0 - 121 * MIN })] }, id: `perishable-wait:${HN}:export`, severity: 'warning', params: { direction: 'export', count: 1, limitMin: 120, maxWaitMin: 121 } },
    { name: 'perishable load over 4 h', input: { trucks: [buildTruck({ perishable: true, queuedAt: T0 - 241 * MIN })] }, id: `perishable-wait:${HN}:export`, severity: 'critical' },
    { name: 'lane closed', input: { lanes: siteLanes().map((l) => (l.id === 'HN-2' ? { ...l, open: false } : l)) }, id: 'lane-closed:HN-2', severity: 'warning', params: { lane: 'HN-2' } },
    { name: 'AGV fault', input: { agvs: [buildAgv({ state: 'fault', battery: 0.5 })] }, id: 'agv-fault:A1', severity: 'critical', params: { corridor: 'hn-agv', battery: 50 } },
    { name: 'AGV low battery mid-trip', input: { agvs: [buildAgv({ state: 'loaded', battery: 0.2 })] }, id: 'agv-low-battery:A1', severity: 'warning' },
    { name: 'AGV nearly flat', input: { agvs: [buildAgv({ state: 'loaded', battery: 0.05 })] }, id: 'agv-low-battery:A1', severity: 'critical' },
    { name: 'sensor stale', input: { staleSensors: ['loop-HN-1'] }, id: 'sensor-stale:loop-HN-1', severity: 'warning', params: { device: 'sensor', id: 'loop-HN-1' } },
    { name: 'AGV silent', input: { agvs: [buildAgv({ stale: true })] }, id: 'sensor-stale:A1', severity: 'warning', params: { device: 'agv', id: 'A1' } },
    { name: 'trucks waiting after hours', input: { now: vn('19:30'), trucks: trucks(2) }, id: `after-hours:${HN}`, severity: 'warning', params: { queue: 2, open: '07:00', close: '19:00' } },
  ])('$name', ({ input, id, severity, params }) => {
    const out = tick(input);
    const a = out.raised.find((x) => x.id === id);
    expect(a).toBeDefined();
    expect(AlertSchema.parse(a)).toEqual(a);
    expect(a).toMatchObject({ severity, raisedAt: input.now ?? T0 });
    if (params) expect(a!.params).toEqual(params);
    expect(out.memory.activeAlerts[id]).toEqual(a);
  });

  it.each<{ name: string; input: Partial<EngineInput> }>([
    { name: 'queue below the threshold', input: { trucks: trucks(2), config: buildConfig({ queueAlert: 3 }) } },
    { name: 'queue growing, but clearance keeps up', input: { trucks: trucks(10), queueHistory: history(0, 10), cleared: Array.from({ length: 100 }, () => buildCleared({ crossedAt: T0 - MIN })) } },
    { name: 'queue growth over too short a history', input: { trucks: trucks(10), queueHistory: history(0, 2) } },
    { name: 'low battery, sent to charge', input: { agvs: [buildAgv({ battery: 0.2 })] } },
    { name: 'after hours with nobody waiting', input: { now: vn('19:30') } },
    { name: 'in hours with trucks waiting', input: { trucks: trucks(2) } },
  ])('no alert: $name', ({ input }) => {
    expect(tick(input).raised).toEqual([]);
  });
});

describe('alert lifecycle', () => {
  it('raised once, kept while the condition holds, cleared when it ends', () => {
    const lanes = (open: boolean) => siteLanes().map((l) => (l.id === 'HN-2' ? { ...l, open } : l));
    const t1 = tick({ lanes: lanes(false) });
    expect(ids(t1.raised)).toEqual(['lane-closed:HN-2']);
    const t2 = tick({ now: T0 + 1000, lanes: lanes(false) }, t1.memory);
    expect(t2.raised).toEqual([]);
    expect(t2.cleared).toEqual([]);
    expect(t2.memory.activeAlerts['lane-closed:HN-2']!.raisedAt).toBe(T0);
    const t3 = tick({ now: T0 + 2000, lanes: lanes(true) }, t2.memory);
    expect(t3.cleared).toEqual([{ ...t1.raised[0], clearedAt: T0 + 2000 }]);
    expect(t3.memory.activeAlerts).toEqual({});
  });

  it('a change of severity raises the alert again, keeping when it started', () => {
    const config = buildConfig({ queueAlert: 3 });
    const t1 = tick({ trucks: trucks(3), config });
    const t2 = tick({ now: T0 + 1000, trucks: trucks(6), config }, t1.memory);
    expect(t2.raised).toMatchObject([{ id: `queue-high:${HN}:export`, severity: 'critical', raisedAt: T0, params: { queue: 6 } }]);
  });

  it('after-hours clears at opening time', () => {
    const waiting = trucks(2, () => ({ queuedAt: vn('18:00') }));
    const night = tick({ now: vn('19:30'), trucks: waiting });
    const morning = tick({ now: vn('07:00', '2026-03-11'), trucks: waiting }, night.memory);
    expect(ids(morning.cleared)).toEqual([`after-hours:${HN}`]);
  });

  it('ids are deterministic and raised alerts come sorted by id', () => {
    const out = tick({ staleSensors: ['s2', 's1'], agvs: [buildAgv({ id: 'B', state: 'fault' }), buildAgv({ id: 'A', state: 'fault' })] });
    expect(ids(out.raised)).toEqual(['agv-fault:A', 'agv-fault:B', 'sensor-stale:s1', 'sensor-stale:s2']);
  });

  it('alerts cleared while the engine was not told (memory from elsewhere) are cleared too', () => {
    const stale = { id: 'sensor-stale:x', kind: 'sensor-stale' as const, severity: 'warning' as const, subject: 'x', params: {}, raisedAt: T0 - MIN };
    const out = tick({}, buildMemory({ activeAlerts: { [stale.id]: stale } }));
    expect(out.cleared).toEqual([{ ...stale, clearedAt: T0 }]);
  });
});
