import type { BufferGeometry } from 'three';
import { pointAt } from '../../../server/protocol/geo';
import type { TerrainSpec } from '../../../server/protocol/terrainSpec';
import type { HeightFn } from './drape';
import type { SiteGeometry } from '../site/siteGeometry';
import { Parts } from '../site/structures';

/** The tunnel's clear opening (m): the AGV corridor's lanes and fences (9 m each side) with a walkway. */
const OPEN_W = 22;
const OPEN_H = 9;
const PIER_W = 7;
const CONCRETE = '#b9b4a8';

/** The tunnel of the spec's cut, built from the site: opaque portals at both ends, and its see-through roof and walls. */
export interface Tunnel {
  portals: BufferGeometry | null;
  /** Drawn translucent so the AGVs inside stay in view (the scene never hides a vehicle). */
  shell: BufferGeometry | null;
}

const _p = { x: 0, y: 0, heading: 0 };

/** Builds the cut-and-cover tunnel of the spec's cut along its corridor, when the spec has one. */
export function buildTunnel(g: SiteGeometry, spec: TerrainSpec | undefined, heightAt: HeightFn): Tunnel {
  const cut = spec?.cut;
  const tunnel = cut?.tunnel;
  const corr = cut && g.corridors.find((c) => c.item.id === cut.corridor);
  if (!cut || !tunnel || !corr) return { portals: null, shell: null };
  const portals = new Parts();
  const shell = new Parts();
  const [a0, a1] = tunnel.alongM;
  for (const at of [a0, a1]) {
    pointAt(corr.line, at, _p);
    const yaw = (-_p.heading * Math.PI) / 180;
    const ground = heightAt(_p.x, _p.y);
    const h = (_p.heading * Math.PI) / 180;
    // Across the corridor: the unit vector right of the heading (east for a corridor running north).
    const rx = Math.cos(h);
    const ry = -Math.sin(h);
    for (const side of [-1, 1]) {
      const off = side * (OPEN_W / 2 + PIER_W / 2);
      portals.box(_p.x + rx * off, _p.y + ry * off, ground, PIER_W, OPEN_H + 6, 4, yaw, CONCRETE);
    }
    portals.box(_p.x, _p.y, ground + OPEN_H, OPEN_W + 2 * PIER_W, 6, 4, yaw, CONCRETE);
    // A dark band over the opening says "tunnel" from afar.
    portals.box(_p.x, _p.y, ground + OPEN_H + 1.5, OPEN_W, 2.5, 4.4, yaw, '#3a3f45');
  }
  for (let d = a0; d < a1; d += 40) {
    const len = Math.min(40, a1 - d);
    pointAt(corr.line, d + len / 2, _p);
    const yaw = (-_p.heading * Math.PI) / 180;
    shell.box(_p.x, _p.y, heightAt(_p.x, _p.y), OPEN_W, OPEN_H, len, yaw, '#9fb3c4');
  }
  return { portals: portals.merge(), shell: shell.merge() };
}
