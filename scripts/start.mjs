// `npm start`: build the client when it is missing or older than its sources, then run the server
// (which starts the simulator unless GATETWIN_SIM=off).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((t, e) => {
    const p = join(dir, e.name);
    return Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);

const built = join('dist', 'client', 'index.html');
const sources = Math.max(newest('client'), newest(join('server', 'protocol')), statSync('vite.config.ts').mtimeMs);
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  console.log('Building the client…');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// The default day shows the ways cargo crosses (modes and third-country vehicles on every truck); GATETWIN_SCENARIO
// picks another one.
const env = { ...process.env, GATETWIN_SCENARIO: process.env.GATETWIN_SCENARIO ?? 'normal-modes' };
const server = spawn('npx', ['tsx', 'server/index.ts'], { stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));
