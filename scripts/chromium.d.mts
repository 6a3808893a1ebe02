// Types of scripts/chromium.mjs (plain Node, so that it runs before any dependency is installed).

/** Names a Chromium (or Chrome) binary goes by on PATH, most likely first. */
export declare const CHROMIUM_NAMES: readonly string[];
/** Where Debian's `chromium` package puts its launcher. */
export declare const DEBIAN_CHROMIUM: string;
/** Debian packages the browser tests need. */
export declare const APT_PACKAGES: readonly string[];
/** True when `path` is a regular file this process may execute. */
export declare function isExecutable(path: string): boolean;
/** The first executable called `name` in the directories of a PATH string, or null. */
export declare function onPath(name: string, pathVar: string | undefined): string | null;
/** Where Chromium is (`CHROMIUM_PATH`, else the usual names on PATH), or why it is not. */
export declare function findChromium(env?: NodeJS.ProcessEnv): { path: string; from: 'CHROMIUM_PATH' | 'PATH' } | { path: null; problem?: string };
/** The command that installs the browser tests' packages, with `sudo` when not run as root. */
export declare function aptCommand(root: boolean): string;
