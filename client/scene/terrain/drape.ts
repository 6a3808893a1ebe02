import { BufferAttribute, BufferGeometry } from 'three';
import type { Polyline } from '../../../server/protocol/geo';

/** Ground height function shared by everything that sits on the terrain. */
export type HeightFn = (x: number, y: number) => number;

/** Distances along a line at most `step` apart, always including the vertices (so corners stay sharp). */
function stations(line: Polyline, step: number): number[] {
  const out: number[] = [0];
  for (let i = 1; i < line.s.length; i++) {
    const a = line.s[i - 1]!;
    const b = line.s[i]!;
    const n = Math.max(1, Math.ceil((b - a) / step));
    for (let k = 1; k <= n; k++) out.push(a + ((b - a) * k) / n);
  }
  return out;
}

/** Point of a line at distance d (no heading), written to `out`. */
function at(line: Polyline, d: number, out: { x: number; y: number; dx: number; dy: number }): void {
  let i = 1;
  while (i < line.s.length - 1 && line.s[i]! < d) i++;
  const s0 = line.s[i - 1]!;
  const seg = line.s[i]! - s0;
  const t = seg > 0 ? (d - s0) / seg : 0;
  const dx = line.xs[i]! - line.xs[i - 1]!;
  const dy = line.ys[i]! - line.ys[i - 1]!;
  const len = Math.hypot(dx, dy) || 1;
  out.x = line.xs[i - 1]! + dx * t;
  out.y = line.ys[i - 1]! + dy * t;
  out.dx = dx / len;
  out.dy = dy / len;
}

/** Three.js positions (x east, y up, z south) of a line laid on the ground, `lift` metres above it. */
export function drapedPoints(line: Polyline, heightAt: HeightFn, lift: number, step = 25): [number, number, number][] {
  const p = { x: 0, y: 0, dx: 0, dy: 0 };
  return stations(line, step).map((d) => {
    at(line, d, p);
    return [p.x, heightAt(p.x, p.y) + lift, -p.y];
  });
}

/** A flat strip `width` metres wide following a line on the ground (roads, corridors, heat zones). */
export function ribbonGeometry(line: Polyline, width: number, heightAt: HeightFn, lift: number, step = 25): BufferGeometry {
  const p = { x: 0, y: 0, dx: 0, dy: 0 };
  const ds = stations(line, step);
  const pos = new Float32Array(ds.length * 2 * 3);
  ds.forEach((d, i) => {
    at(line, d, p);
    // Left normal of the direction of travel, in the x/y plane.
    const nx = -p.dy * (width / 2);
    const ny = p.dx * (width / 2);
    const l = [p.x + nx, p.y + ny];
    const r = [p.x - nx, p.y - ny];
    pos.set([l[0]!, heightAt(l[0]!, l[1]!) + lift, -l[1]!, r[0]!, heightAt(r[0]!, r[1]!) + lift, -r[1]!], i * 6);
  });
  const index: number[] = [];
  for (let i = 0; i < ds.length - 1; i++) {
    const a = i * 2;
    index.push(a, a + 1, a + 2, a + 1, a + 3, a + 2);
  }
  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(pos, 3));
  g.setIndex(index);
  g.computeVertexNormals();
  return g;
}
