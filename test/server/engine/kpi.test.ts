import { describe, expect, it } from 'vitest';
import { localFrame, polyline } from '../../../server/protocol';
import { buildAgv, buildCleared, buildTruck, MIN, SITE, T0, tick, trucks, vn } from './builders';

const YESTERDAY = '2026-03-09';
const zoneLength = (id: string) => polyline(localFrame(SITE.origin), SITE.zones.find((z) => z.id === id)!.path).length;

// A small day at 10:00 VN, computed by hand.
const input = {
  cleared: [
    buildCleared({ queuedAt: vn('09:00'), enteredLaneAt: vn('09:10'), crossedAt: vn('09:30') }), // wait 10, last hour
    buildCleared({ queuedAt: vn('07:00'), enteredLaneAt: vn('07:20'), crossedAt: vn('08:00') }), // wait 20
    buildCleared({ queuedAt: vn('15:00', YESTERDAY), enteredLaneAt: vn('15:30', YESTERDAY), crossedAt: vn('16:00', YESTERDAY) }), // not today
    buildCleared({ direction: 'import', queuedAt: vn('09:00'), enteredLaneAt: vn('09:05'), crossedAt: vn('09:15') }), // wait 5
    buildCleared({ crossing: 'tan-thanh-freight', queuedAt: vn('09:40'), enteredLaneAt: vn('09:40'), crossedAt: vn('09:59') }), // wait 0
  ],
  trucks: [
    buildTruck({ id: 'q1', queuedAt: vn('09:20') }), // waiting 40
    buildTruck({ id: 'q2', queuedAt: vn('07:30'), perishable: true }), // waiting 150 > 120
    buildTruck({ id: 'in1', phase: 'in-lane', lane: 'HN-1', enteredLaneAt: vn('09:58'), queuedAt: vn('09:00') }),
    buildTruck({ id: 'a1', phase: 'approaching', direction: 'import' }),
  ],
  agvs: [buildAgv({ id: 'L', state: 'loaded' }), buildAgv({ id: 'C', state: 'charging' }), buildAgv({ id: 'F', state: 'fault' }), buildAgv({ id: 'I', along: 3000 })],
};

