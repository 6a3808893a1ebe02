import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './server';

/** Newest modification time of any file under `dir` (recursive). */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds the client once before the e2e tests when dist/client is missing or older than its sources. */
export default function setup(): void {
  const built = join(REPO_ROOT, 'dist', 'client', 'index.html');
  const sources = Math.max(newest(join(REPO_ROOT, 'client')), newest(join(REPO_ROOT, 'server', 'protocol')), statSync(join(REPO_ROOT, 'vite.config.ts')).mtimeMs, statSync(join(REPO_ROOT, 'package-lock.json')).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  execFileSync('npx', ['vite', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
}
