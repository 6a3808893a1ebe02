import { pointAt, toLat, toLon, type Polyline, type Site, type Telemetry } from '../../../server/protocol';
import { siteGeometry } from '../../../server/sim/geometry';
import { mulberry32 } from '../../../server/protocol/random';

// A synthetic fleet for the benchmarks: vehicles that really move along the site's roads and AGV corridors (speeding
// up, slowing down, stopping, turning round at the ends), reporting like devices do, plus sensors. Deterministic
// for a seed, so every run loads the server with the same day.

export interface FleetOptions {
  trucks: number;
  agvs: number;
  sensors: number;
  seed?: number;
  /** Reporting periods, twin ms. */
  truckReportMs?: number;
  agvReportMs?: number;
  sensorReportMs?: number;
  /** Prefix of every device id (load generators in parallel use disjoint ones). */
  prefix?: string;
  /** Seq of each device's first message (0): a later run as the same devices starts above the last one's seqs. */
  firstSeq?: number;
}

interface Mover {
  id: string;
  agv: boolean;
  line: Polyline;
  along: number;
  dir: 1 | -1;
  speed: number;
  target: number;
  accel: number;
  nextChange: number;
  lastReport: number;
  period: number;
  seq: number;
  crossing: string;
  direction: 'export' | 'import';
  cargo: string;
  battery: number;
}

interface SensorDev {
  id: string;
  lane: string;
  lastReport: number;
  period: number;
  seq: number;
}

const CARGO = ['fruit', 'agri', 'electronics', 'machinery', 'general'] as const;
const _p = { x: 0, y: 0, heading: 0 };

/** Vehicles and sensors that produce ingest messages as time advances. */
export class Fleet {
  readonly movers: Mover[] = [];
  readonly sensors: SensorDev[] = [];
  private readonly rnd: () => number;
  private readonly frame;

  constructor(site: Site, start: number, opts: FleetOptions) {
    this.rnd = mulberry32(opts.seed ?? 2026);
    const geo = siteGeometry(site);
    this.frame = geo.frame;
    const roads = [...geo.crossings.values()].flatMap((c) => [
      { line: c.roads.vn, crossing: c.id },
      { line: c.roads.cn, crossing: c.id },
    ]).filter((r) => r.line.length > 200);
    const corridors = site.corridors.filter((c) => (site.fleets[c.id] ?? 0) > 0).map((c) => geo.corridors.get(c.id)!);
    const lanes = site.crossings.flatMap((c) => c.lanes.map((l) => l.id));
    const p = opts.prefix ?? '';
    const r = this.rnd;
    for (let i = 0; i < opts.trucks; i++) {
      const road = roads[i % roads.length]!;
      const period = opts.truckReportMs ?? 1_000;
      this.movers.push({
        id: `${p}T${String(i).padStart(5, '0')}`, agv: false, line: road.line, along: r() * road.line.length, dir: r() < 0.5 ? 1 : -1,
        speed: 8 + r() * 6, target: 8 + r() * 6, accel: 1, nextChange: start + r() * 20_000, lastReport: start - r() * period, period, seq: opts.firstSeq ?? 0,
        crossing: road.crossing, direction: r() < 0.4 ? 'export' : 'import', cargo: CARGO[i % CARGO.length]!, battery: 1,
      });
    }
    for (let i = 0; i < opts.agvs; i++) {
      const line = corridors[i % corridors.length]!;
      const period = opts.agvReportMs ?? 200;
      this.movers.push({
        id: `${p}AGV-${String(i).padStart(3, '0')}`, agv: true, line, along: r() * line.length, dir: r() < 0.5 ? 1 : -1,
        speed: r() * 7, target: 7, accel: 0.5, nextChange: start + r() * 60_000, lastReport: start - r() * period, period, seq: opts.firstSeq ?? 0,
        crossing: '', direction: 'import', cargo: '', battery: 0.5 + r() * 0.5,
      });
    }
    for (let i = 0; i < opts.sensors; i++) {
      const period = opts.sensorReportMs ?? 1_000;
      this.sensors.push({ id: `${p}loop-${String(i).padStart(4, '0')}`, lane: lanes[i % lanes.length]!, lastReport: start - r() * period, period, seq: opts.firstSeq ?? 0 });
    }
  }

  /** Moves every vehicle by `dt` seconds (twin time `now`) and pushes the messages that fall due. */
  step(now: number, dt: number, out: Telemetry[]): void {
    const r = this.rnd;
    for (const m of this.movers) {
      if (now >= m.nextChange) {
        // Trucks mostly cruise, sometimes stop for a while (a queue, a barrier); AGVs shuttle at their limit.
        const stop = r() < (m.agv ? 0.15 : 0.2);
        m.target = stop ? 0 : m.agv ? 7 : 6 + r() * 9;
        m.nextChange = now + (stop ? 5_000 + r() * 15_000 : 10_000 + r() * 30_000);
      }
      const dv = m.target - m.speed;
      m.speed += Math.sign(dv) * Math.min(Math.abs(dv), m.accel * dt);
      m.along += m.dir * m.speed * dt;
      if (m.along <= 0 || m.along >= m.line.length) {
        m.along = Math.min(Math.max(m.along, 0), m.line.length);
        m.dir = m.dir === 1 ? -1 : 1;
      }
      if (m.agv) m.battery = Math.max(0.05, m.battery - m.speed * dt * 0.000011);
      if (now - m.lastReport >= m.period) {
        m.lastReport = now;
        out.push(this.report(m, now));
      }
    }
    for (const s of this.sensors) {
      if (now - s.lastReport < s.period) continue;
      s.lastReport = now;
      out.push({ kind: 'sensor', id: s.id, seq: s.seq++, ts: Math.round(now), type: 'loop', lane: s.lane, value: Math.floor(r() * 400), unit: 'vehicles' });
    }
  }

  /** Where a vehicle is now (local metres) and the heading it drives at. */
  pose(m: Mover): { x: number; y: number; heading: number } {
    pointAt(m.line, m.along, _p);
    return { x: _p.x, y: _p.y, heading: m.dir === 1 ? _p.heading : (_p.heading + 180) % 360 };
  }

  private report(m: Mover, now: number): Telemetry {
    const pose = this.pose(m);
    const lat = toLat(this.frame, pose.y);
    const lon = toLon(this.frame, pose.x);
    const heading = Math.round(pose.heading * 10) / 10;
    const speed = Math.round(m.speed * 100) / 100;
    const ts = Math.round(now);
    if (m.agv) {
      return { kind: 'agv', id: m.id, seq: m.seq++, ts, lat, lon, heading, speed, battery: Math.round(m.battery * 1000) / 1000, state: m.speed > 0 ? 'loaded' : 'idle' };
    }
    return {
      kind: 'truck', id: m.id, seq: m.seq++, ts, event: 'position', crossing: m.crossing, direction: m.direction,
      cargo: m.cargo as 'fruit', perishable: m.cargo === 'fruit', lat, lon, heading, speed, channel: 'green',
    };
  }
}
