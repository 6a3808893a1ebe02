import type { Tracked } from '../twin/entities';
import type { Twin } from '../twin/twin';
import { DeadReckoner } from './deadReckoner';

/** Frames between full keyframes (5 s at 10 Hz): a viewer that skipped a volatile frame heals by then. */
export const KEYFRAME_EVERY = 50;

/** How far past its last report the twin carries a vehicle on: 1.5 reporting periods, within 1–5 s; not when stale. */
export const horizonOf = (e: Tracked): number => (e.stale ? 0 : Math.min(5_000, Math.max(1_000, 1.5 * e.periodMs)));

/**
 * Turns the twin into binary frames (layout v2, server/protocol/frameCodec.ts): dead-reckoned deltas with only the
 * vehicles whose viewers' extrapolation would drift or whose state changed, and a full keyframe every
 * `keyframeEvery` frames. Encoded once per tick, whatever the number of viewers.
 */
export class FrameBuilder {
  private readonly dr = new DeadReckoner();
  /** The next frame's sequence number: every frame made takes one, a connecting viewer's keyframe too. */
  private seq = 0;
  /** Deltas since the last periodic keyframe. */
  private sinceKeyframe = 0;

  constructor(
    private readonly twin: Twin,
    private readonly keyframeEvery = KEYFRAME_EVERY,
  ) {}

  /** The next frame to broadcast (a keyframe when it is due). */
  next(now: number): Uint8Array {
    const keyframe = this.sinceKeyframe === 0;
    this.sinceKeyframe = (this.sinceKeyframe + 1) % this.keyframeEvery;
    // Vehicles that left are found by the encoder: they are not visited this frame.
    const dr = this.dr;
    dr.begin(now);
    for (const t of this.twin.trucks.values()) dr.visit(t.rec, horizonOf(t));
    for (const a of this.twin.agvs.values()) dr.visit(a.rec, horizonOf(a));
    const frame = dr.end(keyframe, this.seq++);
    // Handles freed before this keyframe may now be reused: every viewer has dropped their old owners.
    if (keyframe) this.twin.handles.release();
    return frame;
  }

  /**
   * A full keyframe for one newly connected viewer; leaves the deltas alone (the stream's keyframe cadence too) but
   * takes a sequence number of its own, so no keyframe and delta ever share one.
   */
  keyframe(now: number): Uint8Array {
    const extra: { rec: Tracked['rec']; horizonMs: number }[] = [];
    for (const t of this.twin.trucks.values()) extra.push({ rec: t.rec, horizonMs: horizonOf(t) });
    for (const a of this.twin.agvs.values()) extra.push({ rec: a.rec, horizonMs: horizonOf(a) });
    return this.dr.snapshot(now, this.seq++, extra);
  }

  /** Updates sent, vehicles new to the stream and removals, since the start. */
  get counters(): DeadReckoner['counters'] {
    return this.dr.counters;
  }
}
