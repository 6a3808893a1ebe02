import type { Namespace } from 'socket.io';
import { isVehicleMessage, type Command, type Reply, type Telemetry } from '../protocol';

/** One way of reaching devices with commands: Socket.IO, MQTT command topics, VDA 5050 orders. */
export interface CommandTransport {
  /** Delivers a command to the device at `address` (the transport's own form of it); resolves with its reply. */
  deliver(cmd: Command, address: string): Promise<Reply>;
}

const COMMAND_TIMEOUT_MS = 10_000;

/** Where a vehicle's commands go: a transport and the device's address on it. */
interface Route {
  via: string;
  address: string;
}

/**
 * Reaches devices over `/ingest` sockets. A device on another gateway is reached through the adapter: a room
 * broadcast to its socket id, one reply.
 */
export class SocketTransport implements CommandTransport {
  constructor(private readonly ns: Namespace) {}

  deliver(cmd: Command, socketId: string): Promise<Reply> {
    const local = this.ns.sockets.get(socketId);
    return local
      ? local.timeout(COMMAND_TIMEOUT_MS).emitWithAck('command', cmd)
      : this.ns
          .to(socketId)
          .timeout(COMMAND_TIMEOUT_MS)
          .emitWithAck('command', cmd)
          .then((rs: Reply[]) => rs[0] ?? { ok: false, error: 'the device is gone' });
  }
}

/**
 * Remembers which transport and address last reported each vehicle, so a command reaches the device (or gateway)
 * that owns it, whichever way it speaks. An origin is `<transport>:<address>` (`socket:<id>`, `mqtt:<kind>/<id>`,
 * `vda5050:<manufacturer>/<serialNumber>`); vehicles reported over HTTP have no transport and receive no commands.
 */
export class CommandRouter {
  private readonly routes = new Map<string, Route>();
  /** One route object per origin, so learning a batch is a pointer compare per message, not two string compares. */
  private readonly origins = new Map<string, Route>();
  private readonly transports = new Map<string, CommandTransport>();
  readonly counters = { sent: 0, acked: 0, failed: 0, unroutable: 0 };
  /** Where a command goes when no transport here reports the vehicle (NATS mode: the gateway that holds it). */
  remote: ((cmd: Command, vehicle: string) => Promise<Reply> | undefined) | undefined;

  constructor(ns?: Namespace) {
    if (ns) this.register('socket', new SocketTransport(ns));
  }

  /** Adds (or replaces) the transport that serves origins starting with `<name>:`. */
  register(name: string, transport: CommandTransport): void {
    this.transports.set(name, transport);
  }

  /** Removes a transport (its bridge stopped) and the routes through it. */
  unregister(name: string): void {
    this.transports.delete(name);
    for (const [origin, r] of this.origins) if (r.via === name) this.origins.delete(origin);
    for (const [vehicle, r] of this.routes) if (r.via === name) this.routes.delete(vehicle);
  }

  /** Notes the origin of accepted vehicle messages: the last transport to report a vehicle is its route. */
  learn(msgs: readonly Telemetry[], origin: string): void {
    const route = this.route(origin);
    if (!route) return;
    for (const m of msgs) if (isVehicleMessage(m) && this.routes.get(m.id) !== route) this.routes.set(m.id, route);
  }

  /** Forgets the routes through a socket that disconnected (on this gateway). */
  forget(socketId: string, via = 'socket'): void {
    this.origins.delete(`${via}:${socketId}`);
    for (const [vehicle, r] of this.routes) if (r.via === via && r.address === socketId) this.routes.delete(vehicle);
  }

  /** The route an origin names, if a transport here serves it (the same object for the same origin). */
  private route(origin: string): Route | undefined {
    const known = this.origins.get(origin);
    if (known && this.transports.has(known.via)) return known;
    const colon = origin.indexOf(':');
    const via = origin.slice(0, colon);
    if (colon < 0 || !this.transports.has(via)) return undefined;
    const route = { via, address: origin.slice(colon + 1) };
    // A cache as big as the twin can hold vehicles: devices naming ever new origins cannot grow it without end.
    if (this.origins.size >= 65_536) this.origins.clear();
    this.origins.set(origin, route);
    return route;
  }

  /** The transport a vehicle's commands go through now, if any (for tests and health). */
  routeOf(vehicle: string): string | undefined {
    return this.routes.get(vehicle)?.via;
  }

  /** Sends a command to the vehicle's device; resolves with the device's reply or an error. `localOnly`: no `remote` hop. */
  send(cmd: Command, localOnly = false): Promise<Reply> {
    const vehicle = cmd.type === 'agv:mission' ? cmd.agv : cmd.truck;
    const route = this.routes.get(vehicle);
    const transport = route && this.transports.get(route.via);
    if (!route || !transport) {
      const away = localOnly ? undefined : this.remote?.(cmd, vehicle);
      if (away) return this.counted(away);
      this.counters.unroutable++;
      return Promise.resolve({ ok: false, error: `no connected device reports ${vehicle}` });
    }
    return this.counted(transport.deliver(cmd, route.address));
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
