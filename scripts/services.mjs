// The machine services some tests need (Redis, Mosquitto, NATS with JetStream, on 127.0.0.1): a service that is
// installed but stopped is started with the same command CI always used. Shared by the pretest step
// (`node scripts/services.mjs`, run by `npm test` and so by CI) and the tests' helper (test/integration/services.ts),
// so a single test file run with `npx vitest` gets them too. Plain Node, no dependencies.
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { pathToFileURL } from 'node:url';
import { isExecutable, onPath } from './chromium.mjs';

/** Directories searched besides PATH: daemons live in sbin, which a user's PATH often lacks. */
const SYSTEM_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** The services, by the name tests ask for them. `start(bin, find)` gives the command that starts one in the background. */
export const SERVICES = {
  redis: {
    name: 'redis', label: 'Redis', host: '127.0.0.1', port: 6379, bin: 'redis-server', apt: 'redis-server',
    start: (bin) => [bin, ['--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', '6379', '--save', '', '--appendonly', 'no', '--dir', '/var/lib/redis', '--logfile', '/var/log/redis/ci.log']],
  },
  mosquitto: {
    name: 'mosquitto', label: 'Mosquitto', host: '127.0.0.1', port: 1883, bin: 'mosquitto', apt: 'mosquitto',
    start: (bin) => [bin, ['-d', '-c', '/etc/mosquitto/mosquitto.conf']],
  },
  nats: {
    name: 'nats', label: 'NATS', host: '127.0.0.1', port: 4222, bin: 'nats-server', apt: 'nats-server',
    start: (bin, find) => [find('start-stop-daemon') ?? 'start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', bin, '--', '-a', '127.0.0.1', '-p', '4222', '-js', '-sd', '/var/lib/nats-server', '-l', '/var/log/nats-server.log']],
  },
};

/** Where an installed program is: on PATH, else in the usual system directories; null when not installed. */
export function locate(name, pathVar = process.env.PATH) {
  if (name.includes('/')) return isExecutable(name) ? name : null;
  return onPath(name, pathVar) ?? SYSTEM_DIRS.map((d) => `${d}/${name}`).find(isExecutable) ?? null;
}

/** Whether something accepts a TCP connection on host:port within `timeoutMs`. */
export function reachable(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    s.setTimeout(timeoutMs, () => done(false));
  });
}

/**
 * Makes a service answer: `{ ok: true, started }` when it answers (after starting it if it was installed but
 * stopped), else `{ ok: false, reason }` saying why and how to install it.
 */
export async function ensureService(spec, { waitMs = 10_000, pathVar = process.env.PATH } = {}) {
  const where = `${spec.host}:${spec.port}`;
  if (await reachable(spec.host, spec.port)) return { name: spec.name, ok: true, started: false };
  const bin = locate(spec.bin, pathVar);
  if (!bin) return { name: spec.name, ok: false, reason: `${spec.label} is not running on ${where} and not installed (Debian: apt-get install ${spec.apt})` };
  const [cmd, args] = spec.start(bin, (n) => locate(n, pathVar));
  // The start commands daemonize: they return once the service is on its way, with their output closed.
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
  const said = `${r.error?.message ?? ''} ${r.stderr ?? ''} ${r.stdout ?? ''}`.trim().replace(/\s+/g, ' ').slice(0, 300);
  for (const until = Date.now() + waitMs; Date.now() < until; await new Promise((ok) => setTimeout(ok, 200))) {
    if (await reachable(spec.host, spec.port)) return { name: spec.name, ok: true, started: true };
  }
  return { name: spec.name, ok: false, reason: `${spec.label} is installed but stopped, and \`${cmd} ${args.join(' ')}\` did not bring it up on ${where}${said ? `: ${said}` : ''}` };
}

// Run directly: start what is installed and stopped, say what is missing. Under CI a missing service fails the run.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const names = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(SERVICES);
  const unknown = names.filter((n) => !(n in SERVICES));
  if (unknown.length) {
    console.error(`services: unknown ${unknown.join(', ')} (known: ${Object.keys(SERVICES).join(', ')})`);
    process.exit(2);
  }
  const results = await Promise.all(names.map((n) => ensureService(SERVICES[n])));
  for (const r of results) {
    const s = SERVICES[r.name];
    console.log(r.ok ? `services: ${s.label} ${r.started ? 'started' : 'answers'} on ${s.host}:${s.port}` : `services: ${r.reason}; the tests that need it will be listed as not run`);
  }
  if (process.env.CI && results.some((r) => !r.ok)) process.exit(1);
}
