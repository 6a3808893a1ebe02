import { createContext, useContext } from 'react';
import type { Site } from '../../../server/protocol/site';
import type { HeightFn } from '../terrain/drape';
import type { QueueLayout, QueueLine } from '../vehicles/queueLayout';
import type { SiteGeometry } from './siteGeometry';
import type { Terrain } from '../terrain/terrain';

/** Everything the scene components share about the site: built once per site, read through context. */
export interface Site3d {
  site: Site;
  geo: SiteGeometry;
  terrain: Terrain;
  heightAt: HeightFn;
  /** Each crossing side's yard bays and approach road, where waiting trucks are drawn in queue order. */
  queueLines: QueueLine[];
  /** Where the waiting trucks are drawn now (rebuilt by <Vehicles> when the queue changes). */
  queue: QueueLayout;
  /** The wall's dark theme. */
  dark: boolean;
}

/** Context carrying the current Site3d. */
export const Site3dContext = createContext<Site3d | null>(null);

/** The current Site3d; scene components only mount under a provider. */
export function useSite3d(): Site3d {
  const s = useContext(Site3dContext);
  if (!s) throw new Error('scene component outside <Site3dContext>');
  return s;
}
