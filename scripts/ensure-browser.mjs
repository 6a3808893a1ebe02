// `npm test` runs this first (npm's `pretest`), and so does CI: the browser tests need a Chromium. It finds one
// (CHROMIUM_PATH, else chromium / chromium-browser / google-chrome on PATH) and checks that it runs; without one it
// installs Debian's packages when it may (root, apt-get present), and otherwise stops at once with the command to
// run. GATETWIN_APT=off never installs; GATETWIN_APT=on tries apt-get even when not root (its tests use a fake).
import { spawnSync } from 'node:child_process';
import { APT_PACKAGES, DEBIAN_CHROMIUM, aptCommand, findChromium, isExecutable, onPath } from './chromium.mjs';

const env = process.env;
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const aptMode = env.GATETWIN_APT === 'off' || env.GATETWIN_APT === 'on' ? env.GATETWIN_APT : 'auto';

/** Stops with the reason and what to do about it. */
function fail(reason, hint = howToInstall()) {
  console.error(`ensure-browser: ${reason}\n${hint}`);
  process.exit(1);
}

function howToInstall() {
  const apt = onPath('apt-get', env.PATH) !== null;
  const lines = apt
    ? ['Install Debian\'s Chromium and the CJK fonts, then run npm test again:', `  ${aptCommand(root)}`]
    : ['Install Chromium with your system\'s package manager, then run npm test again.'];
  lines.push('Or point the tests at a Chromium or Chrome you have:', '  CHROMIUM_PATH=/path/to/chromium npm test');
  return lines.join('\n');
}

/** The browser's `--version` line, or null (with why) when it does not run. */
function version(path) {
  const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  return r.status === 0 && line ? { line } : { line: null, why: r.error?.message ?? ((r.stderr ?? '').trim() || `exit code ${r.status}`) };
}

function use(path, how) {
  const v = version(path);
  if (!v.line) fail(`${path} does not run (${v.why})`);
  console.log(`ensure-browser: ${v.line} at ${path} (${how})`);
  process.exit(0);
}

/** Runs apt-get non-interactively; true when it succeeded. */
function apt(args) {
  const r = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
}

const found = findChromium(env);
if (found.path) use(found.path, found.from === 'CHROMIUM_PATH' ? 'from CHROMIUM_PATH' : 'found on PATH');
if (found.problem) fail(found.problem);

const mayInstall = aptMode !== 'off' && onPath('apt-get', env.PATH) !== null && (root || aptMode === 'on');
if (!mayInstall) {
  const why = aptMode === 'off' ? 'GATETWIN_APT=off, so it is not installed' : !onPath('apt-get', env.PATH) ? 'there is no apt-get to install it' : 'only root may install it';
  fail(`no Chromium found for the browser tests; ${why}.`);
}
console.log(`ensure-browser: no Chromium found; installing Debian's ${APT_PACKAGES.join(' and ')} with apt-get…`);
if (!apt(['update', '-qq'])) fail('apt-get update failed.');
if (!apt(['install', '-y', '-qq', ...APT_PACKAGES])) fail(`apt-get install ${APT_PACKAGES.join(' ')} failed.`);
const after = findChromium(env);
if (after.path) use(after.path, 'installed with apt-get');
// The tests look where this script looks (test/e2e/browser.ts shares the search): say how to point them there.
if (isExecutable(DEBIAN_CHROMIUM)) fail(`apt-get installed Chromium at ${DEBIAN_CHROMIUM}, which is not on PATH.`, `Run: CHROMIUM_PATH=${DEBIAN_CHROMIUM} npm test`);
fail(`apt-get installed ${APT_PACKAGES.join(' ')}, but no Chromium is on PATH or at ${DEBIAN_CHROMIUM}.`);
