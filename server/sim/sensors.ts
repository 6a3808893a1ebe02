import type { Site } from '../protocol';
import type { AgvModel } from './agvs';
import type { Outbox } from './outbox';
import type { Rng } from './rng';
import type { TruckModel } from './trucks';

interface SensorDef {
  id: string;
  type: 'loop' | 'queue' | 'barrier' | 'weather';
  periodMs: number;
  lane?: string;
  zone?: string;
  unit: string;
  read: () => number;
  noisy: boolean;
  /** Never drops out and draws nothing from the random stream (added sensors keep the simulated day unchanged). */
  steady?: boolean;
  last: number;
}

/** Roadside devices: lane loops, queue cameras, barriers, weather stations and the AGV terminals' container counts. */
export class SensorModel {
  private readonly defs: SensorDef[] = [];
  private readonly dropouts = new Map<string, number>();
  readonly closedLanes = new Set<string>();
  visibilityM = 10_000;
  rainMmH = 0;

  constructor(
    site: Site,
    trucks: TruckModel,
    agvs: AgvModel,
    private readonly out: Outbox,
    private readonly rng: Rng,
    private readonly noise: number,
    private readonly dropoutRate: number,
  ) {
    const add = (d: Omit<SensorDef, 'last'>) => this.defs.push({ ...d, last: -Infinity });
    for (const c of site.crossings) {
      for (const l of c.lanes) {
        add({ id: `loop-${l.id}`, type: 'loop', periodMs: 10_000, lane: l.id, unit: 'vehicles', read: () => trucks.laneEntries.get(l.id) ?? 0, noisy: false });
        add({ id: `barrier-${l.id}`, type: 'barrier', periodMs: 30_000, lane: l.id, unit: 'open', read: () => (this.closedLanes.has(l.id) ? 0 : 1), noisy: false });
      }
      for (const side of ['vn', 'cn'] as const) {
        const zone = site.zones.find((z) => z.crossing === c.id && z.side === side);
        if (zone) add({ id: `cam-${c.id}-${side}`, type: 'queue', periodMs: 10_000, zone: zone.id, unit: 'vehicles', read: () => trucks.queueLength(c.id, side), noisy: true });
      }
      add({ id: `wx-${c.id}`, type: 'weather', periodMs: 60_000, zone: c.id, unit: 'visibility-m', read: () => this.visibilityM, noisy: true });
      add({ id: `rain-${c.id}`, type: 'weather', periodMs: 60_000, zone: c.id, unit: 'rain-mm-h', read: () => this.rainMmH, noisy: false, steady: true });
    }
    for (const corridor of site.corridors) {
      if ((site.fleets[corridor.id] ?? 0) === 0) continue;
      for (const yard of [corridor.from, corridor.to]) {
        if (this.defs.some((d) => d.id === `tos-${yard}`)) continue;
        add({ id: `tos-${yard}`, type: 'queue', periodMs: 5_000, zone: yard, unit: 'containers', read: () => agvs.backlog.get(yard) ?? 0, noisy: false });
      }
    }
  }

  /** Silences one sensor (or every sensor whose id starts with the prefix) until `until`. */
  dropout(idPrefix: string, until: number): void {
    for (const d of this.defs) if (d.id.startsWith(idPrefix)) this.dropouts.set(d.id, until);
  }

  step(now: number): void {
    for (const d of this.defs) {
      if (now - d.last < d.periodMs) continue;
      d.last = now;
      if ((this.dropouts.get(d.id) ?? 0) > now) continue;
      if (!d.steady && this.dropoutRate > 0 && this.rng.next() < this.dropoutRate) continue;
      let value = d.read();
      if (d.noisy && this.noise > 0) value = Math.max(0, Math.round(value * (1 + this.rng.range(-this.noise, this.noise))));
      this.out.push({
        kind: 'sensor', id: d.id, seq: this.out.seq(d.id), ts: Math.round(now), type: d.type, value, unit: d.unit,
        ...(d.lane ? { lane: d.lane } : {}), ...(d.zone ? { zone: d.zone } : {}),
      });
    }
  }

  /** Number of sensors simulated. */
  get count(): number {
    return this.defs.length;
  }
}
