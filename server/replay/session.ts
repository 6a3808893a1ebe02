import { defaultEngineConfig } from '../engine';
import { PROTOCOL_VERSION, recordedPolicy, type Alert, type Hello, type Kpi, type Plan, type ReplayCause, type ReplayControl, type ReplayStatus, type Role, type Site, type VehicleDetail } from '../protocol';
import type { MessageCursor } from '../recorder/cursor';
import type { KeyframeRef, RecordingReader } from '../recorder/reader';
import { applyLaneChanges, twinAt } from '../recorder/restore';
import { StreamCore, type StreamPort } from '../stream/core';
import { applyLanes } from '../twin/keyframe';
import type { Twin } from '../twin/twin';
import { stateSnapshot } from '../twin/snapshot';
import { AlertTimeline } from './timeline';

/** Where a replay session sends its stream (a socket, or a test double). */
export interface ReplayOutput {
  hello(hello: Hello): void;
  /** `reliable` frames (after a jump) must arrive; the others may be dropped like live frames. */
  frame(buf: Uint8Array, reliable: boolean): void;
  kpi(kpi: Kpi): void;
  plan(plan: Plan): void;
  alert(alert: Alert): void;
  changed(status: ReplayStatus): void;
}

export interface ReplaySessionOptions {
  role: Role;
  /** Site to replay on when the recording does not hold its own. */
  site: Site;
  /** Wall clock, ms (injected so tests drive time). */
  wall?: () => number;
  /** Playing on through more messages than this reloads the keyframe at the target instead. */
  jumpMessages?: number;
  /** Wall ms between engine runs while playing. */
  engineEveryMs?: number;
}

/**
 * One viewer's replay of one recording: its own twin rebuilt from keyframes and blocks, its own clock (play,
 * pause, 1×–3600×, seek, next/previous alert), and the pure engine re-run on the replayed twin for KPIs and plans.
 * Alerts are the recorded ones, emitted as the replay passes them. Nothing here touches the live twin.
 */
export class ReplaySession {
  readonly site: Site;
  private readonly alerts: AlertTimeline;
  /** The replayed twin's stream: the same engine loop, plan rule, frames and vehicle card as live. */
  private core: StreamCore | undefined;
  private cursor!: MessageCursor;
  private keyframe: KeyframeRef | undefined;
  private lastEngine = -Infinity;
  private lastWall = 0;
  private alertIdx = 0;
  position = 0;
  playing = false;
  speed = 1;
  until?: number;
  firstTs: number;
  lastTs: number;

  constructor(
    private readonly reader: RecordingReader,
    private readonly out: ReplayOutput,
    private readonly opts: ReplaySessionOptions,
  ) {
    const meta = reader.meta();
    this.site = meta.site ?? opts.site;
    this.alerts = AlertTimeline.load(reader);
    const s = reader.summary();
    if (s.firstTs === null || s.lastTs === null) throw new Error(`recording ${reader.name} holds nothing yet`);
    this.firstTs = s.firstTs;
    this.lastTs = s.lastTs;
  }

  private get wall(): number {
    return (this.opts.wall ?? Date.now)();
  }

  /** Starts the stream: hello, then the state at `at` (default: the start of the recording). */
  open(at?: number): ReplayStatus {
    this.out.hello({
      protocolVersion: PROTOCOL_VERSION, mode: 'replay', clock: { twinTime: at ?? this.firstTs, wallTime: this.wall, rate: this.speed },
      site: this.site, configuration: this.reader.meta().configuration ?? 'today', role: this.opts.role,
    });
    return this.jump(at ?? this.firstTs, 'open');
  }

  /** Applies one control; returns the new status (already emitted as `replay:changed` too). */
  control(c: ReplayControl): ReplayStatus {
    switch (c.action) {
      case 'play':
        if (c.speed !== undefined) this.speed = c.speed;
        if (c.until !== undefined) this.until = c.until;
        else delete this.until;
        if (this.position >= this.lastTs) this.refreshEnd();
        this.playing = true;
        this.lastWall = this.wall;
        return this.status('play');
      case 'pause':
        this.playing = false;
        return this.status('pause');
      case 'speed':
        this.advance();
        this.speed = c.speed;
        return this.status('speed');
      case 'seek':
        return this.jump(c.to, 'seek');
      case 'next-alert':
      case 'prev-alert': {
        const e = this.alerts.raised(this.position, c.action === 'next-alert' ? 'next' : 'prev');
        if (!e) return this.status(c.action);
        return this.jump(e.ts, c.action, e.alert);
      }
    }
  }

  /** Advances a playing replay to where its clock says; called by the owner's timer (~10 Hz). */
  tick(): void {
    if (!this.playing) return;
    this.advance();
    this.twin.updateStaleness(this.position);
    this.out.frame(this.stream.frames.next(this.position), false);
    if (this.wall - this.lastEngine >= (this.opts.engineEveryMs ?? 1000)) this.runEngine();
    const stop = this.until !== undefined && this.position >= this.until ? 'until' : this.position >= this.lastTs && !this.refreshEnd() ? 'end' : undefined;
    if (stop) {
      this.playing = false;
      if (stop === 'until') delete this.until;
      this.out.changed(this.status(stop, false));
    }
  }

