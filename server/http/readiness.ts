/** Why a gateway should not get traffic now; empty when it is ready. */
export type NotReady = 'engine' | 'recorder' | 'leader' | 'log';

/**
 * Whether this gateway can do its job, for `GET /api/health/ready` (load balancers, monitors): not while the
 * engine failed its recent ticks (it plans nothing), the recorder cannot write (acks fail), or, on a follower,
 * no leader holds the site's lock (nobody plans). The app reports each as it happens; checking costs nothing.
 */
export class Readiness {
  private engineFailures = 0;
  private recorderError: Error | undefined;
  private leaderPresent = true;
  private readonly probes: Array<[NotReady, () => boolean]> = [];

  /** @param failedTicks consecutive failed engine ticks after which the gateway is not ready. */
  constructor(private readonly failedTicks = 3) {}

  /** One engine tick ran: a success makes the engine count as working again at once. */
  engineTick(failed: boolean): void {
    this.engineFailures = failed ? this.engineFailures + 1 : 0;
  }

  /** This gateway stopped running the engine (a follower now): its old failures say nothing any more. */
  engineStopped(): void {
    this.engineFailures = 0;
  }

  /** The recorder's health: an error while it cannot write, undefined once it can. */
  recorder(error: Error | undefined): void {
    this.recorderError = error;
  }

  /** On a follower: whether some gateway holds the site's leader lock (a leader is always present for itself). */
  leader(present: boolean): void {
    this.leaderPresent = present;
  }

  /** Adds a condition read at each check, for states that lapse with time (NATS mode: the leader lock's TTL). */
  watch(reason: NotReady, failing: () => boolean): void {
    this.probes.push([reason, failing]);
  }

  /** The reasons this gateway is not ready (empty: ready). */
  check(): NotReady[] {
    const out: NotReady[] = [];
    if (this.engineFailures >= this.failedTicks) out.push('engine');
    if (this.recorderError) out.push('recorder');
    if (!this.leaderPresent) out.push('leader');
    for (const [reason, failing] of this.probes) if (!out.includes(reason) && failing()) out.push(reason);
    return out;
  }
}
