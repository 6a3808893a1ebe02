import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { defaultEngineConfig, initialMemory, runEngine } from '../../server/engine';
import { EngineIsolation } from '../../server/engine/isolate';
import type { ClearedTruck, ContainerJob, EngineAgv, EngineInput, EngineLane, EngineTruck } from '../../server/engine/types';
import { applyConfiguration, SiteSchema, type Lane, type Site } from '../../server/protocol';
import { mulberry32 } from '../../server/protocol/random';
import type { BenchResult } from './types';

// Engine full re-plan (design §9): 5,000 waiting trucks, 40 lanes, 100 AGVs → p99 ≤ 20 ms;
// 10× the trucks must cost ≤ 15× the time.

const NOW = Date.parse('2026-03-10T10:00:00+07:00');
const MIN = 60_000;
// 40 truck lanes over the three freight crossings: [prefix, export, reversible, import, serviceS].
const LANES: Record<string, [string, number, number, number, number]> = {
  'huu-nghi-freight': ['HN', 6, 4, 8, 150],
  'tan-thanh-freight': ['TT', 4, 4, 6, 180],
  'coc-nam': ['CN', 3, 2, 3, 240],
};

function benchSite(): Site {
  const site = applyConfiguration(SiteSchema.parse(JSON.parse(readFileSync('assets/site.json', 'utf8'))), 'today');
  const crossings = site.crossings.map((c) => {
    const spec = LANES[c.id];
    if (!spec) return c;
    const [prefix, e, r, i, serviceS] = spec;
    const dirs = [...Array<'export'>(e).fill('export'), ...Array<'reversible'>(r).fill('reversible'), ...Array<'import'>(i).fill('import')];
    const lanes: Lane[] = dirs.map((direction, k) => ({ id: `${prefix}-${k + 1}`, direction, classes: ['truck'], serviceS, open: true }));
    return { ...c, lanes };
  });
  return { ...site, crossings };
}

/** A peak-hour snapshot with `nTrucks` waiting trucks, deterministic for a given seed. */
export function benchInput(nTrucks: number, seed = 20261): EngineInput {
  const rnd = mulberry32(seed);
  const site = benchSite();
  const freight = site.crossings.filter((c) => LANES[c.id]);
  const lanes: EngineLane[] = freight.flatMap((c) => c.lanes.map((l) => ({ id: l.id, crossing: c.id, direction: l.direction, classes: l.classes, serviceS: l.serviceS, open: l.id !== 'HN-7', hours: c.hours })));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const crossingOf = () => (rnd() < 0.55 ? 'huu-nghi-freight' : rnd() < 0.85 ? 'tan-thanh-freight' : 'coc-nam');
  const trucks: EngineTruck[] = [];
  for (let i = 0; i < nTrucks; i++) {
    const direction = rnd() < 0.3 ? 'export' : 'import';
    const perishable = direction === 'export' ? rnd() < 0.6 : rnd() < 0.05;
    const c = rnd();
    trucks.push({
      id: `T${i}`,
      crossing: crossingOf(),
      direction,
      cargo: perishable ? 'fruit' : pick(['electronics', 'machinery', 'general', 'fabric'] as const),
      perishable,
      channel: c < 0.8 ? 'green' : c < 0.95 ? 'yellow' : 'red',
      phase: 'queued',
      // Device timestamps: second resolution over the last 6 h.
      queuedAt: NOW - Math.floor(rnd() * 6 * 3600) * 1000,
      stale: rnd() < 0.01,
    });
  }
  // One truck in each lane, a few called forward.
  lanes.forEach((l, k) => {
    const direction = l.direction === 'reversible' ? 'import' : l.direction;
    trucks.push({ id: `IN${k}`, crossing: l.crossing, direction, cargo: 'general', perishable: false, channel: 'green', phase: 'in-lane', lane: l.id, queuedAt: NOW - 90 * MIN, enteredLaneAt: NOW - 60_000, stale: false });
    if (k % 3 === 0) trucks.push({ id: `CL${k}`, crossing: l.crossing, direction, cargo: 'general', perishable: false, channel: 'green', phase: 'called', lane: l.id, queuedAt: NOW - 80 * MIN, calledAt: NOW - 30_000, stale: false });
  });
  const agvs: EngineAgv[] = Array.from({ length: 100 }, (_, i) => {
    const corridor = i < 70 ? 'hn-agv' : 'tt-agv';
    const s = rnd();
    const state = s < 0.6 ? 'idle' : s < 0.85 ? 'loaded' : s < 0.95 ? 'charging' : 'fault';
    return { id: `A${String(i).padStart(3, '0')}`, corridor, along: Math.floor(rnd() * 2300), speed: 5, battery: 0.15 + rnd() * 0.85, state, stale: false };
  });
  const jobs: ContainerJob[] = Array.from({ length: 200 }, (_, i) => {
    const hn = i % 3 !== 0;
    const forward = rnd() < 0.5;
    const [a, b] = hn ? ['youyiguan-terminal', 'huu-nghi-agv-yard'] : ['puzhai-terminal', 'bao-nguyen'];
    return { id: `C${i}`, corridor: hn ? 'hn-agv' : 'tt-agv', from: forward ? a : b, to: forward ? b : a, readyAt: NOW - Math.floor(rnd() * 30) * MIN, perishable: rnd() < 0.2 };
  });
  const cleared: ClearedTruck[] = Array.from({ length: 1500 }, () => {
    const crossedAt = NOW - Math.floor(rnd() * 180) * MIN;
    return { crossing: crossingOf(), direction: rnd() < 0.3 ? 'export' : 'import', perishable: rnd() < 0.2, queuedAt: crossedAt - 200 * MIN, enteredLaneAt: crossedAt - 10 * MIN, crossedAt };
  });
  const queueHistory = freight.flatMap((c) => (['export', 'import'] as const).flatMap((direction) => Array.from({ length: 15 }, (_, k) => ({ ts: NOW - (15 - k) * MIN, crossing: c.id, direction, queue: 100 + k }))));
  return { now: NOW, site, config: defaultEngineConfig('default'), trucks, lanes, agvs, jobs, cleared, staleSensors: ['loop-HN-3'], queueHistory };
}

