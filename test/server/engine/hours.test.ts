import { describe, expect, it } from 'vitest';
import { buildLane, buildTruck, MIN, SITE, tick, trucks, vn } from './builders';

const oneLane = [buildLane({ id: 'HN-1' })];
const NEXT = '2026-03-11';

describe('working hours (VN local time, UTC+7)', () => {
  it.each([
    { name: '06:30: planned for the 07:00 opening, nobody called', now: vn('06:30'), at: vn('07:00'), called: false },
    { name: '06:59: entry within the call lead, but the lane is not open yet', now: vn('06:59'), at: vn('07:00'), called: false },
    { name: '07:00: called', now: vn('07:00'), at: vn('07:00'), called: true },
    { name: '18:59: still called', now: vn('18:59'), at: vn('18:59'), called: true },
    { name: '19:00: closed, planned for tomorrow 07:00', now: vn('19:00'), at: vn('07:00', NEXT), called: false },
    { name: '23:30: closed', now: vn('23:30'), at: vn('07:00', NEXT), called: false },
    { name: '00:30 VN (17:30 UTC the day before): closed', now: vn('00:30', NEXT), at: vn('07:00', NEXT), called: false },
  ])('$name', ({ now, at, called }) => {
    const out = tick({ now, trucks: [buildTruck({ queuedAt: now - 30 * MIN })], lanes: oneLane });
    expect(out.plan.assignments.map((a) => a.at)).toEqual([at]);
    expect(out.calls.length).toBe(called ? 1 : 0);
  });

  it('a queue that runs past closing time continues at the next opening', () => {
    const out = tick({ now: vn('18:52'), trucks: trucks(4, (i) => ({ queuedAt: vn('12:00') + i })), lanes: oneLane });
    expect(out.plan.assignments.map((a) => a.at)).toEqual([vn('18:52'), vn('18:56'), vn('07:00', NEXT), vn('07:04', NEXT)]);
    expect(out.calls.map((c) => c.truck)).toEqual(['T001', 'T002']);
  });

  it('lane hours narrower than the crossing hours apply too', () => {
    const lanes = [buildLane({ id: 'HN-1', hours: { open: '08:00', close: '12:00' } })];
    expect(tick({ now: vn('07:30'), trucks: [buildTruck()], lanes }).plan.assignments[0]!.at).toBe(vn('08:00'));
    expect(tick({ now: vn('12:30'), trucks: [buildTruck()], lanes }).plan.assignments[0]!.at).toBe(vn('08:00', NEXT));
  });

  it('extended crossing hours (2027 configuration) let trucks through until 23:00', () => {
    const site = { ...SITE, crossings: SITE.crossings.map((c) => (c.id === 'huu-nghi-freight' ? { ...c, hours: { open: '06:00', close: '23:00' } } : c)) };
    const lanes = [buildLane({ id: 'HN-1', hours: { open: '06:00', close: '23:00' } })];
    const out = tick({ now: vn('21:00'), site, trucks: [buildTruck({ queuedAt: vn('20:00') })], lanes });
    expect(out.plan.assignments[0]!.at).toBe(vn('21:00'));
    expect(out.calls).toHaveLength(1);
  });
});
