import type { Site } from '../../../server/protocol/site';
import { DEFAULT_TERRAIN } from '../../../server/protocol/terrainSpec';
import type { Site3d } from './site3d';
import { siteGeometry } from './siteGeometry';
import { buildTerrain } from '../terrain/terrain';
import { createQueueLayout, queueLines } from '../vehicles/queueLayout';

/** Projects a site and builds its terrain: the expensive part, done once per site. */
export function buildSite3d(site: Site, dark: boolean): Site3d {
  const geo = siteGeometry(site);
  // The site's own ground spec (seed, heights, col, cut), or the default karst.
  const terrain = buildTerrain(geo, site.terrain ?? DEFAULT_TERRAIN);
  return { site, geo, terrain, heightAt: terrain.heightAt, queueLines: queueLines(geo), queue: createQueueLayout(), dark };
}
