import type { Telemetry } from '../protocol';

/** Messages the simulated devices have produced and not yet handed to a driver. */
export class Outbox {
  readonly messages: Telemetry[] = [];
  private readonly seqs = new Map<string, number>();

  /** Next seq for a device id: increasing per id, as the protocol requires. */
  seq(id: string): number {
    const s = (this.seqs.get(id) ?? -1) + 1;
    this.seqs.set(id, s);
    return s;
  }

  push(msg: Telemetry): void {
    this.messages.push(msg);
  }

  drain(): Telemetry[] {
    return this.messages.splice(0);
  }
}
