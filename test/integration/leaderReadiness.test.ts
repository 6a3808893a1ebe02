import { randomUUID } from 'node:crypto';
import { createClient, type RedisClientType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaderLock } from '../../server/scale/leader';
import { startServer, type Harness } from './harness';

// A follower that loses sight of its leader is not ready. Real Redis on 127.0.0.1:6379 (a unique key per run);
// without it this test fails, as every scale-out test does in CI.
const key = `gatetwin:test-${randomUUID()}:leader`;
let h: Harness;
let leaderClient: RedisClientType;
let followerClient: RedisClientType;
let leader: LeaderLock;
let follower: LeaderLock;

beforeAll(async () => {
  h = await startServer({ follower: true });
  leaderClient = createClient({ url: 'redis://127.0.0.1:6379' });
  followerClient = createClient({ url: 'redis://127.0.0.1:6379' });
  await Promise.all([leaderClient.connect(), followerClient.connect()]);
});
afterAll(async () => {
  await leader?.stop();
  await follower?.stop().catch(() => undefined);
  await leaderClient?.quit();
  if (followerClient?.isOpen) await followerClient.quit();
  await h?.close();
});

const ready = async () => (await fetch(`${h.url}/api/health/ready`)).status;

describe('a follower and its leader', () => {
  it('is ready while another gateway holds the lock, 503 while it cannot see any leader, 200 again after', async () => {
    let leading = false;
    leader = new LeaderLock(leaderClient, { key, nodeId: 'leader', ttlMs: 3_000, onChange: (l) => void (leading = l) });
    leader.start();
    await expect.poll(() => leading).toBe(true);
    const seen: boolean[] = [];
    follower = new LeaderLock(followerClient, {
      key, nodeId: 'follower', ttlMs: 3_000, onChange: () => undefined,
      onLeaderSeen: (present) => {
        seen.push(present);
        h.app.ops.readiness.leader(present);
      },
    });
    follower.start();
    await expect.poll(() => seen.length).toBeGreaterThan(0);
    expect(seen[0]).toBe(true);
    expect(follower.isLeader).toBe(false);
    expect(await ready()).toBe(200);
    // The follower's link to the coordination store breaks: it can no longer know that anyone leads.
    await followerClient.disconnect();
    await expect.poll(ready, { timeout: 10_000 }).toBe(503);
    expect(await (await fetch(`${h.url}/api/health/ready`)).json()).toEqual({ ok: false });
    // The link comes back and the leader is still there: ready again.
    await followerClient.connect();
    await expect.poll(ready, { timeout: 10_000 }).toBe(200);
  });
});
