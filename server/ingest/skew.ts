import type { Clock } from '../clock';
import type { Telemetry } from '../protocol';
import type { Recorder } from '../recorder/recorder';
import type { IngestPipeline } from './pipeline';

const REPEAT_MS = 60_000;
const MAX_TRACKED = 10_000;

/**
 * Flags accepted messages whose device time is further than `maxSkewMs` from server (twin) time. They are still
 * accepted (a device with a wrong clock keeps reporting where it is, and its messages stay in the recording), but
 * every one is counted and a `flag` event is recorded per device at most once a minute, with how many were flagged.
 */
export class SkewFlagger {
  private readonly flagged = new Map<string, { at: number; count: number }>();

  constructor(
    private readonly maxSkewMs: number,
    private readonly record: (ts: number, kind: string, data: unknown) => void,
    private readonly count: () => void,
  ) {}

  /** Checks a batch of accepted messages against server time `now`. */
  check(msgs: readonly Telemetry[], now: number): void {
    for (const m of msgs) {
      const skewMs = m.ts - now;
      if (Math.abs(skewMs) <= this.maxSkewMs) continue;
      this.count();
      let f = this.flagged.get(m.id);
      if (f && now - f.at < REPEAT_MS) {
        f.count++;
        continue;
      }
      if (!f) {
        if (this.flagged.size >= MAX_TRACKED) this.forget(now);
        this.flagged.set(m.id, (f = { at: now, count: 0 }));
      }
      this.record(now, 'flag', { flag: 'clock-skew', id: m.id, seq: m.seq, ts: m.ts, skewMs, maxSkewMs: this.maxSkewMs, since: f.count });
      f.at = now;
      f.count = 0;
    }
  }

  private forget(now: number): void {
    for (const [id, f] of this.flagged) if (now - f.at >= REPEAT_MS) this.flagged.delete(id);
    if (this.flagged.size >= MAX_TRACKED) this.flagged.clear();
  }
}

/** Flags the pipeline's accepted messages whose device clock is off by more than `maxSkewMs` (see SkewFlagger). */
export function flagSkew(pipeline: IngestPipeline, clock: Clock, recorder: Recorder, maxSkewMs: number, count: () => void): void {
  const flagger = new SkewFlagger(maxSkewMs, (ts, kind, data) => recorder.event(ts, kind, data), count);
  pipeline.onAccepted((msgs) => flagger.check(msgs, clock.now()));
}
