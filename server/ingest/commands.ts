import type { Namespace } from 'socket.io';
import type { Command, Reply, Telemetry } from '../protocol';

/**
 * Remembers which socket reports each vehicle, so a command reaches the device (or gateway) that
 * owns it. Vehicles reported over HTTP have no socket and receive no commands.
 */
export class CommandRouter {
  private readonly routes = new Map<string, string>();
  readonly counters = { sent: 0, acked: 0, failed: 0, unroutable: 0 };

  /** Where a command goes when no socket here reports the vehicle (cluster mode: the gateway that holds it). */
  remote: ((cmd: Command, vehicle: string) => Promise<Reply> | undefined) | undefined;

  constructor(private readonly ns: Namespace) {}

  /** Notes the origin socket of accepted vehicle messages. */
  learn(msgs: readonly Telemetry[], origin: string): void {
    if (!origin.startsWith('socket:')) return;
    const socketId = origin.slice('socket:'.length);
    for (const m of msgs) if (m.kind !== 'sensor' && this.routes.get(m.id) !== socketId) this.routes.set(m.id, socketId);
  }

  /** Forgets the routes through a socket that disconnected (on this gateway). */
  forget(socketId: string): void {
    for (const [vehicle, s] of this.routes) if (s === socketId) this.routes.delete(vehicle);
  }

  /** Sends a command to the vehicle's device; resolves with the device's reply or an error. `localOnly`: no `remote` hop. */
  send(cmd: Command, localOnly = false): Promise<Reply> {
    const vehicle = cmd.type === 'agv:mission' ? cmd.agv : cmd.truck;
    const socketId = this.routes.get(vehicle);
    const away = socketId || localOnly ? undefined : this.remote?.(cmd, vehicle);
    if (away) return this.counted(away);
    if (!socketId) {
      this.counters.unroutable++;
      return Promise.resolve({ ok: false, error: `no connected device reports ${vehicle}` });
    }
    const local = this.ns.sockets.get(socketId);
    // A device on another gateway is reached through the adapter: a room broadcast to its socket id, one reply.
    const reply: Promise<Reply> = local
      ? local.timeout(10_000).emitWithAck('command', cmd)
      : this.ns
          .to(socketId)
          .timeout(10_000)
          .emitWithAck('command', cmd)
          .then((rs: Reply[]) => rs[0] ?? { ok: false, error: `device of ${vehicle} is gone` });
    return this.counted(reply);
  }

  private counted(reply: Promise<Reply>): Promise<Reply> {
    this.counters.sent++;
    return reply
      .then((r: Reply) => {
        this.counters[r?.ok ? 'acked' : 'failed']++;
        return r;
      })
      .catch((e: Error) => {
        this.counters.failed++;
        return { ok: false as const, error: e.message };
      });
  }
}
