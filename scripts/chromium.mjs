// Where the browser tests find Chromium. Shared by the pretest step (scripts/ensure-browser.mjs), which installs it
// when it can, and the e2e helpers (test/e2e/browser.ts), which launch it: both must agree on the same binary.
// Plain Node (no dependencies): it runs before anything else on a fresh machine.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Names a Chromium (or Chrome) binary goes by on PATH, most likely first. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];
/** Where Debian's `chromium` package puts its launcher. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
/** Debian packages the browser tests need: the browser, and CJK fonts for the Chinese labels it draws. */
export const APT_PACKAGES = ['chromium', 'fonts-noto-cjk'];

/** True when `path` is a regular file this process may execute. */
export function isExecutable(path) {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable called `name` in the directories of a PATH string, or null. */
export function onPath(name, pathVar) {
  for (const dir of (pathVar ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

/**
 * Finds Chromium: `CHROMIUM_PATH` when set (and then only there: a wrong setting is reported, not worked around),
 * else the usual names on PATH. Returns `{ path, from }`, or `{ path: null, problem? }`.
 */
export function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) {
    return isExecutable(env.CHROMIUM_PATH)
      ? { path: env.CHROMIUM_PATH, from: 'CHROMIUM_PATH' }
      : { path: null, problem: `CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file: point it at Chromium, or unset it` };
  }
  for (const name of CHROMIUM_NAMES) {
    const path = onPath(name, env.PATH);
    if (path) return { path, from: 'PATH' };
  }
  return { path: null };
}

/** The command that installs the browser tests' packages, with `sudo` when not run as root. */
export function aptCommand(root) {
  const sudo = root ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y ${APT_PACKAGES.join(' ')}`;
}
