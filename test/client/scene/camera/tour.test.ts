import { PerspectiveCamera } from 'three';
import { describe, expect, it } from 'vitest';
import type { Alert, CrossingKpi, Kpi, StatusLevel } from '../../../../server/protocol/viewer';
import type { CameraPreset } from '../../../../client/scene/camera/cameraPresets';
import { ASKED_DWELL_MS, askTour, createTour, DWELL_BY_STATUS, DWELL_MS, OVERVIEW_DWELL_MS, REFRAME_MS, stepTour, tourPlan } from '../../../../client/scene/camera/tour';

const preset = (id: string, x: number): CameraPreset => ({ id, target: [x, 0, 0], position: [x, 500, 500] });
const PRESETS = [preset('overview', 0), preset('a', 1000), preset('b', 2000), preset('c', 3000)];
const critical = (crossing: string): Alert => ({ id: `wait-mean:${crossing}:export`, kind: 'wait-mean', severity: 'critical', crossing, raisedAt: 0, params: {} }) as unknown as Alert;
/** A KPI message with one row per crossing: its status, queue and clearances in the last hour. */
function buildKpi(rows: [string, StatusLevel, number, number][]): Kpi {
  const crossings = rows.map(([crossing, status, queue, clearedLastHour]) => ({ crossing, direction: 'export', status, queue, clearedLastHour }) as unknown as CrossingKpi);
  return { crossings } as unknown as Kpi;
}

