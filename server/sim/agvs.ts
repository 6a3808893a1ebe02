import type { AgvMissionCommand, AgvState, Polyline, Site } from '../protocol';
import { latLonAt, type SiteGeometry } from './geometry';
import type { Outbox } from './outbox';
import type { Rng } from './rng';

/** Ganqimaodu reference (domain.md §3): 25 km/h top speed (the corridor's limit); ~20 min of handling and gates per round trip. */
export const AGV_ACCEL = 0.5;
export const HANDLING_S = 570; // crane load or unload, plus the smart gate (≤ 30 s)
const HEADWAY_M = 30; // gap kept to the AGV ahead on the same lane
const DRAIN_PER_KM = 0.011;
const DRAIN_PER_HOUR_IDLE = 0.004;
const REPORT_MS = 200; // 5 Hz

type Step = 'idle' | 'drive-pickup' | 'loading' | 'drive-drop' | 'unloading' | 'drive-charger' | 'charging' | 'drive-park';

export interface SimAgv {
  id: string;
  corridor: string;
  line: Polyline;
  along: number;
  speed: number;
  battery: number;
  step: Step;
  mission?: AgvMissionCommand;
  container?: string;
  /** Where the current drive ends (metres along the corridor). */
  goal: number;
  busyUntil: number;
  faultUntil: number;
  chargeHours: number;
  trips: number;
  lastReport: number;
}

/** AGVs on the closed corridors: obey missions, accelerate to 25 km/h, keep headway, drain and charge, fault. */
export class AgvModel {
  readonly agvs: SimAgv[] = [];
  /** Containers waiting at each corridor end (yard id), fed by the scenario's container demand. */
  readonly backlog = new Map<string, number>();
  private readonly ends = new Map<string, { from: string; to: string; chargerYard?: string; chargeHours: number; topSpeed: number; rail: boolean }>();
  private containerSeq = 0;

  constructor(
    site: Site,
    private readonly geo: SiteGeometry,
    private readonly out: Outbox,
    private readonly rng: Rng,
  ) {
    for (const c of site.corridors) {
      const charger = site.chargers.find((ch) => ch.yard === c.from || ch.yard === c.to);
      this.ends.set(c.id, {
        from: c.from, to: c.to, chargeHours: charger?.chargeHours ?? 1.5, topSpeed: c.speedLimitKmh / 3.6, rail: c.kind === 'rail',
        ...(charger && c.kind === 'agv' ? { chargerYard: charger.yard } : {}),
      });
      const n = site.fleets[c.id] ?? 0;
      const line = geo.corridors.get(c.id)!;
      for (let i = 0; i < n; i++) {
        this.agvs.push({
          id: `${c.id.toUpperCase()}-${String(i + 1).padStart(2, '0')}`, corridor: c.id, line, along: i % 2 === 0 ? 0 : line.length,
          speed: 0, battery: c.kind === 'rail' ? 1 : rng.range(0.55, 1), step: 'idle', goal: 0, busyUntil: 0, faultUntil: 0, chargeHours: charger?.chargeHours ?? 1.5, trips: 0, lastReport: -Infinity,
        });
      }
    }
  }

  /** Starts a mission; refuses one the AGV cannot take now. */
  command(cmd: AgvMissionCommand): string | undefined {
    const a = this.agvs.find((x) => x.id === cmd.agv);
    if (!a) return `no AGV ${cmd.agv}`;
    if (a.faultUntil > 0) return `${a.id} is in fault`;
    if (a.step !== 'idle') return `${a.id} is busy (${a.step})`;
    const ends = this.ends.get(a.corridor)!;
    a.mission = cmd;
    if (cmd.mission === 'charge') {
      if (ends.rail) return `${a.id} runs on a powered rail and does not charge`;
      a.step = 'drive-charger';
      a.goal = ends.chargerYard === ends.to ? a.line.length : 0;
    } else if (cmd.mission === 'park') {
      a.step = 'drive-park';
      a.goal = cmd.to === ends.to ? a.line.length : 0;
    } else {
      a.step = 'drive-pickup';
      a.goal = cmd.from === ends.to ? a.line.length : 0;
    }
    return undefined;
  }

  fault(id: string, until: number): void {
    const a = this.agvs.find((x) => x.id === id);
    if (a) a.faultUntil = until;
  }

  addContainers(yard: string, n: number): void {
    this.backlog.set(yard, (this.backlog.get(yard) ?? 0) + n);
  }

