import { readFileSync } from 'node:fs';
import { PerspectiveCamera, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { pointAt } from '../../../../server/protocol/geo';
import { applyConfiguration, SiteSchema } from '../../../../server/protocol/site';
import { cameraPresets, DESIGN_ASPECT, fitPresets, OVERVIEW, type CameraPreset } from '../../../../client/scene/camera/cameraPresets';
import { BARE_APPROACH_M, FRAME_BOTTOM, FRAME_FILL, frameTop, SCENE_FOV } from '../../../../client/scene/camera/framing';
import { queueLines } from '../../../../client/scene/vehicles/queueLayout';
import { siteGeometry } from '../../../../client/scene/site/siteGeometry';

const p: CameraPreset = { id: 'x', target: [100, 250, -100], position: [100, 1250, 900] };
const dist = (q: CameraPreset) => Math.hypot(q.position[0] - q.target[0], q.position[1] - q.target[1], q.position[2] - q.target[2]);

describe('presets fitted to the canvas', () => {
  it('keep the design distance at the design aspect', () => expect(dist(fitPresets([p], DESIGN_ASPECT)[0]!)).toBeCloseTo(dist(p)));
  it('back off on a narrow canvas and move in on a wide wall, within bounds', () => {
    expect(dist(fitPresets([p], 1.2)[0]!)).toBeCloseTo(dist(p) * 1.5);
    expect(dist(fitPresets([p], 0.5)[0]!)).toBeCloseTo(dist(p) * 1.8);
    expect(dist(fitPresets([p], 3.56)[0]!)).toBeCloseTo(dist(p) * 0.7);
  });
  it('keep the target and the direction of view', () => {
    const q = fitPresets([p], 1.2)[0]!;
    expect(q.target).toEqual(p.target);
    expect(q.position[0]).toBeCloseTo(100);
    expect((q.position[1] - 250) / (q.position[2] + 100)).toBeCloseTo(1000 / 1000);
  });
});

describe('crossing presets framed from the site model', () => {
  const site = applyConfiguration(SiteSchema.parse(JSON.parse(readFileSync(new URL('../../../../assets/site.json', import.meta.url), 'utf8'))), 'today');
  const flat = () => 300;
  const build = (s: typeof site) => {
    const geo = siteGeometry(s);
    const lines = queueLines(geo);
    return { geo, lines, presets: cameraPresets(geo, flat, lines) };
  };
  const { geo, lines, presets } = build(site);
  /** The gate, each yard's four corners and the approach road just past each yard, as the user must see them. */
  const subject = (id: string, g = geo, ls = lines): Vector3[] => {
    const c = g.crossings.find((x) => x.item.id === id)!;
    const pts = [new Vector3(c.x, 300, -c.y)];
    const p = { x: 0, y: 0, heading: 0 };
    const mine = ls.filter((q) => q.crossing === id);
    for (const q of mine) {
      for (const [sx, sy] of [[-1, -1], [1, -1], [-1, 1], [1, 1]] as const) pts.push(new Vector3(q.yard.x + sx * q.yard.half, 300, -(q.yard.y + sy * q.yard.half)));
      pointAt(q.road, q.roadStart + 200, p);
      pts.push(new Vector3(p.x, 300, -p.y));
    }
    if (mine.length === 0) for (const road of [c.roadVn, c.roadCn]) { pointAt(road, BARE_APPROACH_M, p); pts.push(new Vector3(p.x, 300, -p.y)); }
    return pts;
  };
  const ndc = (preset: CameraPreset, aspect: number, pts: Vector3[]) => {
    const cam = new PerspectiveCamera(SCENE_FOV, aspect, 2, 80_000);
    cam.position.set(...preset.position);
    cam.lookAt(new Vector3(...preset.target));
    cam.updateMatrixWorld();
    return pts.map((v) => v.clone().project(cam));
  };

  for (const aspect of [DESIGN_ASPECT, 3840 / 1150, 1.2]) {
    it(`puts every crossing's gate, yards and approach road inside the view (aspect ${aspect.toFixed(2)}), filling it`, () => {
      for (const preset of fitPresets(presets, aspect).filter((p) => p.id !== OVERVIEW)) {
        const seen = ndc(preset, aspect, subject(preset.id));
        for (const v of seen) {
          expect(Math.abs(v.x), `${preset.id}: x`).toBeLessThanOrEqual(FRAME_FILL + 1e-6);
          expect(v.y, `${preset.id}: y`).toBeLessThanOrEqual(FRAME_FILL + 1e-6);
          expect(v.y, `${preset.id}: clear of the HUD's bottom band`).toBeGreaterThanOrEqual(-FRAME_BOTTOM - 1e-6);
          expect(v.z, `${preset.id}: in front of the camera`).toBeLessThan(1);
        }
        // Not from afar: the subject reaches the framed edge on one axis.
        expect(Math.max(...seen.map((v) => Math.max(Math.abs(v.x), Math.abs(v.y)))), preset.id).toBeGreaterThan(FRAME_FILL * 0.75);
      }
    });
  }

  // The wall's critical banner covers the top of the canvas for a minute at each new critical alert: the crossing it
  // is about must stay in view below it, not be drawn under it.
  for (const [aspect, coverTop] of [[DESIGN_ASPECT, 0.12], [3840 / 1150, 0.2], [1.2, 0.3]] as const) {
    it(`frames each crossing below a banner over the top ${coverTop * 100} % of the canvas (aspect ${aspect.toFixed(2)})`, () => {
      const bannerEdge = 1 - 2 * coverTop;
      for (const preset of fitPresets(presets, aspect, coverTop).filter((p) => p.id !== OVERVIEW)) {
        const seen = ndc(preset, aspect, subject(preset.id));
        for (const v of seen) {
          expect(v.y, `${preset.id}: below the banner`).toBeLessThan(bannerEdge);
          expect(v.y, `${preset.id}: clear of the HUD's bottom band`).toBeGreaterThanOrEqual(-FRAME_BOTTOM - 1e-6);
          expect(Math.abs(v.x), `${preset.id}: x`).toBeLessThanOrEqual(FRAME_FILL + 1e-6);
        }
        // Not from afar: the subject (a subset of the framed points) comes near an edge of the smaller window.
        const reach = Math.max(...seen.map((v) => Math.max(Math.abs(v.x) / FRAME_FILL, v.y / frameTop(coverTop), -v.y / FRAME_BOTTOM)));
        expect(reach, preset.id).toBeGreaterThan(0.75);
      }
      // Tight on one axis, as the wall's e2e check reads it on screen: the framed points span most of the canvas's
      // width or of the height the banner leaves free.
      for (const preset of fitPresets(presets, aspect, coverTop).filter((p) => p.id !== OVERVIEW)) {
        const pts = preset.framing!.points;
        const seen = ndc(preset, aspect, Array.from({ length: pts.length / 3 }, (_x, i) => new Vector3(pts[i * 3], pts[i * 3 + 1], pts[i * 3 + 2])));
        const spanX = (Math.max(...seen.map((v) => v.x)) - Math.min(...seen.map((v) => v.x))) / 2;
        const spanY = (Math.max(...seen.map((v) => v.y)) - Math.min(...seen.map((v) => v.y))) / 2 / (1 - coverTop);
        expect(Math.max(spanX, spanY), `${preset.id}: share of the width or of the free height`).toBeGreaterThan(0.6);
      }
      // Without the banner the same presets reach above its edge: the re-framing is what keeps them below it.
      const free = fitPresets(presets, aspect).filter((p) => p.id !== OVERVIEW);
      expect(free.some((preset) => ndc(preset, aspect, subject(preset.id)).some((v) => v.y > bannerEdge))).toBe(true);
    });
  }

  it('keeps a window above the centre however much a banner covers', () => {
    expect(frameTop(0)).toBe(FRAME_FILL);
    expect(frameTop(0.25)).toBeCloseTo(0.45);
    expect(frameTop(0.9)).toBe(0.2);
  });

  it('follows the site model: a yard moved 1.5 km east moves its crossing preset and stays in view, the others stay', () => {
    const moved = structuredClone(site);
    const yard = moved.yards.find((y) => y.id === 'xuan-cuong')!;
    yard.lon += 1500 / geo.frame.mPerDegLon;
    const b = build(moved);
    const at = (ps: CameraPreset[], id: string) => ps.find((p) => p.id === id)!;
    expect(at(b.presets, 'huu-nghi-freight').target).not.toEqual(at(presets, 'huu-nghi-freight').target);
    expect(at(b.presets, 'tan-thanh-freight').target).toEqual(at(presets, 'tan-thanh-freight').target);
    for (const v of ndc(at(b.presets, 'huu-nghi-freight'), DESIGN_ASPECT, subject('huu-nghi-freight', b.geo, b.lines))) {
      expect(Math.abs(v.x)).toBeLessThanOrEqual(FRAME_FILL + 1e-6);
      expect(v.y).toBeGreaterThanOrEqual(-FRAME_BOTTOM - 1e-6);
      expect(v.y).toBeLessThanOrEqual(FRAME_FILL + 1e-6);
    }
    // The old framing would cut the moved yard off.
    const old = ndc(at(presets, 'huu-nghi-freight'), DESIGN_ASPECT, subject('huu-nghi-freight', b.geo, b.lines));
    expect(Math.max(...old.map((v) => Math.max(Math.abs(v.x), Math.abs(v.y))))).toBeGreaterThan(FRAME_FILL);
  });
});
