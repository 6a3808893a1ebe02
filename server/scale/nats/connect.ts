import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { natsNames } from './names';

/** How a site's log is kept: replicas (1 on one machine, 3 in production) and how long the stream holds batches. */
export interface LogSettings {
  replicas: number;
  maxAgeMs: number;
  /** Window in which JetStream drops a resent batch by its message id. */
  duplicateWindowMs: number;
}

export const DEFAULT_LOG_SETTINGS: LogSettings = { replicas: 1, maxAgeMs: 48 * 3_600_000, duplicateWindowMs: 120_000 };

/** A gateway's NATS connection and the JetStream handles every part of NATS mode uses. */
export interface NatsHandles {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  kvm: Kvm;
}

/** Connects (and keeps reconnecting forever: an outage must heal by itself) and makes sure the site's stream exists. */
export async function connectNats(url: string, site: string, settings: LogSettings, name: string): Promise<NatsHandles> {
  const nc = await connect({ servers: url.split(','), name, maxReconnectAttempts: -1, reconnectTimeWait: 250, pingInterval: 2_000 });
  const jsm = await jetstreamManager(nc);
  const names = natsNames(site);
  const config = {
    name: names.stream,
    subjects: [names.subject],
    num_replicas: settings.replicas,
    max_age: settings.maxAgeMs * 1e6,
    duplicate_window: settings.duplicateWindowMs * 1e6,
  };
  // Every gateway of the site asks for the same stream; whichever comes first creates it.
  await jsm.streams.info(names.stream).catch(() => jsm.streams.add(config).catch(() => jsm.streams.info(names.stream)));
  return { nc, js: jetstream(nc), jsm, kvm: new Kvm(nc) };
}

/** Deletes a site's log and KV buckets (tests and benchmarks use a fresh site id each run; operators retiring a site). */
export async function deleteSiteLog(url: string, site: string): Promise<void> {
  const nc = await connect({ servers: url.split(','), maxReconnectAttempts: 0 }).catch(() => undefined);
  if (!nc) return;
  try {
    const jsm = await jetstreamManager(nc);
    const n = natsNames(site);
    for (const s of [n.stream, `KV_${n.leaderBucket}`, `KV_${n.outputsBucket}`]) await jsm.streams.delete(s).catch(() => false);
  } finally {
    await nc.close();
  }
}
