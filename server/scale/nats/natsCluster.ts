import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ClusterMember } from '../clusterMember';
import { LaneSetSchema, type Alert, type LaneSet } from '../../protocol';
import type { Recorder } from '../../recorder/recorder';
import { DeviceBridges } from '../../devices/bridges';
import { NatsCommandPort } from './commandPort';
import { connectNats, DEFAULT_LOG_SETTINGS, type LogSettings } from './connect';
import { NatsIngestLog } from './ingestLog';
import { KvLeaderLock } from './kvLeader';
import { natsNames, safeName } from './names';
import { OutputsChannel } from './outputs';

export interface NatsClusterOptions {
  /** `nats://host:4222`, or several separated by commas (the servers of a NATS cluster). */
  url: string;
  site: string;
  nodeId: string;
  log: Logger;
  /** Where this gateway keeps the last log sequence its recording holds (beside its recordings). */
  dataDir: string;
  logSettings?: Partial<LogSettings>;
  leaderTtlMs?: number;
  mqttUrl?: string;
  /** VDA 5050 master control on the MQTT broker (needs mqttUrl). */
  vda5050?: { interfaceName?: string; loadType?: string };
  /** This gateway's recorder: on followers the leader's alerts and plan changes are written to it as events. */
  recorder?: Pick<Recorder, 'event'>;
}

/** A gateway's membership in its site's NATS cluster. */
export interface NatsCluster {
  readonly isLeader: boolean;
  /** A follower that saw no engine leader for a whole lock TTL (readiness: the site's plan is going stale). */
  readonly leaderLost: boolean;
  readonly ingestLog: NatsIngestLog;
  stop(): Promise<void>;
}

/**
 * Makes this gateway a full replica of its site: device batches go to the site's JetStream stream and are acked
 * once stored; the stream is consumed in order into this gateway's twin and day files; one gateway (KV lock)
 * runs the engine and hands its outputs to the others through a KV bucket; commands reach devices through the
 * gateway that holds their connection. The embedded default never loads this module.
 */
export async function joinNatsCluster(app: ClusterMember, opts: NatsClusterOptions): Promise<NatsCluster> {
  const settings = { ...DEFAULT_LOG_SETTINGS, ...opts.logSettings };
  const names = natsNames(opts.site);
  const handles = await connectNats(opts.url, opts.site, settings, `gatetwin-${opts.nodeId}`);
  const { nc } = handles;
  const { live, log } = { live: app.live, log: opts.log };
  const twinNs = app.io.of('/twin');

  // The log's health is this gateway's own alert: while JetStream cannot store batches, devices are told to resend.
  let logDown = false;
  app.ops.readiness.watch('log', () => logDown);
  const setLogHealth = (err: Error | undefined) => {
    logDown = err !== undefined;
    const raised = live.alerts.get('log-unavailable');
    if (err && !raised) {
      const a: Alert = { id: 'log-unavailable', kind: 'recorder-error', severity: 'critical', params: { message: `replicated log (NATS JetStream) unreachable: ${err.message}` }, raisedAt: live.clock.now() };
      live.alerts.set(a.id, a);
      twinNs.emit('alert', a);
      log.error({ err: err.message }, 'replicated log unreachable: devices are asked to resend');
    } else if (!err && raised) {
      live.alerts.delete(raised.id);
      twinNs.emit('alert', { ...raised, clearedAt: Math.max(live.clock.now(), raised.raisedAt) });
    }
  };
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') setLogHealth(new Error('connection lost'));
      else if (s.type === 'reconnect') setLogHealth(undefined);
    }
  })();

  const ingestLog = new NatsIngestLog({
    handles, site: opts.site, nodeId: opts.nodeId, pipeline: app.pipeline, log, onHealth: setLogHealth,
    seqFile: join(opts.dataDir, 'cluster', `${safeName(opts.site)}.seq`),
  });
  app.setIngest(ingestLog.publish);
  const commands = new NatsCommandPort(nc, app.commands, { site: opts.site, nodeId: opts.nodeId, log });
  app.pipeline.onAccepted(commands.learn);
  commands.start();

  const outputs = new OutputsChannel(handles.kvm, { bucket: names.outputsBucket, replicas: settings.replicas, live, log, emit: (e, p) => twinNs.emit(e, p), maxPayload: () => nc.info?.max_payload,
    ...(opts.recorder ? { record: (ts: number, kind: string, data: unknown) => opts.recorder!.event(ts, kind, data) } : {}),
  });
  await outputs.start();
  live.onOutputs = () => {
    if (lock.isLeader) outputs.publish();
  };

  // Operator lane commands given on any gateway are applied (and audited) by the leader, the plan's one writer.
  const laneSub = nc.subscribe(names.laneSet, {
    callback: (err, msg) => {
      if (err || !lock.isLeader) return;
      const { cmd, who } = msg.json<{ cmd: LaneSet; who: string }>();
      const parsed = LaneSetSchema.safeParse(cmd);
      if (parsed.success) live.setLane(parsed.data, who);
    },
  });
  live.forwardLaneSet = (cmd, who) => nc.publish(names.laneSet, JSON.stringify({ cmd, who }));
  const ackSub = nc.subscribe(names.alertAck, {
    callback: (err, msg) => {
      if (err || !lock.isLeader) return;
      const { id, who } = msg.json<{ id: unknown; who: unknown }>();
      if (typeof id === 'string' && typeof who === 'string') live.ackAlert(id, who);
    },
  });
  live.forwardAlertAck = (id, who) => nc.publish(names.alertAck, JSON.stringify({ id, who }));

  const bridge = opts.mqttUrl ? new DeviceBridges(app, { url: opts.mqttUrl, site: opts.site, log, ingest: ingestLog.publish, ...(opts.vda5050 ? { vda5050: opts.vda5050 } : {}) }) : undefined;
  const lock = new KvLeaderLock(nc, {
    bucket: names.leaderBucket, nodeId: opts.nodeId, replicas: settings.replicas,
    ...(opts.leaderTtlMs !== undefined ? { ttlMs: opts.leaderTtlMs } : {}),
    onChange: async (leader) => {
      log.warn({ node: opts.nodeId, leader }, leader ? 'this gateway is now the engine leader' : 'this gateway is a follower');
      app.setLeader(leader);
      if (leader) {
        outputs.unfollow();
        outputs.takeOver();
        await bridge?.start().catch((e: Error) => log.error({ err: e.message }, 'mqtt bridge could not start'));
      } else {
        outputs.follow();
        await bridge?.stop();
      }
    },
  });
  outputs.follow();
  ingestLog.start();
  await lock.start();
  app.ops.readiness.watch('leader', () => lock.leaderLost);

  return {
    get isLeader() {
      return lock.isLeader;
    },
    get leaderLost() {
      return lock.leaderLost;
    },
    ingestLog,
    async stop() {
      outputs.unfollow();
      live.onOutputs = undefined;
      commands.stop();
      laneSub.unsubscribe();
      ackSub.unsubscribe();
      await lock.stop();
      await bridge?.stop();
      await ingestLog.stop();
      await nc.drain().catch(() => nc.close());
    },
  };
}
