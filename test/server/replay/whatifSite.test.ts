import { describe, expect, it } from 'vitest';
import { SiteSchema, type Site, type WhatIfRequest } from '../../../server/protocol';
import { WhatIfError, whatIfSite } from '../../../server/replay/whatif/whatifSite';
import { buildSite } from '../../support/builders';

const base = buildSite('today');
const today = buildSite('today');
const run = (req: Omit<WhatIfRequest, 'day'>) => whatIfSite(base, today, 'today', { day: '2026-06-01', ...req });
const truckLanes = (s: Site, crossing: string) => s.crossings.find((c) => c.id === crossing)!.lanes.filter((l) => l.classes.includes('truck'));

describe('whatIfSite', () => {
  it.each<[string, Omit<WhatIfRequest, 'day'>, (s: Site) => unknown, unknown]>([
    ['leaves the recorded site as it was without changes', {}, (s) => s, today],
    ['adds truck lanes to a crossing by copying its own', { lanes: { 'huu-nghi-freight': 10 } }, (s) => truckLanes(s, 'huu-nghi-freight').length, 10],
    ['gives added lanes new, unique ids', { lanes: { 'huu-nghi-freight': 9 } }, (s) => new Set(truckLanes(s, 'huu-nghi-freight').map((l) => l.id)).size, 9],
    ['cuts a crossing to fewer lanes', { lanes: { 'tan-thanh-freight': 2 } }, (s) => truckLanes(s, 'tan-thanh-freight').length, 2],
    ['changes opening hours', { hours: { 'coc-nam': { open: '06:00', close: '22:00' } } }, (s) => s.crossings.find((c) => c.id === 'coc-nam')!.hours, { open: '06:00', close: '22:00' }],
    ['sets the AGV fleet of a corridor', { agvs: { 'hn-agv': 40 } }, (s) => s.fleets['hn-agv'], 40],
    ['runs the overhead rail with the AGVs it replaces', { rail: true }, (s) => [s.fleets['hn-rail'], s.fleets['hn-agv'], s.fleets['tt-agv']], [6, 0, 3]],
    ['starts from another configuration', { configuration: '2027-target' }, (s) => truckLanes(s, 'huu-nghi-freight').length, truckLanes(buildSite('2027-target'), 'huu-nghi-freight').length],
  ])('%s', (_name, req, pick, expected) => {
    const { site } = run(req);
    expect(pick(site)).toEqual(expected);
    expect(SiteSchema.safeParse(site).success).toBe(true);
  });

  it.each<[string, Omit<WhatIfRequest, 'day'>, RegExp]>([
    ['an unknown crossing', { lanes: { 'no-such-gate': 3 } }, /unknown crossing no-such-gate/],
    ['an unknown corridor', { agvs: { 'no-such-corridor': 3 } }, /unknown corridor/],
    ['an unknown configuration', { configuration: 'year-3000' }, /unknown configuration/],
  ])('refuses %s', (_name, req, message) => {
    expect(() => run(req)).toThrow(WhatIfError);
    expect(() => run(req)).toThrow(message);
  });
});
