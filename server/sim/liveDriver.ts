import { io, type Socket } from 'socket.io-client';
import type { Clock } from '../clock';
import { CommandSchema, formatZodError, MAX_BATCH, type Reply, type Telemetry, type TelemetryAck } from '../protocol';
import type { World } from './world';

export interface LiveDriverOptions {
  url: string;
  token: string;
  clock: Clock;
  /** Wall-clock ms between world steps. */
  stepMs?: number;
  /** Unacknowledged messages kept for resending before the oldest are dropped (and counted). */
  maxPending?: number;
  log?: (msg: string) => void;
}

/**
 * Plays the world as devices over the public ingest protocol: steps it on a timer, sends its messages in
 * acked batches (resending what was not acked after a reconnect), and obeys the server's commands.
 */
export class LiveDriver {
  readonly socket: Socket;
  private pending: Telemetry[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  readonly counters = { sent: 0, acked: 0, rejected: 0, dropped: 0, commands: 0, refused: 0 };

  constructor(
    private readonly world: World,
    private readonly opts: LiveDriverOptions,
  ) {
    this.socket = io(new URL('/ingest', opts.url).toString(), { auth: { token: opts.token }, transports: ['websocket'] });
    this.socket.on('connect_error', (e) => opts.log?.(`simulator: cannot connect (${e.message}); retrying`));
    this.socket.on('command', (cmd: unknown, reply: unknown) => {
      const respond = typeof reply === 'function' ? (reply as (r: Reply) => void) : () => {};
      const parsed = CommandSchema.safeParse(cmd);
      if (!parsed.success) return respond({ ok: false, error: formatZodError(parsed.error) });
      this.counters.commands++;
      const error = this.world.command(parsed.data);
      if (error) this.counters.refused++;
      respond(error ? { ok: false, error } : { ok: true, data: undefined });
    });
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.opts.stepMs ?? 100);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.socket.close();
  }

  private tick(): void {
    this.world.step(this.opts.clock.now());
    for (const m of this.world.drain()) this.pending.push(m);
    const max = this.opts.maxPending ?? 200_000;
    if (this.pending.length > max) this.counters.dropped += this.pending.splice(0, this.pending.length - max).length;
    if (this.socket.connected) this.flush();
  }

  private flush(): void {
    while (this.pending.length > 0 && this.inFlight < 4) {
      const batch = this.pending.splice(0, MAX_BATCH);
      this.inFlight++;
      this.counters.sent += batch.length;
      this.socket
        .timeout(15_000)
        .emitWithAck('telemetry', batch)
        .then((r: TelemetryAck | { error: string }) => {
          if ('error' in r) throw new Error(r.error);
          this.counters.acked += r.accepted + r.duplicates;
          this.counters.rejected += r.rejected.length;
          if (r.rejected.length > 0) this.opts.log?.(`simulator: ${r.rejected.length} rejected, first: ${r.rejected[0]!.error}`);
        })
        .catch(() => {
          // Not acked: put it back in front; the server deduplicates whatever did arrive.
          this.pending.unshift(...batch);
        })
        .finally(() => this.inFlight--);
    }
  }
}
