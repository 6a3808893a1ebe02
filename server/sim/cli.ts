import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ScaledClock } from '../clock';
import { POLICY_NAMES, PolicyNameSchema } from '../protocol';
import { loadSite } from '../siteFile';
import { runHeadless } from './headless';
import { LiveDriver } from './liveDriver';
import { MqttDriver } from './mqttDriver';
import { VdaFleet } from './vdaFleet';
import { loadScenario, scenarioSite } from './scenario';
import { atLocal, World } from './world';

// `npm run sim -- …`: play devices against a server (--url, --token), or simulate a day headless (--headless).
const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    token: { type: 'string' },
    scenario: { type: 'string', default: 'normal' },
    speed: { type: 'string', default: '1' },
    site: { type: 'string', default: join(process.cwd(), 'assets', 'site.json') },
    config: { type: 'string' },
    policy: { type: 'string', default: 'default' },
    hours: { type: 'string', default: '24' },
    headless: { type: 'boolean', default: false },
    mqtt: { type: 'string' },
    'site-id': { type: 'string', default: 'lang-son' },
    vda5050: { type: 'boolean', default: false },
    'vda5050-interface': { type: 'string', default: 'uagv' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`usage:
  npm run sim -- --url http://127.0.0.1:8080 --token <device token> [--scenario normal] [--speed 1]
  npm run sim -- --mqtt mqtt://127.0.0.1:1883 [--site-id lang-son] [--vda5050 [--vda5050-interface uagv]] [--scenario normal] [--speed 1]
  npm run sim -- --headless [--scenario fruit-peak] [--policy ${POLICY_NAMES.join('|')}] [--config 2027-target] [--hours 24] [--json]`);
  process.exit(0);
}

const scenario = loadScenario(values.scenario);
const site = scenarioSite(loadSite(resolve(values.site)), scenario, values.config ?? scenario.configuration);
const parsedPolicy = PolicyNameSchema.safeParse(values.policy);
if (!parsedPolicy.success) {
  console.error(`--policy ${values.policy}: one of ${POLICY_NAMES.join(', ')}`);
  process.exit(2);
}
const policy = parsedPolicy.data;

if (values.headless) {
  const t0 = performance.now();
  const r = runHeadless(site, scenario, { policy, hours: Number(values.hours) });
  const wallS = (performance.now() - t0) / 1000;
  const summary = { scenario: scenario.id, policy, configuration: values.config ?? scenario.configuration, simulatedHours: Number(values.hours), wallSeconds: +wallS.toFixed(2), messages: r.messages, day: r.day, kpi: r.kpi };
  if (values.json) console.log(JSON.stringify(summary));
  else {
    console.log(`${scenario.id} (${policy}): ${values.hours} h simulated in ${wallS.toFixed(1)} s, ${r.messages} messages`);
    console.log(`  cleared ${r.day.cleared}; wait mean ${r.day.waitMeanMin} min, p95 ${r.day.waitP95Min} min; perishable p95 ${r.day.perishableWaitP95Min} min; waiting at 20:00: ${r.day.waitingAt20 ?? '–'}`);
    for (const c of r.day.byCrossing) console.log(`  ${c.crossing} ${c.direction}: cleared ${c.cleared}, wait mean ${c.waitMeanMin} min, p95 ${c.waitP95Min} min`);
  }
} else if (values.mqtt) {
  // Devices on a broker: gatetwin/<site-id>/… topics, and with --vda5050 the AGVs as VDA 5050 vehicles.
  const speed = Number(values.speed);
  const clock = new ScaledClock(speed === 1 ? Date.now() : atLocal(Date.now(), scenario.start), speed);
  const world = new World(site, scenario, clock.now());
  const driver = new MqttDriver(world, { url: values.mqtt, site: values['site-id'], clock, log: console.warn, ...(values.vda5050 ? { skip: new Set(['agv'] as const) } : {}) });
  const fleet = values.vda5050 ? new VdaFleet(world, site, { url: values.mqtt, interfaceName: values['vda5050-interface'], speed }) : undefined;
  await Promise.all([driver.start(), fleet?.start()]);
  console.log(`simulating "${scenario.id}" at ${speed}× as MQTT devices on ${values.mqtt} (gatetwin/${values['site-id']}/…)${fleet ? `, ${fleet.vehicles.length} AGVs on VDA 5050 (${values['vda5050-interface']}/v2/…)` : ''}`);
  setInterval(() => console.log(JSON.stringify(driver.counters)), 10_000).unref();
  process.on('SIGINT', () => {
    void Promise.all([driver.stop(), fleet?.stop()]).finally(() => process.exit(0));
  });
} else {
  if (values.vda5050) throw new Error('--vda5050 needs --mqtt <broker URL>');
  if (!values.token) throw new Error('--token <device token> is required to connect (see data/tokens.json)');
  const speed = Number(values.speed);
  const clock = new ScaledClock(speed === 1 ? Date.now() : atLocal(Date.now(), scenario.start), speed);
  const driver = new LiveDriver(new World(site, scenario, clock.now()), { url: values.url, token: values.token, clock, log: console.warn });
  driver.start();
  console.log(`simulating "${scenario.id}" at ${speed}× against ${values.url}`);
  setInterval(() => console.log(JSON.stringify(driver.counters)), 10_000).unref();
  process.on('SIGINT', () => {
    driver.stop();
    process.exit(0);
  });
}
