/**
 * Small integer handles for entities, as the binary frame carries them (u16).
 * A freed handle is reused only after `release()` — called when a keyframe has gone out —
 * so no viewer can confuse a new vehicle with the one that just left.
 */
export class HandlePool {
  private next = 0;
  private readonly free: number[] = [];
  private readonly pending: number[] = [];

  take(): number {
    const h = this.free.pop();
    if (h !== undefined) return h;
    if (this.next > 0xffff) throw new RangeError('the twin already holds 65,536 live entities (vehicles and sensors); a new id is refused until some leave');
    return this.next++;
  }

  give(handle: number): void {
    this.pending.push(handle);
  }

  /** The pool's state, for a twin keyframe. */
  snapshot(): { next: number; free: number[]; pending: number[] } {
    return { next: this.next, free: [...this.free], pending: [...this.pending] };
  }

  /** Puts the pool back into a state taken by `snapshot()`. */
  restore(s: { next: number; free: readonly number[]; pending: readonly number[] }): void {
    this.next = s.next;
    this.free.splice(0, this.free.length, ...s.free);
    this.pending.splice(0, this.pending.length, ...s.pending);
  }

  /** Makes handles given back before the last keyframe available again. */
  release(): void {
    this.free.push(...this.pending);
    this.pending.length = 0;
  }
}