  step(now: number, dt: number): void {
    for (const a of this.agvs) {
      if (a.faultUntil > now) {
        a.speed = 0;
      } else {
        if (a.faultUntil > 0) a.faultUntil = 0;
        this.advance(a, now, dt);
      }
      if (now - a.lastReport >= REPORT_MS) this.emit(a, now);
    }
  }

  private advance(a: SimAgv, now: number, dt: number): void {
    const ends = this.ends.get(a.corridor)!;
    switch (a.step) {
      case 'idle':
        if (!ends.rail) a.battery = Math.max(0, a.battery - (DRAIN_PER_HOUR_IDLE * dt) / 3600);
        return;
      case 'drive-pickup':
      case 'drive-drop':
      case 'drive-charger':
      case 'drive-park':
        if (this.drive(a, dt, ends.topSpeed, !ends.rail)) this.arrived(a, now);
        return;
      case 'loading':
        if (now >= a.busyUntil) {
          const m = a.mission!;
          a.container = m.container ?? `${m.from}-C${String(++this.containerSeq).padStart(5, '0')}`;
          a.step = 'drive-drop';
          a.goal = m.to === ends.to ? a.line.length : 0;
        }
        return;
      case 'unloading':
        if (now >= a.busyUntil) {
          delete a.container;
          delete a.mission;
          a.trips++;
          a.step = 'idle';
        }
        return;
      case 'charging':
        a.battery = Math.min(1, a.battery + dt / 3600 / a.chargeHours);
        if (a.battery >= 0.98) {
          delete a.mission;
          a.step = 'idle';
        }
        return;
    }
  }

  private arrived(a: SimAgv, now: number): void {
    const m = a.mission!;
    if (a.step === 'drive-charger') {
      a.step = 'charging';
    } else if (a.step === 'drive-park') {
      delete a.mission;
      a.step = 'idle';
    } else if (a.step === 'drive-pickup') {
      const waiting = this.backlog.get(m.from) ?? 0;
      if (waiting > 0) this.backlog.set(m.from, waiting - 1);
      a.step = 'loading';
      a.busyUntil = now + HANDLING_S * 1000;
    } else {
      a.step = 'unloading';
      a.busyUntil = now + HANDLING_S * 1000;
    }
  }

  /** Moves toward the goal with acceleration, braking and headway; true on arrival. */
  private drive(a: SimAgv, dt: number, topSpeed: number, drains: boolean): boolean {
    const dir = Math.sign(a.goal - a.along);
    if (dir === 0) {
      a.speed = 0;
      return true;
    }
    const remaining = Math.abs(a.goal - a.along);
    let room = remaining;
    for (const b of this.agvs) {
      if (b === a || b.corridor !== a.corridor || b.step === 'idle' || b.step === 'charging') continue;
      const ahead = (b.along - a.along) * dir;
      if (ahead > 0 && Math.sign(b.goal - b.along) === dir) room = Math.min(room, ahead - HEADWAY_M);
    }
    const brake = Math.sqrt(Math.max(0, 2 * AGV_ACCEL * Math.max(0, room)));
    a.speed = Math.max(0, Math.min(topSpeed, a.speed + AGV_ACCEL * dt, brake));
    const move = Math.min(remaining, a.speed * dt);
    a.along += dir * move;
    if (drains) a.battery = Math.max(0, a.battery - (DRAIN_PER_KM * (a.container ? 1.3 : 1) * move) / 1000);
    if (remaining - move < 0.5) {
      a.along = a.goal;
      a.speed = 0;
      return true;
    }
    return false;
  }

  private state(a: SimAgv, now: number): AgvState {
    if (a.faultUntil > now) return 'fault';
    switch (a.step) {
      case 'idle':
        return 'idle';
      case 'drive-pickup':
      case 'loading':
        return 'to-pickup';
      case 'drive-drop':
        return 'loaded';
      case 'unloading':
        return 'unloading';
      case 'drive-charger':
      case 'charging':
        return 'charging';
      case 'drive-park':
        return 'idle';
    }
  }

  private emit(a: SimAgv, now: number): void {
    a.lastReport = now;
    const p = latLonAt(this.geo, a.line, a.along);
    const heading = a.goal < a.along ? (p.heading + 180) % 360 : p.heading;
    this.out.push({
      kind: 'agv', id: a.id, seq: this.out.seq(a.id), ts: Math.round(now), lat: p.lat, lon: p.lon, heading,
      speed: a.speed, battery: a.battery, state: this.state(a, now), ...(a.container ? { container: a.container } : {}),
    });
  }
}
