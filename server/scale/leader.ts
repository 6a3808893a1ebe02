import type { RedisClientType } from 'redis';
import { RenewedLock } from './renewedLock';

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
 * One engine leader per site: a Redis key held with SET NX PX and renewed at a third of its TTL (see RenewedLock).
 * Exactly one node runs the engine and the recorder; if it dies, the key expires and another node takes it.
 */
export class LeaderLock extends RenewedLock {
  constructor(
    private readonly redis: RedisClientType,
    private readonly opts: LeaderOptions,
  ) {
    super(opts.ttlMs ?? 5_000, opts.onChange);
  }

  start(): void {
    void this.tick();
  }

  protected async attempt(held: boolean): Promise<boolean> {
    try {
      const holds = held
        ? Number(await this.redis.eval(EXTEND, { keys: [this.opts.key], arguments: [this.opts.nodeId, String(this.ttl)] })) === 1
        : (await this.redis.set(this.opts.key, this.opts.nodeId, { NX: true, PX: this.ttl })) === 'OK';
      // Not holding it after SET NX means another node does (or our renewal lost it: ask again next tick).
      this.opts.onLeaderSeen?.(holds || (await this.redis.exists(this.opts.key)) === 1);
      return holds;
    } catch (e) {
      this.opts.onLeaderSeen?.(false);
      throw e;
    }
  }

  protected release(): Promise<unknown> {
    return this.redis.eval(RELEASE, { keys: [this.opts.key], arguments: [this.opts.nodeId] });
  }

  protected nextDelay(held: boolean): number {
    return held ? this.ttl / 3 : 1_000;
  }
}
