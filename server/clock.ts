/** Source of twin time (epoch ms). Injected everywhere so tests, replay and fast simulation control time. */
export interface Clock {
  now(): number;
  /** How many twin milliseconds pass per wall-clock millisecond. */
  readonly rate: number;
}

/** Real time. */
export class SystemClock implements Clock {
  readonly rate = 1;
  now(): number {
    return Date.now();
  }
}

/** Twin time that starts at `start` and runs `rate` times faster than the wall clock (the live demo). */
export class ScaledClock implements Clock {
  private readonly wall0 = Date.now();
  constructor(
    private readonly start: number,
    readonly rate: number,
  ) {}
  now(): number {
    return this.start + (Date.now() - this.wall0) * this.rate;
  }
}

/** Time that moves only when told to: tests and headless runs. */
export class ManualClock implements Clock {
  readonly rate = 1;
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  set(t: number): void {
    this.t = t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
