import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureService, reachable, type ServiceSpec } from '../../scripts/services.mjs';
import { REPO_ROOT } from '../e2e/server';
import { checkServices } from './services';

// The services helper against a made-up service ("FakeDB") on a port nobody uses: the machine's Redis, Mosquitto
// and NATS are never stopped or touched. "Installed" means a fake server script on a PATH made for the test.

let dir: string;
const started: number[] = [];
const servers: Server[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatetwin-services-'));
});
afterEach(async () => {
  // Only the processes this test started, by their pid.
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  await Promise.all(servers.splice(0).map((s) => new Promise((ok) => s.close(ok))));
  rmSync(dir, { recursive: true, force: true });
});

/** A port nothing listens on (the kernel's pick, released). */
async function unusedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as { port: number }).port;
  await new Promise((ok) => s.close(ok));
  return port;
}

const fake = (port: number, bin = 'gatetwin-fakedb-server'): ServiceSpec => ({
  name: 'fakedb', label: 'FakeDB', host: '127.0.0.1', port, bin, apt: 'fakedb-server',
  start: (b) => [b, [String(port), join(dir, 'fakedb.pid')]],
});

/** An installed FakeDB: its start command daemonizes a Node TCP server on the port and writes its pid. */
function installFake(): string {
  const p = join(dir, 'gatetwin-fakedb-server');
  writeFileSync(p, `#!/bin/sh\n"${process.execPath}" -e "require('net').createServer(s => s.end()).listen(Number(process.argv[1]), '127.0.0.1')" "$1" >/dev/null 2>&1 &\necho $! > "$2"\n`);
  chmodSync(p, 0o755);
  return p;
}

describe('services helper (requireService)', () => {
  it('says a service is missing and how to install it, or throws when CI is set', async () => {
    const port = await unusedPort();
    const check = await checkServices([fake(port)], { PATH: dir });
    expect(check).toEqual({ ok: false, reason: `FakeDB is not running on 127.0.0.1:${port} and not installed (Debian: apt-get install fakedb-server)` });
    await expect(checkServices([fake(port)], { PATH: dir, CI: 'true' })).rejects.toThrow(`CI needs FakeDB on 127.0.0.1:${port}: FakeDB is not running`);
  });

  it('leaves a running service alone', async () => {
    const s = createServer((c) => c.end());
    servers.push(s);
    await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
    const port = (s.address() as { port: number }).port;
    // Its program is not even installed: answering is what counts.
    expect(await ensureService(fake(port), { pathVar: dir })).toEqual({ name: 'fakedb', ok: true, started: false });
  });

  it('starts a service that is installed but stopped, with its start command', async () => {
    const port = await unusedPort();
    installFake();
    const r = await ensureService(fake(port), { pathVar: dir });
    started.push(Number(readFileSync(join(dir, 'fakedb.pid'), 'utf8')));
    expect(r).toEqual({ name: 'fakedb', ok: true, started: true });
    expect(await reachable('127.0.0.1', port)).toBe(true);
    expect(await checkServices([fake(port)], { PATH: dir, CI: 'true' })).toEqual({ ok: true });
  });

  it('reports a start command that fails, with what it said', async () => {
    const port = await unusedPort();
    const bin = join(dir, 'gatetwin-fakedb-server');
    writeFileSync(bin, '#!/bin/sh\necho "Can\'t open the log file: Permission denied" >&2\nexit 1\n');
    chmodSync(bin, 0o755);
    const r = await ensureService(fake(port), { pathVar: dir, waitMs: 500 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(`FakeDB is installed but stopped, and \`${bin} ${port}`);
    expect(!r.ok && r.reason).toContain("Can't open the log file: Permission denied");
  });
});

describe('the run summary lists tests not run, with the reason', () => {
  // A real vitest run of a small test file that needs FakeDB, with the project's summary reporter.
  const runFixture = (env: Record<string, string>) => {
    const fixtures = join(REPO_ROOT, 'test-output', `not-run-${process.pid}`);
    mkdirSync(fixtures, { recursive: true });
    const file = join(fixtures, 'needsFakeDb.test.ts');
    writeFileSync(
      file,
      `import { expect, it } from 'vitest';
import { checkServices, describeWithServices } from '${join(REPO_ROOT, 'test/integration/services.ts')}';
const spec = { name: 'fakedb', label: 'FakeDB', host: '127.0.0.1', port: ${env.PORT}, bin: 'gatetwin-no-such-server', apt: 'fakedb-server', start: (b: string) => [b, []] as [string, string[]] };
const fakedb = await checkServices([spec], { PATH: '${dir}', ...(process.env.CI ? { CI: process.env.CI } : {}) });
describeWithServices(fakedb, 'talks to FakeDB', () => {
  it('stores a row', () => expect(1).toBe(1));
});
it('runs without FakeDB', () => expect(2).toBe(2));
`,
    );
    const config = join(fixtures, 'vitest.config.ts');
    writeFileSync(config, `export default { test: { root: '${REPO_ROOT}', include: ['${file}'], reporters: ['default', '${join(REPO_ROOT, 'test/support/notRunReporter.ts')}'] } };\n`);
    const { CI: _ci, ...base } = process.env;
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', config], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...base, ...env, NO_COLOR: '1' } });
    rmSync(fixtures, { recursive: true, force: true });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };

  it('without CI: passes, and ends with the test that did not run and why', async () => {
    const port = await unusedPort();
    const { code, out } = runFixture({ PORT: String(port) });
    expect(code, out).toBe(0);
    expect(out).toContain('Not run (1), for a reason:');
    expect(out).toContain(`needsFakeDb.test.ts › talks to FakeDB > needs services this machine does not have: FakeDB is not running on 127.0.0.1:${port} and not installed (Debian: apt-get install fakedb-server)`);
  }, 60_000);

  it('with CI set: fails, never skips', async () => {
    const port = await unusedPort();
    const { code, out } = runFixture({ PORT: String(port), CI: 'true' });
    expect(code, out).not.toBe(0);
    expect(out).toContain(`CI needs FakeDB on 127.0.0.1:${port}`);
    expect(out).not.toContain('Not run (');
  }, 60_000);
});
