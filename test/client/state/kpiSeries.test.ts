import { describe, expect, it } from 'vitest';
import type { CrossingKpi, Kpi } from '../../../server/protocol/viewer';
import { addKpiSample, createDaySeries, HOURS, queueOverDay, SLOTS, throughputPerHour } from '../../../client/state/kpiSeries';

const DAY_START = Date.UTC(2026, 10, 22, 17); // 2026-11-23 00:00 at UTC+7
const H = 3_600_000;
const CROSSINGS = ['tan-thanh-freight', 'huu-nghi-freight'] as const;
const ck = (p: Partial<CrossingKpi>): CrossingKpi => ({
  crossing: 'huu-nghi-freight', direction: 'export', clearedToday: 0, clearedLastHour: 0, queue: 0,
  waitMeanMin: 0, waitP95Min: 0, waitMaxMin: 0, perishableOver2h: 0, laneUtilisation: 0,
  waitNowMeanMin: 0, waitNowP95Min: 0, waitClearedMeanMin: 0, waitClearedP95Min: 0, yardCount: 0, yardCapacity: 0, status: 'ok', reasons: [], open: true, ...p,
});
const buildKpi = (ts: number, crossings: CrossingKpi[], day = '2026-11-23'): Kpi => ({
  ts, day, crossings, targets: [], lanes: [], zones: [],
  agv: { fleet: 0, active: 0, charging: 0, fault: 0, tripsToday: 0, utilisation: 0 },
});
const sample = (ts: number, hnCleared: number, hnQueue = 0, day?: string) =>
  buildKpi(ts, [ck({ direction: 'export', clearedToday: hnCleared, queue: hnQueue }), ck({ direction: 'import', clearedToday: 10, queue: 5 }), ck({ crossing: 'tan-thanh-freight', clearedToday: 3 })], day);

describe('KPI history of a day', () => {
  it('starts empty, sized for the day', () => {
    const s = createDaySeries('2026-11-23', 7, CROSSINGS);
    expect(s.dayStart).toBe(DAY_START);
    expect(s.lastCleared.length).toBe(2 * HOURS);
    expect(s.queue.length).toBe(2 * SLOTS);
    expect(throughputPerHour(s)[0]!.every((b) => Number.isNaN(b.value))).toBe(true);
  });
  it('counts an hour from the end of the hour before, both directions added', () => {
    let s = addKpiSample(null, sample(DAY_START + 7 * H + 10 * 60_000, 5), 7, CROSSINGS);
    s = addKpiSample(s, sample(DAY_START + 7 * H + 59 * 60_000, 40), 7, CROSSINGS);
    s = addKpiSample(s, sample(DAY_START + 8 * H + 30 * 60_000, 95), 7, CROSSINGS);
    const hn = throughputPerHour(s)[1]!;
    // 07:00 was not watched from its start: the rise within it only (from 15 to 50), marked partial.
    expect(hn[7]).toEqual({ value: 35, partial: true });
    // 08:00: from the last value of 07:00 (50) to 105.
    expect(hn[8]).toEqual({ value: 55, partial: false });
    expect(hn[9]!.value).toBeNaN();
  });
  it('hour 0 counts from zero: the counters restart at midnight', () => {
    const s = addKpiSample(null, sample(DAY_START + 20 * 60_000, 4), 7, CROSSINGS);
    expect(throughputPerHour(s)[1]![0]).toEqual({ value: 14, partial: false });
  });
  it('keeps the queue every five minutes, gaps as NaN', () => {
    let s = addKpiSample(null, sample(DAY_START + 9 * H, 0, 100), 7, CROSSINGS);
    s = addKpiSample(s, sample(DAY_START + 9 * H + 4 * 60_000, 0, 120), 7, CROSSINGS);
    s = addKpiSample(s, sample(DAY_START + 9 * H + 5 * 60_000, 0, 130), 7, CROSSINGS);
    const q = queueOverDay(s, 1);
    expect(q[9 * 12]).toBe(125); // last sample of the slot: 120 export + 5 import
    expect(q[9 * 12 + 1]).toBe(135);
    expect(q[9 * 12 + 2]).toBeNaN();
    expect(queueOverDay(s, 0)[9 * 12]).toBe(0);
  });
  it('starts a new day at midnight, and holds one day at a time', () => {
    const a = addKpiSample(null, sample(DAY_START + 23 * H, 500), 7, CROSSINGS);
    const b = addKpiSample(a, sample(DAY_START + 24 * H + 60_000, 2, 0, '2026-11-24'), 7, CROSSINGS);
    expect(b).not.toBe(a);
    expect(b.day).toBe('2026-11-24');
    expect(b.samples).toBe(1);
    expect(throughputPerHour(b)[1]![23]!.value).toBeNaN();
  });
  it('clamps samples outside the day into its first or last bucket', () => {
    const s = addKpiSample(null, sample(DAY_START - 5000, 1), 7, CROSSINGS);
    expect(s.lastCleared[HOURS]).toBe(11);
  });
});
