import { BoxGeometry, BufferAttribute, type BufferGeometry, Color, CylinderGeometry } from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import type { HeightFn } from '../terrain/drape';
import type { QueueLine } from '../vehicles/queueLayout';
import { BAY_L, BAY_W } from '../vehicles/queueLayout';
import type { SiteGeometry } from './siteGeometry';
import { placeAt } from './place';

/** Lane strip geometry shared with <Lanes>: width, gap and the canopy's depth along the road (m). */
export const LANE_W = 6;
export const LANE_GAP = 2.5;
const CANOPY_DEPTH = 24;
const CANOPY_H = 7.5;
/** Spacing of yard lamps along the pad's edge (m), and their height. */
const LAMP_EVERY_M = 45;
const LAMP_H = 14;

const _c = new Color();

/** Collects coloured parts and merges them into one geometry: one draw call per material for all of them. */
export class Parts {
  readonly list: BufferGeometry[] = [];
  /** A unit box scaled to w × h × l, base on the ground, turned by `yaw` about +y, at (x, y local) `up` metres up. */
  box(x: number, y: number, up: number, w: number, h: number, l: number, yaw: number, color: string): void {
    this.add(new BoxGeometry(1, 1, 1).translate(0, 0.5, 0), x, y, up, w, h, l, yaw, color);
  }
  /** A vertical cylinder (pole, tower) of radius r and height h. */
  pole(x: number, y: number, up: number, r: number, h: number, color: string): void {
    this.add(new CylinderGeometry(1, 1, 1, 6).translate(0, 0.5, 0), x, y, up, r, h, r, 0, color);
  }
  private add(g: BufferGeometry, x: number, y: number, up: number, sx: number, sy: number, sz: number, yaw: number, color: string): void {
    g.applyMatrix4(placeAt(x, y, up, yaw, sx, sy, sz));
    g.deleteAttribute('uv');
    _c.set(color);
    const n = g.getAttribute('position').count;
    const col = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) col.set([_c.r, _c.g, _c.b], i * 3);
    g.setAttribute('color', new BufferAttribute(col, 3));
    this.list.push(g);
  }
  merge(): BufferGeometry | null {
    if (this.list.length === 0) return null;
    const g = mergeGeometries(this.list)!;
    this.list.forEach((p) => p.dispose());
    return g;
  }
}

/** Everything built at the crossings, merged: solid parts (lit) and lamp heads (glowing at night). */
export interface Structures {
  solid: BufferGeometry | null;
  lamps: BufferGeometry | null;
  /** Per lane (site order): where its barrier arm pivots, for the barrier layer. */
  barriers: { lane: string; x: number; y: number; up: number; yaw: number; length: number }[];
}

/**
 * Builds, from the site model only: at every crossing an inspection canopy over its lanes with one booth and
 * one barrier per lane; the Hữu Nghị Quan gate tower over the passenger crossing; the Youyiguan cargo
 * inspection hall beside the Chinese freight yard; every yard's bay markings and lamps; AGV terminals'
 * gantry cranes and chargers; fences along the AGV corridors. Sizes are typical, not surveyed (README).
 */
