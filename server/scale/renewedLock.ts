/**
 * A leader lock renewed on a timer, whatever store holds it (Redis in `leader.ts`, a NATS KV bucket in
 * `nats/kvLeader.ts`): each tick renews the lock if this node holds it or tries to take it if not, and tells
 * `onChange` when that changes. A node that cannot reach the store steps down at once, before the lock's TTL runs
 * out and another node takes it, so at most one node believes it leads (give or take one renewal period).
 */
export abstract class RenewedLock {
  private timer: NodeJS.Timeout | undefined;
  private held = false;
  private stopped = false;

  protected constructor(
    protected readonly ttl: number,
    private readonly onChange: (leader: boolean) => void | Promise<void>,
  ) {}

  get isLeader(): boolean {
    return this.held;
  }

  /** One attempt: renew when `held`, else take. Resolves whether this node holds the lock; throws when unreachable. */
  protected abstract attempt(held: boolean): Promise<boolean>;
  /** Gives the lock up on stop (only called while held; failures are ignored: it expires anyway). */
  protected abstract release(): Promise<unknown>;
  /** Milliseconds to the next attempt. */
  protected abstract nextDelay(held: boolean): number;

  protected async tick(): Promise<void> {
    let held: boolean;
    try {
      held = await this.attempt(this.held);
    } catch {
      held = false; // the store is unreachable or another node won the race: a leader that cannot renew steps down
    }
    if (this.stopped) return;
    if (held !== this.held) {
      this.held = held;
      await this.onChange(held);
    }
    this.timer = setTimeout(() => void this.tick(), this.nextDelay(this.held));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.held) await this.release().catch(() => undefined);
    this.held = false;
  }
}