// Times `runs` full re-plans (fresh memory each: nothing carried over), after `warmup` untimed ones.
function time(input: EngineInput, warmup: number, runs: number): number[] {
  for (let i = 0; i < warmup; i++) runEngine(input, initialMemory());
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    runEngine(input, initialMemory());
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

const quantile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The engine benchmarks: re-plan p99 at 5,000 trucks, and the cost of 10× the trucks. */
export async function run(): Promise<BenchResult[]> {
  const small = benchInput(5_000);
  const large = benchInput(50_000);
  const p99 = quantile(time(small, 50, 300), 0.99);
  // Medians, interleaved in rounds so background load hits both sizes alike.
  const smallRuns: number[] = [];
  const largeRuns: number[] = [];
  time(large, 3, 0);
  for (let round = 0; round < 5; round++) {
    smallRuns.push(...time(small, 0, 20));
    largeRuns.push(...time(large, 0, 3));
  }
  const base = quantile(smallRuns.sort((a, b) => a - b), 0.5);
  const big = quantile(largeRuns.sort((a, b) => a - b), 0.5);
  return [
    { name: 'engine.replan_p99_ms', value: r3(p99), unit: 'ms' },
    { name: 'engine.scaling_10x', value: r3(big / base), unit: 'x', baseline: r3(base), ratio: r3(big / base) },
    ...isolation(small),
  ];
}

// Issue 12: what the bad-entity isolation costs at 5,000 trucks. A healthy tick through it against a direct run;
// the tick that finds one breaking truck (a binary search: ~log2 n extra runs); later ticks with it left out.
function isolation(input: EngineInput): BenchResult[] {
  const breaking = (i: EngineInput, m: ReturnType<typeof initialMemory>) => {
    if (i.trucks.some((t) => t.id === 'T2500')) throw new TypeError('bad truck');
    return runEngine(i, m);
  };
  const median = (f: () => void, n: number): number => {
    const xs: number[] = [];
    for (let k = 0; k < n; k++) {
      const t0 = performance.now();
      f();
      xs.push(performance.now() - t0);
    }
    return quantile(xs.sort((a, b) => a - b), 0.5);
  };
  const healthy = new EngineIsolation();
  const left = new EngineIsolation();
  left.run(breaking, input, initialMemory());
  const direct: number[] = [];
  const wrapped: number[] = [];
  const quarantined: number[] = [];
  const first: number[] = [];
  for (let round = 0; round < 5; round++) {
    direct.push(median(() => runEngine(input, initialMemory()), 10));
    wrapped.push(median(() => healthy.run(runEngine, input, initialMemory()), 10));
    quarantined.push(median(() => left.run(breaking, input, initialMemory()), 10));
    first.push(median(() => new EngineIsolation().run(breaking, input, initialMemory()), 1));
  }
  const med = (xs: number[]) => quantile(xs.sort((a, b) => a - b), 0.5);
  const base = med(direct);
  const line = (name: string, v: number): BenchResult => ({ name, value: r3(v / base), unit: 'x', baseline: r3(base), ratio: r3(v / base) });
  return [line('engine.isolation_healthy_ratio', med(wrapped)), line('engine.isolation_quarantined_ratio', med(quarantined)), line('engine.isolation_first_tick_ratio', med(first))];
}