describe('the wall tour, driven by trouble', () => {
  it('orders a round worst status first, then by queue; skips idle crossings; holds the worse ones longer', () => {
    const kpi = buildKpi([['a', 'watch', 40, 10], ['b', 'critical', 180, 20], ['c', 'ok', 0, 0]]);
    expect(tourPlan(PRESETS, kpi)).toEqual([
      { id: 'b', dwellMs: DWELL_BY_STATUS.critical },
      { id: 'a', dwellMs: DWELL_BY_STATUS.watch },
      { id: 'overview', dwellMs: OVERVIEW_DWELL_MS },
    ]);
    expect(DWELL_BY_STATUS.critical).toBeGreaterThan(DWELL_BY_STATUS.watch);
    expect(DWELL_BY_STATUS.watch).toBeGreaterThan(DWELL_BY_STATUS.ok);
  });

  it('keeps a quiet crossing that still clears trucks, after busier ones of the same status; the worst direction counts', () => {
    const kpi = buildKpi([['a', 'ok', 5, 30], ['b', 'ok', 60, 40], ['c', 'ok', 0, 12], ['c', 'watch', 0, 0]]);
    expect(tourPlan(PRESETS, kpi).map((s) => s.id)).toEqual(['c', 'b', 'a', 'overview']);
  });

  it('shows only the overview when every crossing is idle, and every preset in turn before the first KPIs', () => {
    expect(tourPlan(PRESETS, buildKpi([['a', 'ok', 0, 0], ['b', 'ok', 0, 0], ['c', 'ok', 0, 0]]))).toEqual([{ id: 'overview', dwellMs: OVERVIEW_DWELL_MS }]);
    expect(tourPlan(PRESETS, null).map((s) => s.id)).toEqual(['overview', 'a', 'b', 'c']);
  });

  it('walks the round, dwelling on each stop for its time, and re-plans from the KPIs at each round', () => {
    const tour = createTour();
    const cam = new PerspectiveCamera();
    let kpi = buildKpi([['a', 'watch', 40, 10], ['b', 'critical', 180, 20], ['c', 'ok', 0, 0]]);
    const seen: string[] = [];
    let t = 0;
    const step = () => { stepTour(tour, PRESETS, [], kpi, cam, t); if (seen.at(-1) !== tour.current) seen.push(tour.current); };
    step();
    t += DWELL_BY_STATUS.critical - 1; step();
    expect(seen).toEqual(['b']);
    t += 2; step();
    t += DWELL_BY_STATUS.watch; step();
    expect(seen).toEqual(['b', 'a', 'overview']);
    kpi = buildKpi([['a', 'ok', 0, 0], ['b', 'ok', 3, 9], ['c', 'critical', 90, 1]]);
    t += OVERVIEW_DWELL_MS; step();
    t += DWELL_BY_STATUS.critical; step();
    expect(seen).toEqual(['b', 'a', 'overview', 'c', 'b']);
  });

  it('cuts in once for a new critical alert, then goes on with the round', () => {
    const tour = createTour();
    const cam = new PerspectiveCamera();
    stepTour(tour, PRESETS, [], null, cam, 0);
    expect(tour.current).toBe('overview');
    stepTour(tour, PRESETS, [critical('c')], null, cam, 1000);
    expect(tour.current).toBe('c');
    stepTour(tour, PRESETS, [critical('c')], null, cam, 1000 + DWELL_BY_STATUS.critical - 1);
    expect(tour.current).toBe('c');
    stepTour(tour, PRESETS, [critical('c')], null, cam, 1000 + DWELL_BY_STATUS.critical + 1);
    expect(tour.current).toBe('a');
    expect(DWELL_MS).toBeGreaterThan(0);
  });

  it('rushes to the crossing the banner shouts about, once per alert, whatever alert is newest', () => {
    const tour = createTour();
    const cam = new PerspectiveCamera();
    stepTour(tour, PRESETS, [], null, cam, 0, true, null);
    expect(tour.current).toBe('overview');
    // The newest critical alert is at 'c', but the banner shouts the more urgent one at 'b': the camera goes to 'b'.
    const alerts = [critical('c'), critical('b')];
    const focusB = { alert: alerts[1]!.id, crossing: 'b' };
    stepTour(tour, PRESETS, alerts, null, cam, 1000, true, focusB);
    expect(tour.current).toBe('b');
    // The same shout again later does not pull the camera back once the round has moved on.
    stepTour(tour, PRESETS, alerts, null, cam, 1000 + DWELL_BY_STATUS.critical + 1, true, focusB);
    const after = tour.current;
    expect(after).not.toBe('b');
    stepTour(tour, PRESETS, alerts, null, cam, 1000 + DWELL_BY_STATUS.critical + 2, true, focusB);
    expect(tour.current).toBe(after);
    // The banner's next alert (at 'c') brings it there; an alert without a crossing moves nothing.
    stepTour(tour, PRESETS, alerts, null, cam, 1000 + DWELL_BY_STATUS.critical + 3, true, { alert: alerts[0]!.id, crossing: 'c' });
    expect(tour.current).toBe('c');
    stepTour(tour, PRESETS, alerts, null, cam, 1000 + DWELL_BY_STATUS.critical + 4, true, { alert: 'site-wide', crossing: null });
    expect(tour.current).toBe('c');
  });

  it('shows a stop someone asked for before everything, for the asked dwell, then starts a round worst first', () => {
    const tour = createTour();
    const cam = new PerspectiveCamera();
    const kpi = buildKpi([['a', 'ok', 10, 10], ['b', 'critical', 180, 20], ['c', 'ok', 0, 0]]);
    stepTour(tour, PRESETS, [critical('b')], kpi, cam, 0);
    expect(tour.current).toBe('b');
    askTour(tour, PRESETS, 'a');
    stepTour(tour, PRESETS, [critical('b')], kpi, cam, 1000);
    expect(tour.current).toBe('a');
    stepTour(tour, PRESETS, [critical('b')], kpi, cam, 1000 + ASKED_DWELL_MS - 1);
    expect(tour.current).toBe('a');
    stepTour(tour, PRESETS, [critical('b')], kpi, cam, 1000 + ASKED_DWELL_MS + 1);
    expect(tour.current).toBe('b');
    askTour(tour, PRESETS, 'nowhere');
    expect(tour.asked).toBeNull();
  });

  it('keeps the camera within a small sway of its framing while dwelling', () => {
    const tour = createTour();
    const cam = new PerspectiveCamera();
    stepTour(tour, [preset('a', 1000)], [], null, cam, 0);
    let widest = 0;
    for (let t = 0; t < DWELL_MS; t += 500) {
      stepTour(tour, [preset('a', 1000)], [], null, cam, t);
      widest = Math.max(widest, Math.abs(Math.atan2(cam.position.x - 1000, cam.position.z)));
    }
    expect(widest).toBeGreaterThan(0.05);
    expect(widest).toBeLessThan(0.11);
  });

  it('glides to a stop placed anew while it is shown (a banner came), keeping the stop and its dwell', () => {
    const tour = createTour();
    const cam = new PerspectiveCamera();
    const kpi = buildKpi([['b', 'critical', 180, 20]]);
    stepTour(tour, PRESETS, [], kpi, cam, 0);
    expect(tour.current).toBe('b');
    // Re-fitted presets with the same placements (every re-fit makes new objects): the camera stays put.
    const same = PRESETS.map((p) => ({ ...p }));
    stepTour(tour, same, [], kpi, cam, 1000);
    expect(tour.flying).toBe(false);
    // The banner comes: 'b' is placed farther back and higher. The camera glides there, the stop does not change.
    const framedBelow = PRESETS.map((p) => (p.id === 'b' ? { ...p, position: [2000, 900, 1200] as [number, number, number] } : p));
    stepTour(tour, framedBelow, [], kpi, cam, 2000);
    expect(tour.flying).toBe(true);
    expect(tour.current).toBe('b');
    stepTour(tour, framedBelow, [], kpi, cam, 2000 + REFRAME_MS / 2);
    expect(cam.position.y).toBeGreaterThan(500);
    expect(cam.position.y).toBeLessThan(900);
    stepTour(tour, framedBelow, [], kpi, cam, 2000 + REFRAME_MS);
    expect(cam.position.toArray().map(Math.round)).toEqual([2000, 900, 1200]);
    stepTour(tour, framedBelow, [], kpi, cam, 2001 + REFRAME_MS);
    expect(tour.flying).toBe(false);
    // Still the critical stop's dwell: the round moves on only when it has run out.
    stepTour(tour, framedBelow, [], kpi, cam, DWELL_BY_STATUS.critical - 1);
    expect(tour.current).toBe('b');
    stepTour(tour, framedBelow, [], kpi, cam, DWELL_BY_STATUS.critical + 1);
    expect(tour.current).toBe('overview');
  });

  it('holds the camera on its framing while told not to sway (a banner over the view), and sways again after', () => {
    const tour = createTour();
    const cam = new PerspectiveCamera();
    const a = [preset('a', 1000)];
    stepTour(tour, a, [], null, cam, 0);
    // Swayed off the framing by now.
    stepTour(tour, a, [], null, cam, 10_000);
    expect(Math.abs(cam.position.x - 1000)).toBeGreaterThan(1);
    // No sway: straight back onto the framing, and there it stays.
    for (let t = 10_500; t < 30_000; t += 500) {
      stepTour(tour, a, [], null, cam, t, false);
      expect(cam.position.x).toBeCloseTo(1000, 6);
      expect(cam.position.z).toBeCloseTo(500, 6);
    }
    stepTour(tour, a, [], null, cam, 40_000);
    expect(Math.abs(cam.position.x - 1000)).toBeGreaterThan(1);
  });
});
