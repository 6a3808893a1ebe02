import { connect as netConnect } from 'node:net';

// The machine's brokers. Tests that need them are skipped on a developer's machine without them, but fail in CI
// (CI=true), where the services are part of the contract.
export const MQTT = { host: '127.0.0.1', port: 1883, url: 'mqtt://127.0.0.1:1883' };

/** Whether a TCP service answers. */
export function reachable(p: { host: string; port: number }): Promise<boolean> {
  return new Promise<boolean>((ok) => {
    const s = netConnect(p, () => (s.end(), ok(true)));
    s.on('error', () => ok(false));
    s.setTimeout(1_000, () => (s.destroy(), ok(false)));
  });
}

/** True when Mosquitto runs; throws in CI when it does not. */
export async function needMosquitto(): Promise<boolean> {
  const up = await reachable(MQTT);
  if (!up && process.env.CI) throw new Error('CI needs Mosquitto on 127.0.0.1:1883 for the MQTT and VDA 5050 tests');
  return up;
}

/** A site id (and topic prefix) no other test run shares on the broker. */
export const uniqueSite = (tag: string) => `${tag}-${process.pid}-${Date.now().toString(36)}`;
