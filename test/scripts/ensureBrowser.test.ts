import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../e2e/server';

// The pretest step, run as `npm test` runs it, in a PATH made for each case: an empty one (no Chromium, no apt-get),
// one with a fake Chromium, one with a fake apt-get that "installs" a fake Chromium. The machine's own Chromium and
// apt are never touched.
const SCRIPT = join(REPO_ROOT, 'scripts', 'ensure-browser.mjs');
/** If the script waited for anything (a browser appearing, a network), this kills it and the test fails. */
const HANG_MS = 15_000;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatetwin-ensure-browser-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(env: Record<string, string>) {
  const r = spawnSync(process.execPath, [SCRIPT], { env: { HOME: dir, PATH: dir, ...env }, encoding: 'utf8', timeout: HANG_MS });
  expect(r.signal, `the script hung:\n${r.stdout}${r.stderr}`).toBeNull();
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function script(name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

const FAKE_CHROMIUM = 'echo "Chromium 999.0.0.1 fake"';
/** A fake apt-get: logs each call with its DEBIAN_FRONTEND, and on `install` puts a fake chromium on PATH. */
const fakeApt = (installExit = 0) =>
  script('apt-get', `echo "DEBIAN_FRONTEND=$DEBIAN_FRONTEND $*" >> "${dir}/apt.log"
case "$1" in install) if [ ${installExit} -ne 0 ]; then echo "E: Unable to locate package chromium" >&2; exit ${installExit}; fi
  printf '#!/bin/sh\\n${FAKE_CHROMIUM}\\n' > "${dir}/chromium"; /bin/chmod 755 "${dir}/chromium";; esac`);

describe('scripts/ensure-browser.mjs (npm pretest)', () => {
  it('without Chromium and with installing switched off, fails at once with the apt command and CHROMIUM_PATH', () => {
    fakeApt();
    const { code, out } = run({ GATETWIN_APT: 'off' });
    expect(code).toBe(1);
    expect(out).toContain('no Chromium found');
    expect(out).toMatch(/apt-get update && (sudo )?apt-get install -y chromium fonts-noto-cjk/);
    expect(out).toContain('CHROMIUM_PATH=/path/to/chromium npm test');
    expect(existsSync(join(dir, 'apt.log')), 'apt-get was not called').toBe(false);
  });

  it('without Chromium or apt-get, fails at once and says to install Chromium some other way', () => {
    const { code, out } = run({});
    expect(code).toBe(1);
    expect(out).toContain('there is no apt-get to install it');
    expect(out).toContain("Install Chromium with your system's package manager");
    expect(out).toContain('CHROMIUM_PATH=');
  });

  it('uses the Chromium that CHROMIUM_PATH names, after checking that it runs', () => {
    const chromium = script('my-chrome', FAKE_CHROMIUM);
    const { code, out } = run({ CHROMIUM_PATH: chromium, GATETWIN_APT: 'off' });
    expect(code).toBe(0);
    expect(out).toContain(`Chromium 999.0.0.1 fake at ${chromium} (from CHROMIUM_PATH)`);
  });

  it('finds chromium-browser on PATH', () => {
    const chromium = script('chromium-browser', FAKE_CHROMIUM);
    const { code, out } = run({ GATETWIN_APT: 'off' });
    expect(code).toBe(0);
    expect(out).toContain(`at ${chromium} (found on PATH)`);
  });

  it('refuses a CHROMIUM_PATH that is not an executable, without installing anything', () => {
    fakeApt();
    const { code, out } = run({ CHROMIUM_PATH: join(dir, 'nowhere'), GATETWIN_APT: 'on' });
    expect(code).toBe(1);
    expect(out).toContain(`CHROMIUM_PATH=${join(dir, 'nowhere')} is not an executable file`);
    expect(existsSync(join(dir, 'apt.log'))).toBe(false);
  });

  it('refuses a Chromium that does not run, with its error', () => {
    script('chromium', 'echo "error while loading shared libraries: libnss3.so" >&2; exit 127');
    const { code, out } = run({ GATETWIN_APT: 'off' });
    expect(code).toBe(1);
    expect(out).toContain('does not run (error while loading shared libraries: libnss3.so)');
  });

  it('installs Debian’s chromium and fonts-noto-cjk with apt-get, non-interactively, when it may', () => {
    fakeApt();
    const { code, out } = run({ GATETWIN_APT: 'on' });
    expect(code, out).toBe(0);
    expect(readFileSync(join(dir, 'apt.log'), 'utf8').trim().split('\n')).toEqual(['DEBIAN_FRONTEND=noninteractive update -qq', 'DEBIAN_FRONTEND=noninteractive install -y -qq chromium fonts-noto-cjk']);
    expect(out).toContain(`Chromium 999.0.0.1 fake at ${join(dir, 'chromium')} (installed with apt-get)`);
  });

  it('reports a failed install with the command to run by hand', () => {
    fakeApt(100);
    const { code, out } = run({ GATETWIN_APT: 'on' });
    expect(code).toBe(1);
    expect(out).toContain('E: Unable to locate package chromium');
    expect(out).toContain('apt-get install chromium fonts-noto-cjk failed');
    expect(out).toMatch(/apt-get install -y chromium fonts-noto-cjk/);
  });
});
