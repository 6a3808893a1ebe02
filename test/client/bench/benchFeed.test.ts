import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyRecord, EntityKind } from '../../../server/protocol/frameCodec';
import { SiteSchema } from '../../../server/protocol/site';
import { benchCount, MAX_BENCH } from '../../../client/bench/benchFlag';
import { benchPaths, benchVehicle } from '../../../client/bench/benchFeed';

describe('benchmark page mode', () => {
  it.each([
    ['?bench=5000', 5000],
    ['?token=x&bench=100', 100],
    ['?bench=abc', 0],
    ['?bench=-3', 0],
    ['', 0],
    ['?bench=999999', MAX_BENCH],
  ])('%s asks for %d vehicles', (q, n) => expect(benchCount(q)).toBe(n));
  it('100 and 5000 vehicles both hold every kind (so both draw the same meshes)', () => {
    for (const n of [100, 5000]) {
      const kinds = new Set(Array.from({ length: n }, (_, i) => benchVehicle(i, emptyRecord()).kind));
      expect([...kinds].sort()).toEqual([EntityKind.truck, EntityKind.agv, EntityKind.rail]);
    }
  });
  it('drives along every road and corridor of the site', () => {
    const site = SiteSchema.parse(JSON.parse(readFileSync(new URL('../../../assets/site.json', import.meta.url), 'utf8')));
    const paths = benchPaths(site);
    expect(paths.length).toBe(site.crossings.length * 2 + site.corridors.length);
    for (const p of paths) expect(p.length).toBeGreaterThan(0);
  });
});
