import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root (tests run with it as the working directory, but do not rely on that). */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** A real GateTwin server started for a test, with its own tokens and data directory. */
export interface TestServer {
  url: string;
  viewerToken: string;
  operatorToken: string;
  dataDir: string;
  process: ChildProcess;
  /** Output so far, for failure messages. */
  output(): string;
  /** Stops the server (SIGTERM, then SIGKILL) and, unless kept, removes its files. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

/** Options: extra environment, a fixed port (to restart on the same one), a data directory to reuse. */
export interface StartOptions {
  env?: Record<string, string>;
  port?: number;
  dataDir?: string;
  timeoutMs?: number;
}

/** Spawns `npx tsx server/index.ts` on a free port with the simulator on, and waits for its listening line. */
export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'gatetwin-e2e-'));
  const viewerToken = 'e2e-viewer-token-0123456789';
  const operatorToken = 'e2e-operator-token-0123456789';
  const tokensFile = join(dataDir, 'e2e-tokens.json');
  writeFileSync(
    tokensFile,
    JSON.stringify({
      tokens: [
        { token: viewerToken, role: 'viewer' },
        { token: operatorToken, role: 'operator' },
        { token: 'e2e-device-token-0123456789', role: 'device' },
      ],
    }),
  );
  // detached: npx starts a process tree; we stop the whole group.
  const child = spawn('npx', ['tsx', 'server/index.ts'], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(opts.port ?? 0),
      HOST: '127.0.0.1',
      GATETWIN_TOKENS_FILE: tokensFile,
      GATETWIN_DATA_DIR: dataDir,
      GATETWIN_SIM: 'on',
      ...opts.env,
    },
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start within ${opts.timeoutMs ?? 60_000} ms:\n${out}`)), opts.timeoutMs ?? 60_000);
    const check = () => {
      const m = /GateTwin listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
  const stop = async ({ keepData = false }: { keepData?: boolean } = {}) => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (!keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, viewerToken, operatorToken, dataDir, process: child, output: () => out, stop };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}
