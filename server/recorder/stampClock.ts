import type { Clock } from '../clock';

/**
 * A clock that remembers the last time it told. The ingest reads it once per batch and the recorder stamps the
 * batch with that same instant, so a replay applies each message at exactly the time the live twin did.
 */
export class StampClock implements Clock {
  last: number;

  constructor(private readonly inner: Clock) {
    this.last = inner.now();
  }

  get rate(): number {
    return this.inner.rate;
  }

  now(): number {
    return (this.last = this.inner.now());
  }
}
