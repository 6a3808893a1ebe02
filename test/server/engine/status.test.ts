import { describe, expect, it } from 'vitest';
import { levelOf } from '../../../server/engine/status';
import type { EngineInput, EngineMemory, EngineOutput } from '../../../server/engine/types';
import { DEFAULT_SERVICE_LEVELS, type StatusLevel } from '../../../server/protocol';
import { buildAgv, buildCleared, buildJob, buildTruck, MIN, SITE, T0, tick } from './builders';

const HN = 'huu-nghi-freight';
const L = DEFAULT_SERVICE_LEVELS;

describe('levelOf: enters at a threshold, leaves 10 % below it', () => {
  const band = { warning: 30, critical: 45 };
  it.each<[string, number, StatusLevel | undefined, StatusLevel]>([
    ['below warning, was ok', 29.9, 'ok', 'ok'],
    ['at warning, was ok', 30, 'ok', 'watch'],
    ['just below warning, was watch: holds', 27.1, 'watch', 'watch'],
    ['10 % below warning, was watch: clears', 26.9, 'watch', 'ok'],
    ['at critical, was watch', 45, 'watch', 'critical'],
    ['at critical, was ok: straight to critical', 45, undefined, 'critical'],
    ['just below critical, was critical: holds', 40.6, 'critical', 'critical'],
    ['10 % below critical, was critical: back to watch', 40.4, 'critical', 'watch'],
    ['far below, was critical: ok', 10, 'critical', 'ok'],
    ['between the bands, was ok: watch', 40, 'ok', 'watch'],
  ])('%s', (_name, value, prev, expected) => {
    expect(levelOf(value, band, prev)).toBe(expected);
  });
});

type Severity = 'warning' | 'critical' | undefined;

interface FigureCase {
  name: string;
  band: { warning: number; critical: number };
  /** An input in which the figure has value `v`. */
  build: (v: number) => Partial<EngineInput>;
  alertId: string;
  /** The figure's level as the KPI shows it (a reason of HN export, or undefined when the figure has no KPI row). */
  level?: (out: EngineOutput) => StatusLevel;
  /** The alert's severity at a level (default: watch → warning, critical → critical). */
  severityAt?: (l: StatusLevel) => Severity;
}

const reasonLevel = (kind: string, direction = 'export') => (out: EngineOutput): StatusLevel =>
  out.kpi.crossings.find((c) => c.crossing === HN && c.direction === direction)!.reasons.find((r) => r.kind === kind)?.level ?? 'ok';
const waiting = (v: number, perishable = false) => ({ trucks: [buildTruck({ queuedAt: T0 - v * MIN, perishable })] });

const CASES: FigureCase[] = [
  { name: 'mean wait of trucks waiting now', band: L.waitMeanMin, build: (v) => waiting(v), alertId: `wait-mean:${HN}:export`, level: reasonLevel('wait-mean') },
  { name: 'p95 wait of trucks waiting now', band: L.waitP95Min, build: (v) => waiting(v), alertId: `wait-p95:${HN}:export`, level: reasonLevel('wait-p95') },
  {
    name: 'perishable approaching the limit', band: L.perishableMin, build: (v) => waiting(v, true), alertId: `perishable-near:${HN}:export`, level: reasonLevel('perishable'),
    // Past the limit `perishable-wait` takes over: this one only warns before.
    severityAt: (l) => (l === 'watch' ? 'warning' : undefined),
  },
  {
    name: 'yard fill (Hữu Nghị import, Youyiguan lot of 250)', band: L.yardFill, alertId: `yard-fill:${HN}:import`, level: reasonLevel('yard-fill', 'import'),
    build: (v) => ({ trucks: Array.from({ length: Math.ceil(v * 250) }, (_, i) => buildTruck({ id: `Y${i}`, direction: 'import' })) }),
  },
  {
    name: 'no clearance while open and trucks wait', band: L.noClearanceMin, alertId: `no-clearance:${HN}:export`, level: reasonLevel('no-clearance'),
    build: (v) => ({ trucks: [buildTruck({ queuedAt: T0 - 200 * MIN })], cleared: [buildCleared({ crossedAt: T0 - v * MIN })] }),
  },
  {
    name: 'AGVs idle while containers wait', band: L.agvIdleMin, alertId: 'agv-idle:hn-agv',
    build: (v) => ({ agvs: [buildAgv({ state: 'idle' })], jobs: [buildJob({ readyAt: T0 - v * MIN })] }),
  },
];

// Up through both thresholds and down again, with the holds in between: each step is [value ÷ warning or critical, level].
function steps(b: { warning: number; critical: number }): [number, StatusLevel][] {
  return [
    [0.5 * b.warning, 'ok'],
    [b.warning, 'watch'],
    [0.95 * b.warning, 'watch'],
    [0.85 * b.warning, 'ok'],
    [b.warning, 'watch'],
    [b.critical, 'critical'],
    [0.95 * b.critical, 'critical'],
    [0.85 * b.critical, 'watch'],
    [0.5 * b.warning, 'ok'],
    [b.critical, 'critical'],
    [0.5 * b.warning, 'ok'],
  ];
}