export function buildStructures(g: SiteGeometry, lines: readonly QueueLine[], heightAt: HeightFn, dark: boolean): Structures {
  const solid = new Parts();
  const lamps = new Parts();
  const barriers: Structures['barriers'] = [];
  const roof = dark ? '#c9d3de' : '#f2f5f8';
  const booth = '#3d6f9e';
  const steel = '#6f7780';
  for (const c of g.crossings) {
    const n = c.item.lanes.length;
    const yaw = Math.atan2(-c.dirX, c.dirY);
    const width = n * LANE_W + (n - 1) * LANE_GAP;
    const ground = heightAt(c.x, c.y);
    // Canopy: roof slab on two rows of columns, across all lanes.
    solid.box(c.x, c.y, ground + CANOPY_H, width + 10, 1.4, CANOPY_DEPTH, yaw, roof);
    for (let k = 0; k <= n; k++) {
      const off = -width / 2 - LANE_GAP / 2 + k * (LANE_W + LANE_GAP) - (k === n ? LANE_GAP / 2 : 0);
      for (const along of [-CANOPY_DEPTH / 2 + 1.5, CANOPY_DEPTH / 2 - 1.5]) {
        const x = c.x + c.dirY * off + c.dirX * along;
        const y = c.y - c.dirX * off + c.dirY * along;
        solid.box(x, y, ground, 0.8, CANOPY_H, 0.8, yaw, steel);
      }
    }
    c.item.lanes.forEach((lane, i) => {
      const off = -width / 2 + LANE_W / 2 + i * (LANE_W + LANE_GAP);
      // Booth on the island left of the lane, at the canopy's middle; the barrier just past it, into China.
      const bo = off - LANE_W / 2 - LANE_GAP / 2;
      const bx = c.x + c.dirY * bo;
      const by = c.y - c.dirX * bo;
      solid.box(bx, by, ground, 1.8, 2.8, 3.2, yaw, booth);
      solid.box(bx, by, ground + 2.8, 2.2, 0.3, 3.6, yaw, roof);
      const px = bx + c.dirX * 4;
      const py = by + c.dirY * 4;
      solid.box(px, py, ground, 0.5, 1.1, 0.5, yaw, '#f2c94c');
      barriers.push({ lane: lane.id, x: px, y: py, up: ground + 1.0, yaw, length: LANE_W });
    });
    if (c.item.kind === 'passenger') {
      // Hữu Nghị Quan: a gate tower astride the road, two wings and a hipped roof (approximated as stepped blocks).
      const bx = c.x - c.dirX * 40;
      const by = c.y - c.dirY * 40;
      solid.box(bx, by, ground, 40, 12, 14, yaw, '#8c5a3c');
      solid.box(bx, by, ground + 12, 28, 8, 11, yaw, '#b8433a');
      solid.box(bx, by, ground + 20, 32, 1.5, 14, yaw, '#3b4a3f');
      solid.box(bx, by, ground + 21.5, 22, 5, 9, yaw, '#b8433a');
      solid.box(bx, by, ground + 26.5, 26, 1.5, 12, yaw, '#3b4a3f');
    }
  }
  const hn = g.yards.find((y) => y.item.id === 'youyiguan-lot');
  if (hn) {
    // Youyiguan cargo inspection hall: a long low shed beside the yard, on the side away from the road.
    const x = hn.x + hn.half + 35;
    solid.box(x, hn.y, heightAt(x, hn.y), 50, 12, 140, 0, '#c8ccd2');
    solid.box(x, hn.y, heightAt(x, hn.y) + 12, 54, 1.2, 144, 0, '#4d6a8a');
  }
  for (const y of g.yards) {
    const ground = heightAt(y.x, y.y) + 1.05;
    const h = y.half;
    // Lamps on the pad's edge.
    for (let d = -h; d <= h; d += LAMP_EVERY_M) {
      for (const [lx, ly] of [[y.x + d, y.y - h - 3], [y.x + d, y.y + h + 3], [y.x - h - 3, y.y + d], [y.x + h + 3, y.y + d]] as const) {
        solid.pole(lx, ly, ground, 0.3, LAMP_H, steel);
        lamps.box(lx, ly, ground + LAMP_H, 2.4, 0.6, 2.4, 0, '#ffe7a8');
      }
    }
    if (y.item.kind === 'agv-terminal') {
      // Two rail-mounted gantry cranes over the stacks, and a charger row on the south edge.
      for (const off of [-h * 0.45, h * 0.45]) {
        for (const side of [-1, 1]) solid.box(y.x + off + side * 12, y.y, ground, 1.5, 20, h * 1.6, 0, '#d94f3d');
        solid.box(y.x + off, y.y, ground + 20, 26, 2.5, 3, 0, '#d94f3d');
      }
      for (let k = 0; k < 4; k++) solid.box(y.x - h + 15 + k * 8, y.y - h + 6, ground, 2, 2.4, 1.2, 0, '#2f9e6b');
      // Container stacks.
      for (let r = -2; r <= 2; r++) for (let k = -3; k <= 3; k++) solid.box(y.x + k * 14, y.y + r * 10, ground, 12.2, 2.6 * (1 + ((r + k + 7) % 3)), 2.45, Math.PI / 2, ['#b5533c', '#2f6f9f', '#6b8e3e'][(r + k + 9) % 3]!);
    }
  }
  // Bay markings: one painted stripe between every column of bays, per row.
  for (const q of lines) {
    const y = q.yard;
    const ground = heightAt(y.x, y.y) + 1.02;
    const cols = Math.floor((2 * y.half) / BAY_W);
    const rows = Math.floor((2 * y.half) / BAY_L);
    for (let r = 0; r < rows; r++) {
      const cy = y.y - y.half + BAY_L * (r + 0.5);
      for (let k = 0; k <= cols; k++) solid.box(y.x - y.half + k * BAY_W, cy, ground, 0.25, 0.05, BAY_L - 3, 0, '#f4f1e8');
    }
  }
  for (const corr of g.corridors) {
    if (corr.item.kind === 'rail') continue;
    const l = corr.line;
    // A fence on both sides of each AGV corridor: posts every 25 m joined by a rail.
    for (let i = 1; i < l.xs.length; i++) {
      const ax = l.xs[i - 1]!;
      const ay = l.ys[i - 1]!;
      const dx = l.xs[i]! - ax;
      const dy = l.ys[i]! - ay;
      const len = Math.hypot(dx, dy);
      if (len < 1) continue;
      const yaw = Math.atan2(-dx / len, dy / len);
      for (const side of [-1, 1]) {
        const ox = (dy / len) * 9 * side;
        const oy = (-dx / len) * 9 * side;
        const mx = ax + dx / 2 + ox;
        const my = ay + dy / 2 + oy;
        solid.box(mx, my, heightAt(mx, my) + 1.6, 0.2, 0.3, len, yaw, '#aeb6bf');
        for (let d = 0; d < len; d += 25) {
          const x = ax + (dx * d) / len + ox;
          const y = ay + (dy * d) / len + oy;
          solid.box(x, y, heightAt(x, y), 0.25, 2, 0.25, yaw, '#8a939c');
        }
      }
    }
  }
  return { solid: solid.merge(), lamps: lamps.merge(), barriers };
}
