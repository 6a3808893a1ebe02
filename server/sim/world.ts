import { drawMode, drawThirdCountry, laneServiceS, type CrossingSetup } from '../engine/crossingModes';
import type { Command, Site, Telemetry } from '../protocol';
import { AgvModel } from './agvs';
import { siteGeometry } from './geometry';
import { Outbox } from './outbox';
import { Rng } from './rng';
import type { Scenario } from './scenario';
import { SensorModel } from './sensors';
import { TruckModel, type TruckSpec } from './trucks';

const HOUR = 3_600_000;

/** One truck arrival to replay: when, what, and whether it was already queued at the start. */
export interface ArrivalEvent {
  at: number;
  spec: TruckSpec;
  queued?: boolean;
}

/** Minutes since local midnight of a site-local (UTC+7) instant. */
export function localMinutes(ts: number, utcOffsetHours = 7): number {
  const d = new Date(ts + utcOffsetHours * HOUR);
  return d.getUTCHours() * 60 + d.getUTCMinutes() + d.getUTCSeconds() / 60;
}

const hhmm = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/** Epoch ms of a site-local HH:MM on the local day that contains `ts`. */
export function atLocal(ts: number, hm: string, utcOffsetHours = 7): number {
  const dayStart = Math.floor((ts + utcOffsetHours * HOUR) / (24 * HOUR)) * 24 * HOUR - utcOffsetHours * HOUR;
  return dayStart + hhmm(hm) * 60_000;
}

/**
 * The simulated border: trucks, AGVs and sensors driven by a scenario. It only produces ingest-protocol
 * messages (`drain`) and obeys protocol commands (`command`), so it can run behind sockets or in-process.
 */
export class World {
  readonly trucks: TruckModel;
  readonly agvs: AgvModel;
  readonly sensors: SensorModel;
  private readonly out = new Outbox();
  private readonly rng: Rng;
  private readonly faultRng: Rng;
  private nextArrival = new Map<string, number>();
  private nextContainer = new Map<string, number>();
  private readonly incidents: { at: number; done: boolean; run: (now: number) => void }[];
  private weatherFactor = 1;
  now: number;

  /** Recorded arrivals to replay instead of the scenario's random ones (what-if on a recorded day). */
  private readonly replayArrivals: readonly ArrivalEvent[] | undefined;
  private replayIndex = 0;
  /** Crossing-mode rules and levers: when set, every truck gets a mode (and third-country flag) drawn from them. */
  private readonly crossing: CrossingSetup | undefined;
  private readonly modeRng: Rng;

  constructor(
    readonly site: Site,
    readonly scenario: Scenario,
    start: number,
    opts: { arrivals?: readonly ArrivalEvent[]; crossing?: CrossingSetup } = {},
  ) {
    this.crossing = opts.crossing;
    this.modeRng = new Rng(scenario.seed ^ 0x7feb352d);
    this.replayArrivals = opts.arrivals ? [...opts.arrivals].sort((a, b) => a.at - b.at) : undefined;
    // Independent streams: arrivals stay identical whatever the policy does to service order (fair comparisons).
    this.rng = new Rng(scenario.seed);
    this.now = start;
    const geo = siteGeometry(site);
    const crossing = opts.crossing;
    this.trucks = new TruckModel(
      site, geo, this.out, new Rng(scenario.seed ^ 0x5bd1e995), () => this.scenario.serviceFactor * this.weatherFactor,
      crossing ? (baseS, t) => laneServiceS(baseS, t, crossing) : undefined,
    );
    this.agvs = new AgvModel(site, geo, this.out, new Rng(scenario.seed ^ 0x27d4eb2f));
    this.faultRng = new Rng(scenario.seed ^ 0x165667b1);
    this.sensors = new SensorModel(site, this.trucks, this.agvs, this.out, new Rng(scenario.seed ^ 0x2545f491), scenario.sensors.noise, scenario.sensors.dropoutRate);
    for (const [crossing, q] of this.replayArrivals ? [] : Object.entries(scenario.initialQueue)) {
      for (const direction of ['export', 'import'] as const) for (let i = 0; i < q[direction]; i++) this.trucks.spawn(this.truckSpec(crossing, direction), start, true);
    }
    this.incidents = scenario.incidents.map((inc) => {
      const at = atLocal(start, inc.at);
      const until = at + inc.durationMin * 60_000;
      switch (inc.kind) {
        case 'agv-fault':
          return { at, done: false, run: () => this.agvs.fault(inc.agv, until) };
        case 'sensor-dropout':
          return { at, done: false, run: () => this.sensors.dropout(inc.sensor, until) };
        case 'lane-closure':
          return {
            at, done: false,
            run: () => {
              this.sensors.closedLanes.add(inc.lane);
              this.incidents.push({ at: until, done: false, run: () => this.sensors.closedLanes.delete(inc.lane) });
            },
          };
      }
    });
  }

