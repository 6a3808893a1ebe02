import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { CommandRouter } from '../../ingest/commands';
import { CommandSchema, formatZodError, isVehicleMessage, type Command, type Reply, type Telemetry } from '../../protocol';
import { natsNames } from './names';

/**
 * Commands to devices in NATS mode: the leader's engine may command a vehicle whose device is connected to another
 * gateway. Each gateway learns from the log which gateway took each vehicle's latest batch, and sends the command
 * there as a NATS request on `gatetwin.<site>.cmd.<node>`; that gateway hands it to the device's socket and
 * returns the device's reply.
 */
export class NatsCommandPort {
  private readonly where = new Map<string, string>();
  private sub: Subscription | undefined;
  private readonly subject: (node: string) => string;

  constructor(
    private readonly nc: NatsConnection,
    private readonly router: CommandRouter,
    private readonly opts: { site: string; nodeId: string; log: Logger; timeoutMs?: number },
  ) {
    this.subject = natsNames(opts.site).commands;
  }

  /** Pipeline listener: a batch read from the log says which gateway holds its vehicles (origin `nats:<node>`). */
  learn = (msgs: readonly Telemetry[], origin: string): void => {
    const node = origin.startsWith('nats:') ? origin.slice('nats:'.length) : undefined;
    for (const m of msgs) {
      if (!isVehicleMessage(m)) continue;
      if (node) this.where.set(m.id, node);
      else this.where.delete(m.id);
    }
  };

  /** Answers commands other gateways send for this gateway's devices, and routes the router's remote ones. */
  start(): void {
    this.sub = this.nc.subscribe(this.subject(this.opts.nodeId), {
      callback: (err, msg) => {
        if (err) return;
        let parsed;
        try {
          parsed = CommandSchema.safeParse(msg.json());
        } catch {
          msg.respond(JSON.stringify({ ok: false, error: 'command is not JSON' }));
          return;
        }
        if (!parsed.success) {
          msg.respond(JSON.stringify({ ok: false, error: formatZodError(parsed.error) }));
          return;
        }
        void this.router.send(parsed.data, true).then((r) => msg.respond(JSON.stringify(r)));
      },
    });
    this.router.remote = this.remote;
  }

  private remote = (cmd: Command, vehicle: string): Promise<Reply> | undefined => {
    const node = this.where.get(vehicle);
    if (!node || node === this.opts.nodeId) return undefined;
    return this.nc.request(this.subject(node), JSON.stringify(cmd), { timeout: this.opts.timeoutMs ?? 10_000 }).then((m) => m.json<Reply>());
  };

  stop(): void {
    this.router.remote = undefined;
    this.sub?.unsubscribe();
  }
}
