import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteSiteLog } from '../../server/scale/nats/connect';
import { KvLeaderLock } from '../../server/scale/nats/kvLeader';
import { natsNames } from '../../server/scale/nats/names';
import { reachable } from './natsGateways';

// The engine lock on the machine's NATS KV: one holder, compare-and-set renewals, takeover after the TTL.
// Skipped without NATS on a developer's machine; fails in CI.
const services = await reachable(4222);
if (!services && process.env.CI) throw new Error('CI needs NATS with JetStream on 127.0.0.1:4222');

describe.runIf(services)('KvLeaderLock', () => {
  const site = `it-natslock-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const bucket = natsNames(site).leaderBucket;
  let nc: NatsConnection;
  const locks: KvLeaderLock[] = [];
  const lock = (nodeId: string, changes: boolean[] = []) => {
    const l = new KvLeaderLock(nc, { bucket, nodeId, ttlMs: 1_500, onChange: (leader) => void changes.push(leader) });
    locks.push(l);
    return l;
  };

  beforeAll(async () => {
    nc = await connect({ servers: '127.0.0.1:4222' });
  });
  afterAll(async () => {
    for (const l of locks) await l.stop();
    await nc.close();
    await deleteSiteLog('nats://127.0.0.1:4222', site);
  });

  it('one node leads; the other takes over at once when it steps down', async () => {
    const [ca, cb]: boolean[][] = [[], []];
    const a = lock('a', ca);
    await a.start();
    const b = lock('b', cb);
    await b.start();
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    // b saw a's lock: the site has a leader.
    expect(b.leaderLost).toBe(false);
    await a.stop();
    await expect.poll(() => b.isLeader, { timeout: 3_000 }).toBe(true);
    expect(ca).toEqual([true]);
    expect(cb).toEqual([true]);
    await b.stop();
  });

  it('a holder that stops renewing (a dead process) is replaced after the TTL, not before', async () => {
    // A dead leader's entry: written once, never renewed.
    const kv = await new Kvm(nc).open(bucket);
    await kv.create('leader', 'dead');
    const writtenAt = Date.now();
    const c = lock('c');
    await c.start();
    expect(c.isLeader).toBe(false);
    await expect.poll(() => c.isLeader, { timeout: 5_000, interval: 50 }).toBe(true);
    expect(Date.now() - writtenAt).toBeGreaterThanOrEqual(1_400);
    expect((await kv.get('leader'))?.string()).toBe('c');
  });
});
