import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SiteSchema } from '../../../server/protocol/site';
import { buildTerrain, FLOOR_M } from '../../../client/scene/terrain';
import { siteGeometry } from '../../../client/scene/siteGeometry';

const site = SiteSchema.parse(JSON.parse(readFileSync(new URL('../../../assets/site.json', import.meta.url), 'utf8')));
const geo = siteGeometry(site);
const terrain = buildTerrain(geo, 1088);

describe('terrain', () => {
  it('has valley floors at 250–350 m and limestone towers up to 200 m above them', () => {
    let min = Infinity;
    let max = -Infinity;
    for (const h of terrain.heights) {
      min = Math.min(min, h);
      max = Math.max(max, h);
    }
    expect(min).toBeGreaterThanOrEqual(250);
    expect(min).toBeLessThanOrEqual(350);
    expect(max - min).toBeGreaterThan(120);
    expect(max - min).toBeLessThanOrEqual(260);
  });

  it('is deterministic for a seed', () => {
    const again = buildTerrain(geo, 1088);
    expect(again.heightAt(123, -456)).toBe(terrain.heightAt(123, -456));
    expect(buildTerrain(geo, 7).heightAt(1500, 1500)).not.toBe(terrain.heightAt(1500, 1500));
  });

  it('is flat along roads: the ground under every road vertex is the valley floor', () => {
    for (const c of geo.crossings) {
      for (const road of [c.roadVn, c.roadCn]) {
        road.xs.forEach((x, i) => expect(Math.abs(terrain.heightAt(x, road.ys[i]!) - FLOOR_M)).toBeLessThan(12));
      }
    }
  });

  it('heightAt interpolates between grid points and clamps outside the grid', () => {
    const { minX, minY, cell, cols, heights } = terrain;
    const mid = (heights[0]! + heights[1]!) / 2;
    expect(terrain.heightAt(minX + cell / 2, minY)).toBeCloseTo(mid, 3);
    expect(terrain.heightAt(minX - 1e6, minY - 1e6)).toBeCloseTo(heights[0]!, 3);
    expect(Number.isFinite(terrain.heightAt(1e9, 1e9))).toBe(true);
    expect(cols).toBeGreaterThan(10);
  });
});
