import { jetstream } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { RenewedLock } from '../renewedLock';

export interface KvLeaderOptions {
  bucket: string;
  nodeId: string;
  /** Lock lifetime (the bucket's TTL); a dead leader is replaced within about this long plus one retry. */
  ttlMs?: number;
  replicas?: number;
  onChange: (leader: boolean) => void | Promise<void>;
}

const KEY = 'leader';

/**
 * One engine leader per site on a JetStream KV bucket whose entries expire after the TTL. Taking the lock is
 * `create` (only if the key is absent), renewing is `update` at the revision this node last wrote (compare and
 * set), both at a third of the TTL (at most every second). Stepping down and stopping are RenewedLock's.
 */
export class KvLeaderLock extends RenewedLock {
  private kv: KV | undefined;
  private revision = 0;
  private lastOtherSeen = Date.now();

  constructor(
    private readonly nc: NatsConnection,
    private readonly opts: KvLeaderOptions,
  ) {
    super(opts.ttlMs ?? 3_000, opts.onChange);
  }

  /** A follower that has not seen any leader's lock for a whole TTL: the site runs no engine (readiness). */
  get leaderLost(): boolean {
    return !this.isLeader && Date.now() - this.lastOtherSeen > this.ttl;
  }

  async start(): Promise<void> {
    // Creating a replicated bucket takes a while (a RAFT group forms); lock requests afterwards must give up well
    // inside the TTL, or a leader cut off from NATS would step down too late.
    await new Kvm(this.nc).create(this.opts.bucket, { ttl: this.ttl, history: 1, replicas: this.opts.replicas ?? 1 });
    this.kv = await new Kvm(jetstream(this.nc, { timeout: Math.max(500, Math.floor(this.ttl / 3)) })).open(this.opts.bucket);
    await this.tick();
  }

  protected async attempt(held: boolean): Promise<boolean> {
    const kv = this.kv!;
    if (!held) return this.take(kv);
    this.revision = await kv.update(KEY, this.opts.nodeId, this.revision);
    return true;
  }

  private async take(kv: KV): Promise<boolean> {
    try {
      this.revision = await kv.create(KEY, this.opts.nodeId);
      return true;
    } catch {
      const e = await kv.get(KEY);
      if (e && e.operation === 'PUT' && e.string() === this.opts.nodeId) {
        // Still ours (we stepped down during a NATS hiccup shorter than the TTL): renew at its revision.
        this.revision = await kv.update(KEY, this.opts.nodeId, e.revision);
        return true;
      }
      if (e && e.operation === 'PUT') this.lastOtherSeen = Date.now();
      return false;
    }
  }

  protected release(): Promise<unknown> {
    return this.kv ? this.kv.delete(KEY, { previousSeq: this.revision }) : Promise.resolve();
  }

  protected nextDelay(): number {
    return Math.min(1_000, this.ttl / 3);
  }
}
