import { WebSocketServer } from 'ws';
import { sampleCpu } from './shared';

// The baseline: a bare `ws` server that only JSON-parses each batch and replies with the count. Prints {"port"};
// stops when its parent closes stdin, or after `maxMs` (argv[2]), printing its CPU samples ({"cpu"}).
const maxMs = Number(process.argv[2] ?? 120_000);
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 8 * 1024 * 1024 });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    const batch = JSON.parse(isBinary ? String(data) : data.toString()) as unknown[];
    ws.send(`{"count":${batch.length}}`);
  });
});
wss.on('listening', () => {
  const a = wss.address();
  process.stdout.write(`${JSON.stringify({ port: typeof a === 'string' || a === null ? 0 : a.port })}\n`);
});
const cpu = sampleCpu();
const stop = () => {
  process.stdout.write(`${JSON.stringify({ cpu: cpu.samples })}\n`);
  wss.close();
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
setTimeout(stop, maxMs).unref();
