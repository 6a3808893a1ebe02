import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOKENS } from './harness';

/** A server running as a real child process (`npx tsx server/index.ts`), in its own process group. */
export interface ChildServer {
  url: string;
  proc: ChildProcess;
  /** SIGKILL to the whole group (npx, tsx and the server), like `kill -9` on the service. */
  kill(): Promise<void>;
}

/** Writes a token file with the harness's tokens into `dir` and returns its path. */
export function writeTokens(dir: string): string {
  const path = join(dir, 'tokens.json');
  writeFileSync(path, JSON.stringify({ tokens: Object.entries(TOKENS).map(([role, token]) => ({ token, role, id: `${role}-child` })) }));
  return path;
}

/** Starts the server without the simulator on a free port; resolves once it printed where it listens. */
export function startChild(dataDir: string, tokensFile: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const proc = spawn('npx', ['tsx', 'server/index.ts'], {
    cwd: process.cwd(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GATETWIN_SIM: 'off', PORT: '0', HOST: '127.0.0.1', GATETWIN_DATA_DIR: dataDir, GATETWIN_TOKENS_FILE: tokensFile, LOG_LEVEL: 'silent', ...env },
  });
  const kill = () =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      process.kill(-proc.pid!, 'SIGKILL');
    });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`server did not start within 30 s: ${out} ${err}`));
    }, 30_000);
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /GateTwin listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, proc, kill });
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${err}`));
    });
  });
}
