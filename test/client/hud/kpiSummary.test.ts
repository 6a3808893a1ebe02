import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SiteSchema } from '../../../server/protocol/site';
import type { CrossingKpi, Kpi } from '../../../server/protocol/viewer';
import { dayVerdict, kpiSummary } from '../../../client/hud/kpiSummary';
import { shortName } from '../../../client/i18n/names';

const site = SiteSchema.parse(JSON.parse(readFileSync(new URL('../../../assets/site.json', import.meta.url), 'utf8')));
const buildCrossingKpi = (p: Partial<CrossingKpi>): CrossingKpi => ({
  crossing: 'huu-nghi-freight', direction: 'export', clearedToday: 0, clearedLastHour: 0, queue: 0,
  waitMeanMin: 0, waitP95Min: 0, waitMaxMin: 0, perishableOver2h: 0, laneUtilisation: 0,
  waitNowMeanMin: 0, waitNowP95Min: 0, waitClearedMeanMin: 0, waitClearedP95Min: 0, yardCount: 0, yardCapacity: 0, status: 'ok', reasons: [], open: true, ...p,
});
const buildKpi = (crossings: CrossingKpi[]): Kpi => ({
  ts: 1_760_000_000_000, day: '2025-12-10', crossings, targets: [], lanes: [], zones: [],
  agv: { fleet: 9, active: 4, charging: 1, fault: 0, tripsToday: 17, utilisation: 0.5 },
});

describe('kpiSummary', () => {
  it('adds both directions per freight crossing and totals cleared over all crossings', () => {
    const s = kpiSummary(buildKpi([
      buildCrossingKpi({ direction: 'export', queue: 10, clearedToday: 100 }),
      buildCrossingKpi({ direction: 'import', queue: 5, clearedToday: 300 }),
      buildCrossingKpi({ crossing: 'tan-thanh-freight', queue: 7, clearedToday: 50 }),
      buildCrossingKpi({ crossing: 'huu-nghi-gate', queue: 99, clearedToday: 20 }),
    ]), site);
    expect(s.rows.map((r) => r.crossing)).toEqual(['tan-thanh-freight', 'coc-nam', 'huu-nghi-freight']);
    expect(s.rows.find((r) => r.crossing === 'huu-nghi-freight')).toMatchObject({ queued: 15, cleared: 400 });
    expect(s.queued).toBe(22);
    expect(s.cleared).toBe(470);
  });
  it("projects the day over every crossing, never below what is already cleared", () => {
    // 19:35 in the jam: the engine projects Tân Thanh and Hữu Nghị (their targets); Cốc Nam has none and cleared 8.
    const kpi: Kpi = {
      ...buildKpi([
        buildCrossingKpi({ crossing: 'tan-thanh-freight', clearedToday: 38 }),
        buildCrossingKpi({ crossing: 'huu-nghi-freight', clearedToday: 57 }),
        buildCrossingKpi({ crossing: 'coc-nam', clearedToday: 8 }),
      ]),
      targets: [
        { crossing: 'tan-thanh-freight', clearedToday: 38, capacityIndex: 0, target2027: [800, 1200], projected: 38, verdict: 'off-track' },
        { crossing: 'huu-nghi-freight', clearedToday: 57, capacityIndex: 0, target2027: [2000, 2500], projected: 57, verdict: 'off-track' },
      ],
    };
    const closed = kpiSummary(kpi, site);
    expect(closed.cleared).toBe(103);
    expect(closed.projected).toBe(103);
    // Mid-day: what is cleared everywhere plus what the engine still expects where it projects.
    const noon = kpiSummary({ ...kpi, targets: kpi.targets.map((g) => ({ ...g, projected: g.projected + 100 })) }, site);
    expect(noon.projected).toBe(303);
    expect(noon.target2027).toBe(2800);
  });
  it.each([
    ['Hữu Nghị – Hữu Nghị Quan (đường chuyên dụng)', 'Hữu Nghị – Hữu Nghị Quan'],
    ['友谊关（货运专用通道）', '友谊关'],
    ['Cốc Nam – Lũng Nghịu', 'Cốc Nam – Lũng Nghịu'],
  ])('shortName(%s)', (a, b) => expect(shortName(a)).toBe(b));
});

describe("the day's verdict on the wall's cleared tile", () => {
  type Verdict = Kpi['targets'][number]['verdict'];
  const withTargets = (...verdicts: Verdict[]): Kpi => ({
    ...buildKpi([]),
    targets: verdicts.map((verdict, i) => ({ crossing: `c${i}`, clearedToday: 0, capacityIndex: 0, target2027: [800, 1200], projected: 0, verdict })),
  });

  it('is the worst crossing\'s: one crossing off track puts the day off track', () => {
    expect(dayVerdict(withTargets('on-track', 'off-track'))).toBe('off-track');
    expect(dayVerdict(withTargets('at-risk', 'on-track'))).toBe('at-risk');
    expect(dayVerdict(withTargets('on-track', 'on-track'))).toBe('on-track');
  });

  it('is too early only while every crossing is, and there is none without targets', () => {
    expect(dayVerdict(withTargets('too-early', 'on-track'))).toBe('on-track');
    expect(dayVerdict(withTargets('too-early', 'too-early'))).toBe('too-early');
    expect(dayVerdict(withTargets())).toBeNull();
  });
});
