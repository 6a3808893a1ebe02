import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyConfiguration, formatZodError, SiteSchema, type Site } from '../../../server/protocol';

const raw = () => JSON.parse(readFileSync('assets/site.json', 'utf8')) as Site;
const errorOf = (site: unknown) => {
  const r = SiteSchema.safeParse(site);
  if (r.success) throw new Error('expected a rejection');
  return formatZodError(r.error);
};

describe('site model', () => {
  const site = SiteSchema.parse(raw());

  it('validates and holds markers 1088 through 1120, including 1088/2', () => {
    const ids = site.markers.map((m) => m.id);
    expect(ids[0]).toBe('1088');
    expect(ids).toContain('1088/2');
    for (let n = 1089; n <= 1120; n++) expect(ids).toContain(String(n));
    expect(ids.at(-1)).toBe('1120');
  });

  it('runs the markers NW → SE, with Tân Thanh north-west, Cốc Nam in the middle, Hữu Nghị south-east', () => {
    const byId = (id: string) => site.crossings.find((c) => c.id === id)!;
    const tt = byId('tan-thanh-freight');
    const cn = byId('coc-nam');
    const hn = byId('huu-nghi-freight');
    expect(tt.lat).toBeGreaterThan(cn.lat);
    expect(cn.lat).toBeGreaterThan(hn.lat);
    expect(tt.lon).toBeLessThan(cn.lon);
    expect(cn.lon).toBeLessThan(hn.lon);
  });

  it('has the lane counts of today and of the 2027 target', () => {
    const lanes = (s: Site, id: string) => s.crossings.find((c) => c.id === id)!.lanes.length;
    expect(lanes(site, 'huu-nghi-freight')).toBe(6);
    expect(lanes(site, 'tan-thanh-freight')).toBe(4);
    expect(lanes(site, 'coc-nam')).toBe(2);
    const target = applyConfiguration(site, '2027-target');
    expect(lanes(target, 'huu-nghi-freight')).toBe(14);
    expect(lanes(target, 'tan-thanh-freight')).toBe(8);
    expect(target.fleets['hn-agv']).toBeGreaterThan(site.fleets['hn-agv']!);
  });

  it('marks approximate positions', () => {
    expect(site.markers.every((m) => m.approx)).toBe(true);
    expect(site.yards.every((y) => typeof y.approx === 'boolean')).toBe(true);
  });

  it.each<[string, (s: Site) => void, RegExp]>([
    ['a lane with a bad direction', (s) => ((s.crossings[0]!.lanes[0] as { direction: string }).direction = 'up'), /crossings\.0\.lanes\.0\.direction/],
    ['a crossing naming an unknown yard', (s) => (s.crossings[0]!.yards!.vn = 'nowhere'), /crossings\.0\.yards\.vn: unknown yard nowhere/],
    ['a corridor to an unknown yard', (s) => (s.corridors[0]!.to = 'nowhere'), /corridors\.0\.to: unknown yard/],
    ['duplicate lane ids', (s) => (s.crossings[0]!.lanes[1]!.id = s.crossings[0]!.lanes[0]!.id), /duplicate id/],
    ['a marker id that is not a marker number', (s) => (s.markers[0]!.id = 'M1'), /markers\.0\.id/],
    ['hours that are not HH:MM', (s) => (s.crossings[0]!.hours.open = '7am'), /crossings\.0\.hours\.open/],
    ['a missing yard capacity', (s) => delete (s.yards[0] as Partial<Site['yards'][0]>).capacity, /yards\.0\.capacity/],
  ])('names the field of %s', (_name, breakIt, pattern) => {
    const s = raw();
    breakIt(s);
    expect(errorOf(s)).toMatch(pattern);
  });

  it('refuses an unknown configuration with the list of known ones', () => {
    expect(() => applyConfiguration(site, '2040')).toThrow(/today, 2027-target/);
  });
});
