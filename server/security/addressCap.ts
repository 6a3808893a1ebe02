import type { Socket as NetSocket } from 'node:net';

/** Open TCP connections per remote address: one over the cap is closed before it says anything. */
export class AddressCap {
  private readonly open = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly refused: (ip: string) => void,
  ) {}

  /** Counts a new connection until it closes, or destroys it (and reports it) when its address is over the cap. */
  admit(socket: NetSocket): void {
    const ip = socket.remoteAddress ?? '';
    const open = (this.open.get(ip) ?? 0) + 1;
    if (open > this.max) {
      this.refused(ip);
      socket.destroy();
      return;
    }
    this.open.set(ip, open);
    socket.once('close', () => {
      const n = (this.open.get(ip) ?? 1) - 1;
      if (n <= 0) this.open.delete(ip);
      else this.open.set(ip, n);
    });
  }
}
