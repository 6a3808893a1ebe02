import type { Site } from '../../server/protocol/site';
import type { Site3d } from './site3d';
import { siteGeometry } from './siteGeometry';
import { buildTerrain } from './terrain';
import { createQueueLayout, queueLines } from './queueLayout';

/** Seed of the terrain noise: every screen draws the same hills. */
export const TERRAIN_SEED = 1088;

/** Projects a site and builds its terrain: the expensive part, done once per site. */
export function buildSite3d(site: Site, dark: boolean): Site3d {
  const geo = siteGeometry(site);
  // A wide margin: the overview looks north-east, over hills well beyond the site.
  const terrain = buildTerrain(geo, TERRAIN_SEED, 3000);
  return { site, geo, terrain, heightAt: terrain.heightAt, queueLines: queueLines(geo), queue: createQueueLayout(), dark };
}
