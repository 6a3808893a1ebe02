import type { RedisClientType } from 'redis';
import { commandOptions } from 'redis';
import type { TelemetryAck } from '../protocol';
import type { IngestFn } from '../ingest/ingestFn';

interface Pending {
  resolve: (ack: TelemetryAck) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Carries ingest batches from the gateway that received them to the engine leader, over a Redis stream,
 * and the leader's acks back over a per-node channel. A batch is acked to its device only once the leader
 * made it durable; if the leader dies first the request times out and the device resends (dedupe absorbs
 * whatever did arrive). A new leader resumes the stream after the last entry its predecessor finished.
 */
export class IngestRelay {
  private readonly pending = new Map<string, Pending>();
  private seq = 0;
  private consuming = false;
  private lastId = '$';

  constructor(
    private readonly pub: RedisClientType,
    private readonly sub: RedisClientType,
    private readonly blocking: RedisClientType,
    private readonly opts: { stream: string; nodeId: string; timeoutMs?: number },
  ) {}

  private get replyChannel(): string {
    return `${this.opts.stream}:reply:${this.opts.nodeId}`;
  }

  /** Starts listening for the leader's replies to this node. */
  async start(): Promise<void> {
    await this.sub.subscribe(this.replyChannel, (raw) => {
      const msg = JSON.parse(raw) as { req: string; ack?: TelemetryAck; error?: string };
      const p = this.pending.get(msg.req);
      if (!p) return;
      this.pending.delete(msg.req);
      clearTimeout(p.timer);
      if (msg.ack) p.resolve(msg.ack);
      else p.reject(new Error(msg.error ?? 'the leader refused the batch'));
    });
  }

  /** Follower side: hands a batch to the leader and waits for its ack. */
  forward: IngestFn = async (batch, origin) => {
    const req = `${this.opts.nodeId}:${++this.seq}`;
    const result = new Promise<TelemetryAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(req);
        reject(new Error('no engine leader answered in time; resend'));
      }, this.opts.timeoutMs ?? 10_000);
      this.pending.set(req, { resolve, reject, timer });
    });
    await this.pub.xAdd(this.opts.stream, '*', { req, node: this.opts.nodeId, origin, batch: JSON.stringify(batch) }, {
      TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: 100_000 },
    });
    return result;
  };

  /** Leader side: processes forwarded batches until `stopConsuming`, from where the last leader stopped. */
  async consume(ingest: IngestFn): Promise<void> {
    this.consuming = true;
    this.lastId = (await this.pub.get(`${this.opts.stream}:done`)) ?? '$';
    while (this.consuming) {
      const res = await this.blocking
        .xRead(commandOptions({ isolated: true }), [{ key: this.opts.stream, id: this.lastId }], { BLOCK: 500, COUNT: 200 })
        .catch(() => null);
      if (!res) continue;
      const work: Promise<void>[] = [];
      for (const stream of res) {
        for (const entry of stream.messages) {
          this.lastId = entry.id;
          const { req, node, origin, batch } = entry.message as { req?: string; node?: string; origin?: string; batch?: string };
          const reply = (body: object) => this.pub.publish(`${this.opts.stream}:reply:${node}`, JSON.stringify({ req, ...body })).then(() => undefined);
          work.push(
            ingest(JSON.parse(batch ?? '[]'), origin ?? `relay:${node}`).then(
              (ack) => reply({ ack }),
              (e: Error) => reply({ error: e.message }),
            ),
          );
        }
      }
      await Promise.all(work);
      await this.pub.set(`${this.opts.stream}:done`, this.lastId);
    }
  }

  stopConsuming(): void {
    this.consuming = false;
  }

  stop(): void {
    this.stopConsuming();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error('gateway shutting down'));
    }
    this.pending.clear();
  }
}
