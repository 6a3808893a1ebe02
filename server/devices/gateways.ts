/** A device bridge (MQTT, VDA 5050) as the health endpoint sees it. */
export interface DeviceGateway {
  readonly name: string;
  /** Counters, refusals by reason, connection: served under `devices.<name>` in `GET /api/health`. */
  health(): unknown;
}

/**
 * The device bridges running in this process. Bridges come and go with leadership (only the engine leader
 * subscribes), so they register themselves; refusals they count are also mirrored into the security counters.
 */
export class DeviceGateways {
  private readonly gateways = new Map<string, DeviceGateway>();

  constructor(readonly onRefused: (n: number) => void = () => {}) {}

  add(g: DeviceGateway): void {
    this.gateways.set(g.name, g);
  }

  remove(name: string): void {
    this.gateways.delete(name);
  }

  /** Every bridge's health, by name. */
  snapshot(): { [name: string]: unknown } {
    const out: { [name: string]: unknown } = {};
    for (const [name, g] of this.gateways) out[name] = g.health();
    return out;
  }
}
