import { pino } from 'pino';
import { describe, it } from 'vitest';
import type { AppDeps } from '../../server/app';
import { joinCluster } from '../../server/scale/cluster';
import { SERVICES, ensureService, type ServiceSpec } from '../../scripts/services.mjs';
import { startServer, type Harness } from './harness';

/** A machine service tests may need: Redis :6379, Mosquitto :1883, NATS (JetStream) :4222, all on 127.0.0.1. */
export type ServiceName = keyof typeof SERVICES;

/** Whether the services a test file needs are there, and if not, why. */
export type ServiceCheck = { ok: true } | { ok: false; reason: string };

/**
 * Makes sure the given services answer, starting any that is installed but stopped. Without one, the answer says why
 * (and the tests that need it are listed as not run); with `CI` set it throws instead, so CI fails, never skips.
 */
export async function checkServices(specs: ServiceSpec[], env: NodeJS.ProcessEnv = process.env, opts: { waitMs?: number } = {}): Promise<ServiceCheck> {
  const results = await Promise.all(specs.map((s) => ensureService(s, { ...opts, ...(env.PATH ? { pathVar: env.PATH } : {}) })));
  const reasons = results.flatMap((r) => (r.ok ? [] : [r.reason]));
  if (reasons.length === 0) return { ok: true };
  const reason = reasons.join('; ');
  if (env.CI) throw new Error(`CI needs ${specs.map((s) => `${s.label} on ${s.host}:${s.port}`).join(', ')}: ${reason}`);
  return { ok: false, reason };
}

/** `await requireService('redis', 'mosquitto')` at the top of a test file: the machine's services, by name. */
export function requireService(...names: ServiceName[]): Promise<ServiceCheck> {
  return checkServices(names.map((n) => SERVICES[n]));
}

/**
 * `describe` when the services are there. Otherwise the suite's body is not even collected (its hooks would fail);
 * one test stands in for it, skipped with the reason, which the run's summary lists under "not run".
 */
export function describeWithServices(check: ServiceCheck, name: string, body: () => void): void {
  if (check.ok) describe(name, body);
  else
    describe(name, () => {
      it('needs services this machine does not have', (ctx) => ctx.skip(`not run: ${check.reason}`));
    });
}

/** The machine's MQTT broker (Mosquitto). */
export const MQTT = { host: SERVICES.mosquitto.host, port: SERVICES.mosquitto.port, url: `mqtt://${SERVICES.mosquitto.host}:${SERVICES.mosquitto.port}` };

/** True when Mosquitto answers (started if installed but stopped); throws in CI when it does not. */
export async function needMosquitto(): Promise<boolean> {
  return (await requireService('mosquitto')).ok;
}

/** A site id (and topic prefix) no other test run shares on the broker. */
export const uniqueSite = (tag: string) => `${tag}-${process.pid}-${Date.now().toString(36)}`;

/**
 * A real server whose MQTT and VDA 5050 bridges speak to this machine's Mosquitto (`siteId`'s topics, VDA 5050
 * interface `iface`). `close` stops the given device-side parts first (in order), then the bridges and the server.
 */
export async function startMqttGateway(over: Partial<AppDeps>, siteId: string, nodeId: string, iface: string): Promise<{ h: Harness; close: (...first: (() => Promise<unknown> | undefined)[]) => Promise<void> }> {
  const h = await startServer(over);
  const leave = await joinCluster(h.app, undefined, { site: siteId, nodeId, log: pino({ level: 'silent' }), mqttUrl: MQTT.url, vda5050: { interfaceName: iface } });
  return {
    h,
    close: async (...first) => {
      for (const stop of first) await stop();
      await leave();
      await h.close();
    },
  };
}

