import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SiteSchema } from '../../../../server/protocol/site';
import { buildTerrain } from '../../../../client/scene/terrain/terrain';
import { DEFAULT_TERRAIN } from '../../../../server/protocol/terrainSpec';
import { siteGeometry } from '../../../../client/scene/site/siteGeometry';
import { pointAt } from '../../../../server/protocol/geo';

const site = SiteSchema.parse(JSON.parse(readFileSync(new URL('../../../../assets/site.json', import.meta.url), 'utf8')));
const geo = siteGeometry(site);
const spec = site.terrain ?? DEFAULT_TERRAIN;
const terrain = buildTerrain(geo, spec);

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
    const again = buildTerrain(geo, spec);
    expect(again.heightAt(123, -456)).toBe(terrain.heightAt(123, -456));
    expect(buildTerrain(geo, { ...spec, seed: 7 }).heightAt(1500, 1500)).not.toBe(terrain.heightAt(1500, 1500));
  });

  it('is flat along roads: the ground under every road vertex is the valley floor', () => {
    for (const c of geo.crossings) {
      for (const road of [c.roadVn, c.roadCn]) {
        road.xs.forEach((x, i) => expect(Math.abs(terrain.heightAt(x, road.ys[i]!) - terrain.floorAt(x, road.ys[i]!))).toBeLessThan(2));
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

  it('puts Youyiguan on a col: the gate road on the floor between two ridges rising either side of it', () => {
    const col = spec.col!;
    const c = geo.crossings.find((x) => x.item.id === col.crossing)!;
    const relief = (across: number) => {
      const x = c.x - c.dirY * across;
      const y = c.y + c.dirX * across;
      return terrain.heightAt(x, y) - terrain.floorAt(x, y);
    };
    expect(relief(0)).toBeLessThan(2);
    for (const side of [-1, 1]) {
      expect(relief(side * 600), `ridge on side ${side}`).toBeGreaterThan(col.ridgeHeightM * 0.6);
      expect(relief(side * 600)).toBeGreaterThan(relief(side * 150));
    }
  });

  it("cuts the Chinese AGV corridor through a hill: walls beside it, the corridor on the floor", () => {
    const cut = spec.cut!;
    const corr = geo.corridors.find((x) => x.item.id === cut.corridor)!;
    const p = { x: 0, y: 0, heading: 0 };
    pointAt(corr.line, (cut.alongM[0] + cut.alongM[1]) / 2, p);
    const h = (p.heading * Math.PI) / 180;
    const at = (off: number) => terrain.heightAt(p.x + Math.cos(h) * off, p.y - Math.sin(h) * off) - terrain.floorAt(p.x, p.y);
    expect(Math.abs(at(0))).toBeLessThan(2);
    // A road runs 150–200 m beside the corridor on one side, in its own slot: the wall between them is lower.
    expect(Math.max(at(130), at(-130))).toBeGreaterThan(cut.hillHeightM * 0.6);
    expect(Math.min(at(95), at(-95))).toBeGreaterThan(cut.hillHeightM * 0.25);
  });

  it('reads its figures from the spec: lower towers and no col give lower ground, without code changes', () => {
    const low = buildTerrain(geo, { ...spec, towerHeightM: [10, 30] as [number, number], col: undefined, cut: undefined } as typeof spec);
    let max = 0;
    for (let i = 0; i < low.heights.length; i += 7) max = Math.max(max, low.heights[i]! - spec.valleyFloorM[1]);
    expect(max).toBeLessThan(30 + 60);
  });

  it('refuses a spec whose col names no crossing, saying so', () => {
    const bad = structuredClone(JSON.parse(readFileSync(new URL('../../../../assets/site.json', import.meta.url), 'utf8')));
    bad.terrain.col.crossing = 'nowhere';
    expect(() => SiteSchema.parse(bad)).toThrow(/unknown crossing nowhere/);
  });
});