describe('KPIs', () => {
  const kpi = tick(input).kpi;
  const row = (crossing: string, direction: string) => kpi.crossings.find((c) => c.crossing === crossing && c.direction === direction);

  it('labels the site-local day', () => {
    expect(kpi.ts).toBe(T0);
    expect(kpi.day).toBe('2026-03-10');
  });

  it('has a row per truck crossing and direction, in site order', () => {
    expect(kpi.crossings.map((c) => `${c.crossing}:${c.direction}`)).toEqual([
      'tan-thanh-freight:export',
      'tan-thanh-freight:import',
      'coc-nam:export',
      'coc-nam:import',
      'huu-nghi-freight:export',
      'huu-nghi-freight:import',
    ]);
  });

  it.each([
    // waits: cleared today 10, 20 + waiting 40, 150 → mean 55, p95 (nearest rank of 4) 150; HN-1 busy of HN-1/HN-2.
    ['huu-nghi-freight', 'export', { clearedToday: 2, clearedLastHour: 1, queue: 2, waitMeanMin: 55, waitP95Min: 150, waitMaxMin: 150, perishableOver2h: 1, laneUtilisation: 0.5,
      // waiting now 40, 150; cleared today 10, 20; nothing cleared since 09:30 → 30 min; yard Xuân Cương 400.
      waitNowMeanMin: 95, waitNowP95Min: 150, waitClearedMeanMin: 15, waitClearedP95Min: 20, yardCount: 2, yardCapacity: 400, open: true, status: 'critical', reasons: [
        { kind: 'wait-mean', level: 'critical', value: 95, threshold: 45 },
        { kind: 'wait-p95', level: 'critical', value: 150, threshold: 90 },
        { kind: 'perishable', level: 'critical', value: 150, threshold: 120 },
        { kind: 'no-clearance', level: 'watch', value: 30, threshold: 20 },
      ] }],
    ['huu-nghi-freight', 'import', { clearedToday: 1, clearedLastHour: 1, queue: 0, waitMeanMin: 5, waitP95Min: 5, waitMaxMin: 5, perishableOver2h: 0, laneUtilisation: 0, waitNowMeanMin: 0, waitNowP95Min: 0, waitClearedMeanMin: 5, waitClearedP95Min: 5, yardCount: 0, yardCapacity: 250, open: true, status: 'ok', reasons: [] }],
    ['tan-thanh-freight', 'export', { clearedToday: 1, clearedLastHour: 1, queue: 0, waitMeanMin: 0, waitP95Min: 0, waitMaxMin: 0, perishableOver2h: 0, laneUtilisation: 0, waitNowMeanMin: 0, waitNowP95Min: 0, waitClearedMeanMin: 0, waitClearedP95Min: 0, yardCount: 0, yardCapacity: 600, open: true, status: 'ok', reasons: [] }],
    ['coc-nam', 'import', { clearedToday: 0, clearedLastHour: 0, queue: 0, waitMeanMin: 0, waitP95Min: 0, waitMaxMin: 0, perishableOver2h: 0, laneUtilisation: 0, waitNowMeanMin: 0, waitNowP95Min: 0, waitClearedMeanMin: 0, waitClearedP95Min: 0, yardCount: 0, yardCapacity: 30, open: true, status: 'ok', reasons: [] }],
  ])('%s %s', (crossing, direction, expected) => {
    expect(row(crossing, direction)).toEqual({ crossing, direction, ...expected });
  });

  it('capacity index: cleared today over the elapsed day fraction, against the 2027 lower bound', () => {
    // 10:00 = 10/24 of the day. HN: 3 → 7.2/day ÷ 2000; TT: 1 → 2.4/day ÷ 800.
    // Projection (no daily target in the pinned site): cleared + min(last hour × 9 h left, queue + arrivals at the day's rate).
    // TT: 1 + min(1 × 9, 0 + 1/3 × 9) = 4; HN: 3 + min(2 × 9, 2 + 5/3 × 9) = 20.
    expect(kpi.targets).toEqual([
      { crossing: 'tan-thanh-freight', clearedToday: 1, capacityIndex: 0.003, target2027: [800, 1200], projected: 4, verdict: 'on-track' },
      { crossing: 'huu-nghi-freight', clearedToday: 3, capacityIndex: 0.004, target2027: [2000, 2500], projected: 20, verdict: 'on-track' },
    ]);
  });

  it('AGV fleet', () => {
    expect(kpi.agv).toEqual({ fleet: 4, active: 1, charging: 1, fault: 1, tripsToday: 0, utilisation: 0.25 });
  });

  it('lane statuses', () => {
    expect(kpi.lanes.filter((l) => l.crossing === 'huu-nghi-freight')).toEqual([
      { lane: 'HN-1', crossing: 'huu-nghi-freight', open: true, direction: 'export', effectiveDirection: 'export', queue: 1, busy: true },
      { lane: 'HN-2', crossing: 'huu-nghi-freight', open: true, direction: 'export', effectiveDirection: 'export', queue: 1, busy: false },
      { lane: 'HN-3', crossing: 'huu-nghi-freight', open: true, direction: 'reversible', effectiveDirection: 'import', queue: 0, busy: false },
      { lane: 'HN-4', crossing: 'huu-nghi-freight', open: true, direction: 'reversible', effectiveDirection: 'import', queue: 0, busy: false },
      { lane: 'HN-5', crossing: 'huu-nghi-freight', open: true, direction: 'import', effectiveDirection: 'import', queue: 0, busy: false },
      { lane: 'HN-6', crossing: 'huu-nghi-freight', open: true, direction: 'import', effectiveDirection: 'import', queue: 0, busy: false },
    ]);
  });

  it('zones: the export queue sits on the Vietnamese side nearest the gate', () => {
    const near = kpi.zones.find((z) => z.zone === 'hn-vn-near')!;
    expect(near.queue).toBe(2);
    expect(near.density).toBeCloseTo(2 / (zoneLength('hn-vn-near') / 100), 2);
    expect(kpi.zones.filter((z) => z.zone !== 'hn-vn-near').every((z) => z.queue === 0 && z.density === 0)).toBe(true);
    expect(kpi.zones.map((z) => z.zone)).toEqual(SITE.zones.map((z) => z.id));
  });

  it('zones fill near → far at one truck per 18 m, the farthest taking the overflow', () => {
    const cap = (id: string) => Math.floor(zoneLength(id) / 18);
    const n = cap('tt-vn-near') + cap('tt-vn-mid') + 100;
    const out = tick({ trucks: trucks(n, () => ({ crossing: 'tan-thanh-freight' })) });
    const q = (id: string) => out.kpi.zones.find((z) => z.zone === id)!.queue;
    expect([q('tt-vn-near'), q('tt-vn-mid'), q('tt-vn-far'), q('tt-cn')]).toEqual([cap('tt-vn-near'), cap('tt-vn-mid'), 100, 0]);
  });

  it('imports queue on the Chinese side', () => {
    const out = tick({ trucks: trucks(5, () => ({ direction: 'import' })) });
    expect(out.kpi.zones.find((z) => z.zone === 'hn-cn')!.queue).toBe(5);
  });

  it('after midnight (VN) yesterday no longer counts', () => {
    const late = tick({ ...input, now: vn('00:30', '2026-03-11'), trucks: [] }).kpi;
    expect(late.day).toBe('2026-03-11');
    expect(late.crossings.every((c) => c.clearedToday === 0)).toBe(true);
  });

  it('waiting time counts for called trucks too', () => {
    const out = tick({ trucks: [buildTruck({ phase: 'called', lane: 'HN-1', calledAt: T0, queuedAt: T0 - 30 * MIN })] });
    expect(out.kpi.crossings.find((c) => c.crossing === 'huu-nghi-freight' && c.direction === 'export')).toMatchObject({ queue: 1, waitMeanMin: 30, laneUtilisation: 0.5 });
  });
});
