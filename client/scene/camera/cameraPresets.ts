import type { HeightFn } from '../terrain/drape';
import { crossingFramePoints, frameView, SCENE_FOV, type Framing } from './framing';
import type { QueueLine } from '../vehicles/queueLayout';
import type { SiteGeometry } from '../site/siteGeometry';

/** A camera placement: where it looks (target) and where it stands (position), Three.js coordinates. */
export interface CameraPreset {
  id: string;
  target: [number, number, number];
  position: [number, number, number];
  /** What a crossing's preset must keep in view: re-framed exactly for each canvas's aspect. */
  framing?: Framing;
}

/** The id of the whole-site preset. */
export const OVERVIEW = 'overview';

/**
 * Camera stand-off from a target: `distance` metres away, `elevation` degrees above the horizon, looking along
 * the horizontal direction (dx east, dy north).
 */
function standOff(tx: number, ty: number, tz: number, dx: number, dy: number, distance: number, elevation: number): [number, number, number] {
  const len = Math.hypot(dx, dy) || 1;
  const el = (elevation * Math.PI) / 180;
  const h = distance * Math.cos(el);
  return [tx - (dx / len) * h, ty + distance * Math.sin(el), tz + (dy / len) * h];
}

/**
 * The overview (seen from the Vietnamese side, south-west, so the NW→SE border runs across the screen) and
 * one preset per crossing, looking from the Vietnamese approach and framing its yards, approach roads and gate
 * together (computed from their box in the site model, for the design aspect; fitPresets re-frames per canvas).
 */
export function cameraPresets(g: SiteGeometry, heightAt: HeightFn, lines: readonly QueueLine[]): CameraPreset[] {
  const xs = g.markers.map((m) => m.x);
  const ys = g.markers.map((m) => m.y);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2 - 500;
  const span = Math.hypot(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  const overviewTarget: [number, number, number] = [cx, heightAt(cx, cy), -cy];
  const presets: CameraPreset[] = [
    { id: OVERVIEW, target: overviewTarget, position: standOff(cx, overviewTarget[1], -cy, 1, 1.25, span * 0.92, 50) },
  ];
  for (const c of g.crossings) {
    // Look along the direction of travel, turned a little so the lanes are seen at an angle, not end-on.
    const a = 0.6;
    const framing: Framing = {
      points: crossingFramePoints(c, lines, heightAt),
      dirX: c.dirX * Math.cos(a) - c.dirY * Math.sin(a),
      dirY: c.dirX * Math.sin(a) + c.dirY * Math.cos(a),
      elevation: 40,
    };
    presets.push({ id: c.item.id, ...frameView(framing, SCENE_FOV, DESIGN_ASPECT), framing });
  }
  return presets;
}

/** The canvas aspect (width ÷ height) the presets' distances are chosen for: a 16:9 screen under a header. */
export const DESIGN_ASPECT = 1.8;

/**
 * The presets for a canvas of `aspect`: a crossing's re-framed so its subject fits exactly (below a banner that
 * covers the top `coverTop` of the canvas's height, if any); the others moved nearer or farther so they frame the
 * same width of ground as on the design aspect (a narrow canvas beside a side panel backs off; a 32:9 wall moves
 * in), within [0.7, 1.8]×.
 */
export function fitPresets(presets: readonly CameraPreset[], aspect: number, coverTop = 0): CameraPreset[] {
  const k = Math.min(1.8, Math.max(0.7, DESIGN_ASPECT / (aspect > 0 ? aspect : DESIGN_ASPECT)));
  return presets.map((p) => {
    if (p.framing) return { ...p, ...frameView(p.framing, SCENE_FOV, aspect > 0 ? aspect : DESIGN_ASPECT, coverTop) };
    const [tx, ty, tz] = p.target;
    const [x, y, z] = p.position;
    return { ...p, position: [tx + (x - tx) * k, ty + (y - ty) * k, tz + (z - tz) * k] };
  });
}
