import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SiteSchema } from '../../../server/protocol/site';
import { crossingTargets, siteTargets } from '../../../client/hud/targets';

const site = SiteSchema.parse(JSON.parse(readFileSync(new URL('../../../assets/site.json', import.meta.url), 'utf8')));

describe('targets (Decision 865/QĐ-TTg)', () => {
  const targets = crossingTargets(site);
  it('2027 comes from the site, 2030 is 4–5× today’s capacity', () => {
    const hn = targets.find((t) => t.crossing === 'huu-nghi-freight')!;
    expect(hn).toMatchObject({ today: 800, t2027: [2000, 2500], t2030: [3200, 4000], openHours: 12 });
    const tt = targets.find((t) => t.crossing === 'tan-thanh-freight')!;
    expect(tt).toMatchObject({ today: 400, t2027: [800, 1200], t2030: [1600, 2000] });
  });
  it('a crossing without a published target has none', () => {
    expect(targets.find((t) => t.crossing === 'coc-nam')).toMatchObject({ today: null, t2027: null, t2030: null });
  });
  it('site totals and per-hour rates over today’s opening hours', () => {
    const s = siteTargets(targets);
    expect(s.t2027).toBe(2800);
    expect(s.t2030).toBe(4800);
    expect(s.perHour2027).toBeCloseTo(2800 / 12);
    expect(s.perHour2030).toBeCloseTo(400);
  });
  it('hours that run past midnight count correctly', () => {
    const night = { ...site, crossings: site.crossings.map((c) => (c.id === 'huu-nghi-freight' ? { ...c, hours: { open: '22:00', close: '06:00' } } : c)) };
    expect(crossingTargets(night).find((t) => t.crossing === 'huu-nghi-freight')!.openHours).toBe(8);
  });
});