describe.each(CASES)('status and alert: $name', ({ band, build, alertId, level, severityAt }) => {
  const sev = severityAt ?? ((l: StatusLevel): Severity => (l === 'ok' ? undefined : l === 'watch' ? 'warning' : 'critical'));
  it('raises at each threshold, holds within 10 % below it, clears below that, from both sides', () => {
    let memory: EngineMemory | undefined;
    const seen: string[] = [];
    for (const [v, expected] of steps(band)) {
      const out = tick(build(v), memory);
      memory = out.memory;
      if (level) expect({ v, level: level(out) }).toEqual({ v, level: expected });
      expect({ v, severity: out.memory.activeAlerts[alertId]?.severity }).toEqual({ v, severity: sev(expected) });
      for (const a of out.raised) if (a.id === alertId) seen.push(`raised ${a.severity}`);
      for (const a of out.cleared) if (a.id === alertId) seen.push('cleared');
    }
    // Every change is one event; a hold is none.
    expect(seen.length).toBeGreaterThanOrEqual(4);
  });
});

describe('status in the KPI', () => {
  it('a crossing whose waiting trucks passed the critical mean wait is critical, with the reason in figures', () => {
    const out = tick({ trucks: Array.from({ length: 180 }, (_, i) => buildTruck({ id: `W${i}`, queuedAt: T0 - 69 * MIN })) });
    const row = out.kpi.crossings.find((c) => c.crossing === HN && c.direction === 'export')!;
    expect(row).toMatchObject({ status: 'critical', queue: 180, waitNowMeanMin: 69, yardCount: 180, yardCapacity: 400 });
    expect(row.reasons[0]).toEqual({ kind: 'wait-mean', level: 'critical', value: 69, threshold: 45 });
    expect(out.kpi.crossings.find((c) => c.crossing === HN && c.direction === 'import')!.status).toBe('ok');
  });

  it('before opening a morning queue is no warning: the row says when the crossing opens', () => {
    const sevenAm = Date.parse('2026-03-10T07:00:00+07:00');
    const out = tick({ now: sevenAm - 9 * MIN, trucks: [buildTruck({ queuedAt: sevenAm - 20 * MIN })] });
    const row = out.kpi.crossings.find((c) => c.crossing === HN && c.direction === 'export')!;
    expect(row).toMatchObject({ open: false, opensAt: sevenAm, status: 'ok' });
    expect(out.raised.filter((a) => a.crossing === HN)).toEqual([]);
  });
});

describe('the day against its target (shortfall)', () => {
  // Hữu Nghị with a target of 1,000 a day; at 10:00 (3 opening hours, 9 left) with c trucks cleared in the last hour
  // and none waiting the projection is c + min(9c, 0 + c/3 × 9) = 4c.
  const site = { ...SITE, crossings: SITE.crossings.map((c) => (c.id === HN ? { ...c, serviceLevels: { ...c.serviceLevels, dailyTarget: 1000 } } : c)) };
  const build = (c: number): Partial<EngineInput> => ({ site, cleared: Array.from({ length: c }, () => buildCleared({ crossedAt: T0 - 30 * MIN, queuedAt: T0 - 40 * MIN, enteredLaneAt: T0 - 35 * MIN })) });
  const verdict = (out: EngineOutput) => out.kpi.targets.find((t) => t.crossing === HN)!;

  it('raises at 10 % short, critical at 25 %, holds within 10 % of each, clears from both sides', () => {
    // [cleared in the last hour, verdict, alert]: 1000, 900 (10 % short), 904 (holds), 912 (clears), 748 (25.2 %),
    // 760 (24 %, holds), 780 (22 %, back to at risk), 1000.
    const table: [number, string, Severity][] = [[250, 'on-track', undefined], [225, 'at-risk', 'warning'], [226, 'at-risk', 'warning'], [228, 'on-track', undefined], [187, 'off-track', 'critical'], [190, 'off-track', 'critical'], [195, 'at-risk', 'warning'], [250, 'on-track', undefined]];
    let memory: EngineMemory | undefined;
    for (const [c, v, severity] of table) {
      const out = tick(build(c), memory);
      memory = out.memory;
      expect({ c, verdict: verdict(out).verdict, projected: verdict(out).projected, severity: out.memory.activeAlerts[`shortfall:${HN}`]?.severity }).toEqual({ c, verdict: v, projected: 4 * c, severity });
    }
  });

  it('is too early to judge in the first two opening hours', () => {
    const out = tick({ ...build(10), now: Date.parse('2026-03-10T08:30:00+07:00') });
    expect(verdict(out)).toMatchObject({ verdict: 'too-early', dailyTarget: 1000 });
    expect(out.memory.activeAlerts[`shortfall:${HN}`]).toBeUndefined();
  });
});
