import type { RedisClientType } from 'redis';

// Extends the lock only if this node still holds it (another node may have taken over after a pause).
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface LeaderOptions {
  key: string;
  nodeId: string;
  /** Lock lifetime; a dead leader is replaced within about this long plus one retry. */
  ttlMs?: number;
  onChange: (leader: boolean) => void | Promise<void>;
  /** After each attempt: whether some node (this one or another) holds the lock; false while Redis is unreachable. */
  onLeaderSeen?: (present: boolean) => void;
}

/**
 * One engine leader per site: a Redis key held with SET NX PX and renewed at a third of its TTL.
 * Exactly one node runs the engine and the recorder; if it dies, the key expires and another node takes it.
 */
export class LeaderLock {
  private timer: NodeJS.Timeout | undefined;
  private held = false;
  private readonly ttl: number;

  constructor(
    private readonly redis: RedisClientType,
    private readonly opts: LeaderOptions,
  ) {
    this.ttl = opts.ttlMs ?? 5_000;
  }

  get isLeader(): boolean {
    return this.held;
  }

  start(): void {
    void this.tick();
  }

  private async tick(): Promise<void> {
    try {
      const held = this.held
        ? Number(await this.redis.eval(EXTEND, { keys: [this.opts.key], arguments: [this.opts.nodeId, String(this.ttl)] })) === 1
        : (await this.redis.set(this.opts.key, this.opts.nodeId, { NX: true, PX: this.ttl })) === 'OK';
      if (held !== this.held) {
        this.held = held;
        await this.opts.onChange(held);
      }
      // Not holding it after SET NX means another node does (or our renewal lost it: ask again next tick).
      this.opts.onLeaderSeen?.(held || (await this.redis.exists(this.opts.key)) === 1);
    } catch {
      this.opts.onLeaderSeen?.(false);
      // Redis unreachable: a leader that cannot renew must assume it lost the lock before the TTL runs out.
      if (this.held) {
        this.held = false;
        await this.opts.onChange(false);
      }
    }
    this.timer = setTimeout(() => void this.tick(), this.held ? this.ttl / 3 : 1_000);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (this.held) await this.redis.eval(RELEASE, { keys: [this.opts.key], arguments: [this.opts.nodeId] }).catch(() => 0);
    this.held = false;
  }
}