  /** Advances the world to `now` in one step. */
  step(now: number): void {
    const dt = Math.max(0, (now - this.now) / 1000);
    this.now = now;
    this.arrivals(now);
    this.containers(now);
    this.applyWeather(now);
    for (const inc of this.incidents) {
      if (!inc.done && now >= inc.at) {
        inc.done = true;
        inc.run(now);
      }
    }
    for (const a of this.agvs.agvs) if (a.faultUntil === 0 && this.faultRng.next() < (this.scenario.agv.faultsPerAgvDay * dt) / 86_400) this.agvs.fault(a.id, now + this.scenario.agv.faultMinutes * 60_000);
    this.trucks.step(now, dt);
    this.agvs.step(now, dt);
    this.sensors.step(now);
  }

  /** Obeys a command from the server; returns an error message when it cannot. */
  command(cmd: Command): string | undefined {
    switch (cmd.type) {
      case 'truck:call':
        return this.trucks.call(cmd, this.now);
      case 'agv:mission':
        return this.agvs.command(cmd);
    }
  }

  /** Messages produced since the last drain. */
  drain(): Telemetry[] {
    return this.out.drain();
  }

  private arrivals(now: number): void {
    if (this.replayArrivals) {
      const list = this.replayArrivals;
      // Trucks marked queued were already waiting when the recording starts: they join the queue at once.
      while (this.replayIndex < list.length && list[this.replayIndex]!.at <= now) {
        const a = list[this.replayIndex++]!;
        this.trucks.spawn(this.withMode(a.spec), now, a.queued === true);
      }
      return;
    }
    const hour = Math.floor(localMinutes(now) / 60);
    const profile = this.scenario.hourlyProfile;
    const share = (profile[hour] ?? 0) / profile.reduce((a, b) => a + b, 0);
    for (const [crossing, perDay] of Object.entries(this.scenario.demand)) {
      const rate = perDay * share; // trucks in this hour
      if (rate <= 0) continue;
      let next = this.nextArrival.get(crossing) ?? now + this.rng.exp(HOUR / rate);
      while (next <= now) {
        const direction = this.rng.next() < this.scenario.exportShare ? 'export' : 'import';
        this.trucks.spawn(this.truckSpec(crossing, direction), next);
        next += this.rng.exp(HOUR / rate);
      }
      this.nextArrival.set(crossing, next);
    }
  }

  private containers(now: number): void {
    for (const c of this.site.corridors) {
      const perDay = this.scenario.agv.containersPerDay[c.id] ?? 0;
      if (perDay <= 0 || (this.site.fleets[c.id] ?? 0) === 0) continue;
      let next = this.nextContainer.get(c.id) ?? now + this.rng.exp(86_400_000 / perDay);
      while (next <= now) {
        // Imports outnumber exports about 7 to 3 (domain.md §2).
        this.agvs.addContainers(this.rng.next() < 0.7 ? c.from : c.to, 1);
        next += this.rng.exp(86_400_000 / perDay);
      }
      this.nextContainer.set(c.id, next);
    }
  }

  private applyWeather(now: number): void {
    const m = localMinutes(now);
    const w = this.scenario.weather.find((x) => (hhmm(x.from) <= hhmm(x.to) ? m >= hhmm(x.from) && m < hhmm(x.to) : m >= hhmm(x.from) || m < hhmm(x.to)));
    this.weatherFactor = w?.serviceFactor ?? 1;
    this.sensors.visibilityM = w?.kind === 'fog' ? 150 : w?.kind === 'rain' ? 1_500 : 10_000;
    this.sensors.rainMmH = w?.kind === 'rain' ? 6 : 0;
  }

  private truckSpec(crossing: string, direction: 'export' | 'import'): TruckSpec {
    const cargo = this.rng.pick(this.scenario.cargoMix[direction]);
    return this.withMode({ crossing, direction, cargo, perishable: this.scenario.perishableCargo.includes(cargo), channel: this.rng.pick(this.scenario.channelMix) });
  }

  /** The spec with a crossing mode and third-country flag drawn from the setup (its own stream), if it has none. */
  private withMode(spec: TruckSpec): TruckSpec {
    if (!this.crossing || spec.mode !== undefined) return spec;
    const thirdCountry = spec.thirdCountry ?? drawThirdCountry(this.crossing, spec.crossing, this.modeRng.next());
    return { ...spec, thirdCountry, mode: drawMode(this.crossing, { crossing: spec.crossing, cargo: spec.cargo, thirdCountry }, this.modeRng.next()) };
  }
}
