import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import { createClient, type RedisClientType } from 'redis';
import type { ClusterMember } from './clusterMember';
import { LaneSetSchema, type LaneSet } from '../protocol';
import { LeaderLock } from './leader';
import { DeviceBridges } from '../devices/bridges';
import { IngestRelay } from './relay';

export interface ClusterOptions {
  redisUrl?: string;
  mqttUrl?: string;
  /** VDA 5050 master control on the MQTT broker (needs mqttUrl). */
  vda5050?: { interfaceName?: string; loadType?: string };
  /** Site id: names the leader lock, the ingest stream and the MQTT topics. */
  site: string;
  nodeId: string;
  log: Logger;
  leaderTtlMs?: number;
}

/** Redis connections a gateway needs before its app exists (the adapter is a Socket.IO server option). */
export async function connectRedis(url: string): Promise<{ client: RedisClientType; adapter: ReturnType<typeof createAdapter> }> {
  const client: RedisClientType = createClient({ url });
  await client.connect();
  return { client, adapter: createAdapter(client, { streamName: 'gatetwin:socket.io' }) };
}

/**
 * Runs this gateway as part of a site: with Redis, one leader (lock) runs the engine, recorder and MQTT bridge
 * while followers serve viewers and relay device batches to it; without Redis, this process is the leader.
 * Returns a stop function.
 */
export async function joinCluster(app: ClusterMember, redis: RedisClientType | undefined, opts: ClusterOptions): Promise<() => Promise<void>> {
  const bridge = opts.mqttUrl ? new DeviceBridges(app, { url: opts.mqttUrl, site: opts.site, log: opts.log, ...(opts.vda5050 ? { vda5050: opts.vda5050 } : {}) }) : undefined;
  if (!redis) {
    await bridge?.start();
    return async () => bridge?.stop();
  }
  const [sub, blocking] = [redis.duplicate(), redis.duplicate()] as RedisClientType[];
  await Promise.all([sub!.connect(), blocking!.connect()]);
  const relay = new IngestRelay(redis, sub!, blocking!, { stream: `gatetwin:${opts.site}:ingest`, nodeId: opts.nodeId });
  await relay.start();
  // Operator lane commands given on any gateway are applied by the leader (single writer of the plan).
  const ops = `gatetwin:${opts.site}:lane-set`;
  await sub!.subscribe(ops, (raw) => {
    if (app.live.role !== 'leader') return;
    const { cmd, who } = JSON.parse(raw) as { cmd: LaneSet; who: string };
    const parsed = LaneSetSchema.safeParse(cmd);
    if (parsed.success) app.live.setLane(parsed.data, who);
  });
  app.live.forwardLaneSet = (cmd, who) => void redis.publish(ops, JSON.stringify({ cmd, who }));
  app.setIngest(relay.forward);
  const lock = new LeaderLock(redis, {
    key: `gatetwin:${opts.site}:leader`,
    nodeId: opts.nodeId,
    ...(opts.leaderTtlMs !== undefined ? { ttlMs: opts.leaderTtlMs } : {}),
    // A follower with no leader serves stale state and plans nothing: /api/health/ready says so.
    onLeaderSeen: (present) => app.ops.readiness.leader(present),
    onChange: async (leader) => {
      opts.log.warn({ node: opts.nodeId, leader }, leader ? 'this gateway is now the engine leader' : 'this gateway is a follower');
      if (leader) {
        app.promote();
        app.setIngest(undefined);
        app.setLeader(true);
        void relay.consume((b, o) => app.pipeline.ingest(b, o));
        await bridge?.start().catch((e: Error) => opts.log.error({ err: e.message }, 'mqtt bridge could not start'));
      } else {
        app.setLeader(false);
        relay.stopConsuming();
        app.setIngest(relay.forward);
        await bridge?.stop();
      }
    },
  });
  lock.start();
  return async () => {
    relay.stop();
    await lock.stop();
    await bridge?.stop();
    await Promise.all([sub!.quit(), blocking!.quit()].map((p) => p.catch(() => undefined)));
  };
}