  /** The selection card's data at the replayed instant, as live `vehicle:get` answers it. */
  vehicle(handle: number): VehicleDetail | undefined {
    return this.stream.vehicle(handle, this.position);
  }

  /** The replayed twin as JSON, like `GET /api/state`. */
  snapshot(): ReturnType<typeof stateSnapshot> {
    return stateSnapshot(this.twin, this.position);
  }

  private advance(): void {
    const now = this.wall;
    if (!this.playing) return;
    const target = Math.floor(Math.min(this.position + (now - this.lastWall) * this.speed, this.until ?? Infinity, this.lastTs));
    this.lastWall = now;
    if (target <= this.position) return;
    const kf = this.reader.keyframeAt(target);
    if (kf && kf.pos - this.cursor.pos > (this.opts.jumpMessages ?? 20_000)) {
      // Far ahead: the keyframe there is cheaper than every message in between. Alerts passed still go out.
      this.emitAlerts(target);
      this.rebuild(target);
      return;
    }
    this.cursor.take(target, (m, rt) => this.twin.apply(m, rt));
    this.passKeyframes();
    applyLaneChanges(this.reader, this.twin, Math.max(this.position + 1, this.keyframe?.ts ?? -Infinity), target);
    this.emitAlerts(target);
    this.position = target;
  }

  /**
   * Adopts the lane state of keyframes the cursor has passed: what telemetry does not carry (operator overrides, the
   * engine's reversible directions). Barriers are left to the barrier sensors' messages.
   */
  private passKeyframes(): void {
    let latest: KeyframeRef | undefined;
    for (const k of this.reader.keyframes()) if (k.pos <= this.cursor.pos && k.pos > (this.keyframe?.pos ?? -1)) latest = k;
    if (!latest) return;
    this.keyframe = latest;
    applyLanes(this.twin, this.reader.loadKeyframe(latest.id).lanes, { barriers: false });
  }

  private emitAlerts(t: number): void {
    const events = this.alerts.events;
    while (this.alertIdx < events.length && events[this.alertIdx]!.ts <= t) this.out.alert(events[this.alertIdx++]!.alert);
  }

  /** The stream core (made by the first jump, which `open` does). */
  private get stream(): StreamCore {
    if (!this.core) throw new Error('replay session not opened');
    return this.core;
  }

  private get twin(): Twin {
    return this.stream.twin;
  }

  /** Rebuilds the twin at `t` from the nearest keyframe, with a fresh frame sequence and engine memory. */
  private rebuild(t: number): void {
    const r = twinAt(this.reader, this.site, t);
    if (this.core) this.core.reset(r.twin);
    else this.core = new StreamCore(this.site, r.twin, defaultEngineConfig(recordedPolicy(this.reader.meta().policy)), this.port());
    this.cursor = r.cursor;
    this.keyframe = r.keyframe;
    this.position = t;
    this.alertIdx = this.alerts.indexAfter(t);
    this.twin.updateStaleness(t);
  }

  private jump(t: number, cause: ReplayCause, alert?: Alert): ReplayStatus {
    this.rebuild(Math.min(Math.max(t, this.firstTs), this.lastTs));
    this.lastWall = this.wall;
    const status = this.status(cause, true, alert);
    this.out.frame(this.stream.frames.keyframe(this.position), true);
    this.runEngine();
    return status;
  }

  /**
   * One engine run on the replayed twin: KPIs every run, the plan when a decision changed (and after every jump),
   * like live. Alerts are the recorded ones (emitted as the replay passes them), not the re-run's.
   */
  private runEngine(): void {
    this.lastEngine = this.wall;
    this.stream.run(this.position);
  }

  private port(): StreamPort {
    return { kpi: (kpi) => this.out.kpi(kpi), plan: (plan) => this.out.plan(plan) };
  }

  /**
   * For the owner to call every few seconds: a replay that is not playing re-reads its recording's end, and if the
   * recording grew (today's, still being recorded) says so (`replay:changed`, cause `grew`), so the viewer's
   * timeline reaches the new end without playing. A playing replay does this itself when it reaches the end.
   */
  watchEnd(): void {
    if (!this.playing && this.refreshEnd()) this.status('grew');
  }

  /** Re-reads the end of a recording that may still be growing (today's); true if it grew. */
  private refreshEnd(): boolean {
    const last = this.reader.lastTs() ?? this.lastTs;
    const grew = last > this.lastTs;
    this.lastTs = last;
    if (grew) this.reader.keyframes(true);
    return grew;
  }

  private status(cause: ReplayCause, emit = true, alert?: Alert): ReplayStatus {
    const s: ReplayStatus = { day: this.reader.name, firstTs: this.firstTs, lastTs: this.lastTs, position: this.position, playing: this.playing, speed: this.speed, cause };
    if (this.until !== undefined) s.until = this.until;
    if (cause === 'open' || cause === 'seek' || cause === 'next-alert' || cause === 'prev-alert') s.alerts = this.alerts.activeAt(this.position);
    if (alert) s.alert = alert;
    if (emit) this.out.changed(s);
    return s;
  }

  close(): void {
    this.playing = false;
    this.reader.close();
  }
}
