import { startWorker } from './workers/shared';
async function measure(server: string, mode: string): Promise<number> {
  const srv = startWorker(server, [60_000]);
  const { port } = await srv.next<{ port: number }>(120_000);
  const gen = startWorker('ingestLoad', [mode, port, 1000, 5000, 2, 4, 0, 1]);
  const r = await gen.next<{ acked: number; seconds: number }>(130_000);
  await gen.stop(); await srv.stop();
  return r.acked / r.seconds;
}
const out: string[] = [];
for (let i = 0; i < 2; i++) {
  const ws = await measure('wsServer', 'ws');
  const ours = await measure('benchServer', 'sio');
  out.push(`ws ${Math.round(ws)} ours ${Math.round(ours)} ratio ${(ours / ws).toFixed(3)}`);
}
console.log(out.join('\n'));
