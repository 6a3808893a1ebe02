import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hostname } from 'node:os';
import { pino } from 'pino';
import { createApp } from './app';
import { ScaledClock, SystemClock, type Clock } from './clock';
import { defaultEngineConfig } from './engine';
import { budgetsFromEnv, parseEnv, securityFromEnv } from './env';
import { applyConfiguration } from './protocol';
import { WorkerRecorder } from './recorder/workerRecorder';
import { niceRuntimeHelpers } from './workers/nice.mjs';
import { NICE } from './workers/spawn';
import { connectRedis, joinCluster } from './scale/cluster';
import type { NatsCluster } from './scale/nats/natsCluster';
import { LiveDriver } from './sim/liveDriver';
import { scenarioFit } from './forecast/fork';
import { loadScenario, scenarioSite } from './sim/scenario';
import { agvCrossings, loadCrossingRules, scenarioCrossingSetup } from './sim/crossingRules';
import { crossingSetup } from './engine/crossingModes';
import { atLocal, World } from './sim/world';
import { LOG_REDACT } from './security/redact';
import { loadSite } from './siteFile';
import { ensureTokenFile, firstToken, readTokenFile, TokenStore } from './tokens';

// The one place that reads the environment (one schema, server/env.ts): everything else receives its settings.
const env = (() => {
  try {
    return parseEnv(process.env);
  } catch (e) {
    console.error(`GateTwin could not start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
})();
const root = process.cwd();
const port = env.PORT;
const host = env.HOST;
const dataDir = resolve(env.GATETWIN_DATA_DIR ?? join(root, 'data'));
const simOn = env.GATETWIN_SIM === 'on';
const speed = env.GATETWIN_SIM_SPEED;
const retentionDays = env.GATETWIN_RETENTION_DAYS;
const log = pino({ level: env.LOG_LEVEL, redact: LOG_REDACT });
// Growing past one machine: each variable switches one part on (README, "Growing past one machine").
const natsUrl = env.NATS_URL;
// NATS mode replaces the Redis one (README): with both set, Redis is left alone.
const redisUrl = natsUrl ? undefined : env.REDIS_URL;
const natsReplicas = env.GATETWIN_NATS_REPLICAS;
const mqttUrl = env.MQTT_URL;
// AGVs speaking VDA 5050 over the same broker (README, "VDA 5050").
const vda5050 = env.GATETWIN_VDA5050 === 'on'
  ? { interfaceName: env.GATETWIN_VDA5050_INTERFACE, ...(env.GATETWIN_VDA5050_LOAD_TYPE ? { loadType: env.GATETWIN_VDA5050_LOAD_TYPE } : {}) }
  : undefined;
const siteId = env.GATETWIN_SITE_ID;
const nodeId = env.GATETWIN_NODE_ID ?? `${hostname()}-${process.pid}`;
const leaderTtlMs = env.GATETWIN_LEADER_TTL_MS;
// Operations and bounded storage (README, "Operations: health and metrics" and "Settings").
const metricsToken = env.GATETWIN_METRICS_TOKEN;

async function main(): Promise<void> {
  // Before any worker starts: the runtime's helper threads (which collect the readers' garbage too) yield to this one.
  const helpers = niceRuntimeHelpers(NICE.helpers);
  log.debug({ helpers, nice: NICE.helpers }, 'runtime helper threads reniced');
  const baseSite = loadSite(resolve(env.GATETWIN_SITE ?? join(root, 'assets', 'site.json')));
  const scenario = simOn ? loadScenario(env.GATETWIN_SCENARIO) : undefined;
  const configuration = env.GATETWIN_CONFIG ?? scenario?.configuration ?? 'today';
  const site = scenario ? scenarioSite(baseSite, scenario, configuration) : applyConfiguration(baseSite, configuration);
  const tokensPath = env.GATETWIN_TOKENS_FILE ?? join(dataDir, 'tokens.json');
  const tokenFile = env.GATETWIN_TOKENS_FILE ? readTokenFile(tokensPath) : ensureTokenFile(tokensPath);
  // Limits, origins, clock skew; the token file is watched so a revoked token's sockets are dropped.
  const security = {
    ...securityFromEnv(env),
    tokensFile: tokensPath,
  };
  // The built-in simulator is one device for the whole zone at `speed`× real time: give its token room for that.
  if (scenario && env.GATETWIN_INGEST_RATE === undefined) Object.assign(security, { ingestRate: Math.max(20_000, 1_000 * speed), ingestBurst: Math.max(40_000, 2_000 * speed) });
  if (vda5050 && !mqttUrl) throw new Error('GATETWIN_VDA5050=on needs MQTT_URL (the broker the vehicles use)');
  const storage = {
    whatifKeep: env.GATETWIN_WHATIF_KEEP, whatifMaxAgeDays: env.GATETWIN_WHATIF_MAX_AGE_DAYS,
    auditMaxBytes: env.GATETWIN_AUDIT_MAX_BYTES, auditKeepFiles: env.GATETWIN_AUDIT_KEEP_FILES,
  };
  const policy = env.GATETWIN_POLICY;
  // With the simulator, twin time starts at the scenario's morning and runs `speed`× the wall clock.
  const clock: Clock = scenario ? new ScaledClock(atLocal(Date.now(), scenario.start), speed) : new SystemClock();
  const clientDir = join(root, 'dist', 'client');
  const redis = redisUrl ? await connectRedis(redisUrl) : undefined;
  // A simulator restarts its world from the scenario's morning, so only real devices resume from the recording.
  const crossingRules = loadCrossingRules();
  const recorder = new WorkerRecorder(join(dataDir, 'recordings'), { restore: !scenario, meta: { configuration, policy, ...(scenario ? { scenario: scenario.id } : {}) } });
  const app = createApp({
    ...(redis ? { adapter: redis.adapter, follower: true } : natsUrl ? { follower: true, replica: true } : {}),
    site, configuration, clock, log, tokens: new TokenStore(tokenFile), security,
    recorder,
    engineConfig: defaultEngineConfig(policy),
    // The forecast's arrival model leans on the running scenario's expected demand and profile (never its draws).
    // Its advice weighs the provinces' levers under the configuration's crossing rules where trucks cross by those
    // rules: real devices (which report their way of crossing) and scenarios with a mode mix. A simulated day
    // without one models no cross-loading, so a lever's saved handling hours would be hours nobody spends there.
    forecast: {
      ...(scenario ? { fit: scenarioFit(scenario) } : {}),
      ...(!scenario
        ? { modes: crossingSetup(crossingRules, configuration, { agvCrossings: agvCrossings(site) }) }
        : scenario.crossingModes
          ? { modes: scenarioCrossingSetup(crossingRules, site, scenario, configuration) }
          : {}),
    },
    baseSite,
    ...(retentionDays !== undefined ? { retentionDays } : {}),
    ...Object.fromEntries(Object.entries(storage).filter(([, v]) => v !== undefined)),
    ...(metricsToken ? { metricsToken } : {}),
    readers: budgetsFromEnv(env),
    ...(existsSync(clientDir) ? { clientDir } : {}),
  });
  // Devices are let in once what they send can be made durable (the thread loads while the twin is restored).
  await recorder.ready();
  return app.listen(port, host).then(async (addr) => {
    // Loaded only in NATS mode: the embedded default stays as it was.
    const nats: NatsCluster | undefined = natsUrl
      ? await (await import('./scale/nats/natsCluster')).joinNatsCluster(app, {
          url: natsUrl, site: siteId, nodeId, log, dataDir, recorder, logSettings: { replicas: natsReplicas },
          ...(mqttUrl ? { mqttUrl } : {}), ...(vda5050 ? { vda5050 } : {}), ...(leaderTtlMs !== undefined ? { leaderTtlMs } : {}),
        })
      : undefined;
    const leaveCluster = nats
      ? () => nats.stop()
      : await joinCluster(app, redis?.client, {
          site: siteId, nodeId, log, ...(redisUrl ? { redisUrl } : {}), ...(mqttUrl ? { mqttUrl } : {}), ...(vda5050 ? { vda5050 } : {}), ...(leaderTtlMs !== undefined ? { leaderTtlMs } : {}),
        });
    const base = `http://${addr.address === '0.0.0.0' || addr.address === '::' ? 'localhost' : addr.address}:${addr.port}`;
    console.log(`GateTwin listening on ${base}`);
    // Only the viewer token is printed: a banner ends up in terminals, logs and screenshots. The others stay in the file.
    const viewer = firstToken(tokenFile, 'viewer');
    if (viewer) {
      console.log(`  Executive view:  ${base}/?token=${viewer}`);
      console.log(`  Wall display:    ${base}/wall?token=${viewer}`);
      console.log(`  Replay:          ${base}/replay?token=${viewer}`);
    }
    // The replay that can run what-ifs needs an operator's token: the link says where to find it, never what it is.
    if (firstToken(tokenFile, 'operator') ?? firstToken(tokenFile, 'admin')) {
      console.log(`  What-if replay:  ${base}/replay?token=<operator token>  (the operator token is in ${tokensPath})`);
    }
    console.log(`  Operator, admin and device tokens: in ${tokensPath} (open a screen with ?token=<operator token>)`);
    if (!existsSync(clientDir)) console.log('  (no built client in dist/client: run `npm run build`, or `npm start` which builds it)');
    let driver: LiveDriver | undefined;
    if (scenario) {
      const device = firstToken(tokenFile, 'device');
      if (!device) throw new Error('the simulator needs a token with role "device" in the token file');
      driver = new LiveDriver(new World(site, scenario, clock.now()), { url: base, token: device, clock, log: (m) => log.warn(m) });
      driver.start();
      console.log(`  Simulator:       scenario "${scenario.id}" at ${speed}× (GATETWIN_SIM=off to run without it)`);
    }
    if (redis) console.log(`  Cluster:         node ${nodeId} of site "${siteId}" (Redis fan-out; one engine leader)`);
    if (nats) console.log(`  Cluster:         node ${nodeId} of site "${siteId}" (NATS JetStream log, R${natsReplicas}; every gateway a replica)`);
    if (mqttUrl) console.log(`  MQTT ingest:     gatetwin/${siteId}/<kind>/<id> on ${mqttUrl}`);
    if (vda5050) console.log(`  VDA 5050:        ${vda5050.interfaceName}/v2/<manufacturer>/<serialNumber>/… on ${mqttUrl}`);
    const stop = () => {
      // Shutting down must not hang on a broker or Redis that stopped answering.
      setTimeout(() => process.exit(0), 5_000).unref();
      driver?.stop();
      void leaveCluster()
        .then(() => app.close())
        .then(() => redis?.client.quit())
        .finally(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

main().catch((e: unknown) => {
  console.error(`GateTwin could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
