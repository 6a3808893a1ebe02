import type { Alert } from '../protocol';
import type { RecordingReader } from '../recorder/reader';

/** A recorded alert event: raised (no `clearedAt`) or cleared. */
export interface AlertEvent {
  ts: number;
  alert: Alert;
}

/** The alerts of a recording in time order, with the questions replay asks of them. */
export class AlertTimeline {
  constructor(readonly events: readonly AlertEvent[]) {}

  static load(reader: RecordingReader): AlertTimeline {
    return new AlertTimeline(reader.alerts());
  }

  /** Alerts raised at or before `t` and not cleared by then. */
  activeAt(t: number): Alert[] {
    const active = new Map<string, Alert>();
    for (const e of this.events) {
      if (e.ts > t) break;
      if (e.alert.clearedAt === undefined) active.set(e.alert.id, e.alert);
      else active.delete(e.alert.id);
    }
    return [...active.values()];
  }

  /** Index of the first event after `t`. */
  indexAfter(t: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid]!.ts <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first alert raised after `t`, or the last raised before it. */
  raised(t: number, dir: 'next' | 'prev'): AlertEvent | undefined {
    const isRaise = (e: AlertEvent) => e.alert.clearedAt === undefined;
    if (dir === 'next') return this.events.slice(this.indexAfter(t)).find(isRaise);
    const before = this.events.slice(0, this.indexAfter(t)).filter((e) => e.ts < t && isRaise(e));
    return before[before.length - 1];
  }
}
