import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TokenFile } from '../../server/tokens';

// The real start (`npx tsx server/index.ts`, what `npm start` runs after building) on a fresh data directory.
const dataDir = mkdtempSync(join(tmpdir(), 'gatetwin-banner-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts the server without a token file, collects stdout until the banner is complete, then stops it. */
function banner(): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, GATETWIN_SIM: 'off', PORT: '0', HOST: '127.0.0.1', GATETWIN_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  delete env.GATETWIN_TOKENS_FILE; // a first start: the server creates the token file itself
  const proc = spawn('npx', ['tsx', 'server/index.ts'], {
    cwd: process.cwd(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const stop = () => {
      if (proc.exitCode === null && proc.signalCode === null) process.kill(-proc.pid!, 'SIGKILL');
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no banner within 60 s: ${out} ${err}`));
    }, 60_000);
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (!/tokens: in /.test(out)) return;
      clearTimeout(timer);
      proc.once('exit', () => resolve(out));
      stop();
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      if (!/tokens: in /.test(out)) reject(new Error(`server exited with ${code}: ${err}`));
    });
  });
}

describe('the start banner', () => {
  it('a first start prints browser URLs with the viewer token only and names the file holding the others', async () => {
    const out = await banner();
    const path = join(dataDir, 'tokens.json');
    const file = JSON.parse(readFileSync(path, 'utf8')) as TokenFile;
    const of = (role: string) => file.tokens.filter((t) => t.role === role).map((t) => t.token);
    const [viewer] = of('viewer');
    expect(viewer).toBeDefined();
    expect(out).toMatch(new RegExp(`/wall\\?token=${viewer}\\b`));
    for (const role of ['operator', 'admin', 'device']) {
      expect(of(role).length, role).toBeGreaterThan(0);
      for (const t of of(role)) expect(out, `${role} token printed`).not.toContain(t);
    }
    expect(out).toContain(path);
    // Next to the viewer's replay link, the one an operator uses to run what-ifs: the token's place, not the token.
    const whatIf = out.split('\n').find((l) => l.includes('What-if replay:'));
    expect(whatIf, 'the what-if replay line').toBeDefined();
    expect(whatIf).toMatch(/\/replay\?token=<operator token>/);
    expect(whatIf).toContain(path);
  }, 90_000);
});
