import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { TelemetryAck } from '../../server/protocol';
import { listRecordings } from '../../server/recorder/dayFile';
import { RecordingReader } from '../../server/recorder/reader';
import { deleteSiteLog } from '../../server/scale/nats/connect';
import { buildAgvMessage } from '../support/builders';
import { startChild, type ChildServer } from './childServer';
import { TOKENS } from './harness';

/** Resolves whether something listens on host:port. */
export const reachable = (port: number, host = '127.0.0.1') =>
  new Promise<boolean>((ok) => {
    const s = netConnect({ host, port }, () => (s.end(), ok(true)));
    s.on('error', () => ok(false));
    s.setTimeout(1_000, () => (s.destroy(), ok(false)));
  });

/** A gateway child process in NATS mode and its own data directory (no volume is shared). */
export interface Gateway extends ChildServer {
  node: string;
  dataDir: string;
}

/** Starts gateway `node` of `site` against `natsUrl` (a fresh data directory unless one is given). */
export async function startGateway(natsUrl: string, site: string, node: string, tokensFile: string, dataDir = mkdtempSync(join(tmpdir(), `gatetwin-nats-${node}-`))): Promise<Gateway> {
  const child = await startChild(dataDir, tokensFile, { NATS_URL: natsUrl, GATETWIN_SITE_ID: site, GATETWIN_NODE_ID: node });
  return { ...child, node, dataDir };
}

export const getJson = async <T>(g: { url: string }, path: string): Promise<{ status: number; body: T }> => {
  const res = await fetch(`${g.url}${path}${path.includes('?') ? '&' : '?'}token=${TOKENS.viewer}`);
  return { status: res.status, body: (await res.json()) as T };
};
export const role = async (g: { url: string }) => (await getJson<{ role: string }>(g, '/api/health')).body.role;

/** Every (id, seq) in a gateway's own day files, in recording order (duplicates would show twice). */
export function recordedKeys(dataDir: string): string[] {
  const dir = join(dataDir, 'recordings');
  const keys: string[] = [];
  for (const r of listRecordings(dir).filter((d) => d.kind === 'day')) {
    const reader = new RecordingReader(dir, r.name);
    try {
      reader.cursor(0).take(Infinity, (m) => keys.push(`${m.id}#${m.seq}`));
    } finally {
      reader.close();
    }
  }
  return keys;
}

/** Same keys twice in a list. */
export const twice = (keys: string[]) => keys.filter((k, i) => keys.indexOf(k) !== i);

/**
 * Devices sending batches of AGV messages to whichever gateway is up, as a real device would: a batch without an
 * ack (error, timeout, gateway gone) is resent, to the next gateway, until acked. Records every acked key.
 */
export class Streamer {
  readonly acked = new Set<string>();
  readonly refused: string[] = [];
  private stopped = false;
  private readonly sockets = new Map<string, Socket>();
  batches = 0;
  done: Promise<void> = Promise.resolve();

  constructor(
    private readonly gateways: () => { url: string }[],
    private readonly prefix: string,
  ) {}

  private socket(url: string): Socket {
    let s = this.sockets.get(url);
    if (!s) this.sockets.set(url, (s = io(`${url}/ingest`, { auth: { token: TOKENS.device }, transports: ['websocket'], reconnectionDelay: 200 })));
    return s;
  }

  /** Sends `count` batches (or until `stop`), starting at gateway `first`; `spread`: each batch to the next gateway. */
  start(count: number, first = 0, spread = false): void {
    this.done = (async () => {
      let at = first;
      for (let i = 1; i <= count && !this.stopped; i++) {
        const batch = Array.from({ length: 10 }, (_, k) => buildAgvMessage({ id: `${this.prefix}-${k}`, seq: i, ts: Date.now(), battery: (i % 100) / 100 }));
        for (;;) {
          const list = this.gateways();
          const g = list[at % list.length]!;
          const s = this.socket(g.url);
          const ack = (await s.timeout(4_000).emitWithAck('telemetry', batch).catch((e: Error) => ({ error: e.message }))) as TelemetryAck | { error: string };
          if ('accepted' in ack) break;
          this.refused.push(ack.error);
          at++;
          if (this.stopped) return;
        }
        for (const m of batch) this.acked.add(`${m.id}#${m.seq}`);
        this.batches = i;
        if (spread) at++;
      }
    })();
  }

  /** Waits for the last batch to be acked, then disconnects. */
  async finish(): Promise<void> {
    await this.done;
    for (const s of this.sockets.values()) s.close();
  }

  /** Stops after the batch in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.finish();
  }
}

export const NATS_SERVER = '/usr/sbin/nats-server';
export const haveNatsServer = () => existsSync(NATS_SERVER);

/** This test's own nats-server (JetStream, its own store directory), which it may stop and start again. */
export async function startOwnNats(port: number, storeDir: string): Promise<ChildProcess> {
  const proc = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!(await reachable(port))) {
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`nats-server on ${port} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return proc;
}

/** Deletes a site's stream and KV buckets (tests use a fresh site id each run). */
export const deleteSite = deleteSiteLog;

/** Polls `probe` until it returns `want` (for hooks, where expect.poll is not allowed). */
export async function until<T>(probe: () => Promise<T>, want: T, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while ((last = await probe()) !== want) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${String(want)}, last ${String(last)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
