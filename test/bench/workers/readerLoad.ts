import { io, type Socket } from 'socket.io-client';
import { BENCH_TOKENS, benchViewerToken } from './shared';

// Reader load for the "writers never wait for readers" benchmark, a separate process. Mode `readers`: 60 replay
// sessions (10 viewer tokens × 6) of `day` playing at 3,600×, each seeking to a random instant every 2 s, plus 5
// MCAP exports downloaded back to back. Mode `greedy`: one viewer token trying to open 120 sessions (the refused
// ones retry every 2 s; the admitted ones play and seek like the others). Prints {"ready"} once every session was
// tried, then works until its stdin closes and prints what it did.
// argv: port, mode, day.
const [portArg = '0', mode = 'readers', day = ''] = process.argv.slice(2);
const url = `http://127.0.0.1:${portArg}`;
type OpenReply = { ok: true; data: { firstTs: number; lastTs: number } } | { ok: false; error: string; retryAfterMs?: number };

const sockets: Socket[] = [];
// `exports` counts finished downloads, `exportBytes` every byte received (finished or not).
const stats = { open: 0, refused: 0, seeks: 0, frames: 0, exports: 0, exportBytes: 0, exportRefused: 0, errors: 0 };
let running = true;

async function session(token: string): Promise<void> {
  const s = io(`${url}/replay`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(s);
  s.on('frame', () => stats.frames++);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  const open = async (): Promise<OpenReply> => (await s.timeout(60_000).emitWithAck('replay:open', { day })) as OpenReply;
  const r = await open();
  if (!r.ok) {
    stats.refused++;
    // A greedy client keeps asking; each refusal costs the server a budget check and nothing more.
    const retry = setInterval(() => {
      if (!running) return clearInterval(retry);
      void open().then((again) => {
        if (again.ok) {
          clearInterval(retry);
          play(s, again.data);
        }
      }, () => undefined);
    }, 2_000);
    return;
  }
  stats.open++;
  play(s, r.data);
}

function play(s: Socket, span: { firstTs: number; lastTs: number }): void {
  void s.timeout(60_000).emitWithAck('replay:control', { action: 'play', speed: 3600 }).catch(() => stats.errors++);
  const seek = setInterval(() => {
    if (!running) return clearInterval(seek);
    stats.seeks++;
    const to = Math.round(span.firstTs + Math.random() * (span.lastTs - span.firstTs));
    void s
      .timeout(60_000)
      .emitWithAck('replay:control', { action: 'seek', to })
      .then(() => s.timeout(60_000).emitWithAck('replay:control', { action: 'play', speed: 3600 }))
      .catch(() => stats.errors++);
  }, 2_000);
}

async function exporter(): Promise<void> {
  while (running) {
    const res = await fetch(`${url}/api/recordings/${day}/export.mcap`, { headers: { authorization: `Bearer ${BENCH_TOKENS.viewer}` } }).catch(() => undefined);
    if (!res) {
      stats.errors++;
      continue;
    }
    if (res.status === 429) {
      stats.exportRefused++;
      await res.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      continue;
    }
    // Counted as they stream in: a whole day's export can outlast a 20 s phase, and its bytes are load all along.
    const body = res.body?.getReader();
    try {
      while (body) {
        const r = await body.read();
        if (r.done) break;
        stats.exportBytes += r.value.byteLength;
      }
      stats.exports++;
    } catch {
      stats.errors++;
    }
  }
}

const tries = mode === 'greedy' ? Array.from({ length: 120 }, () => session(BENCH_TOKENS.viewer)) : Array.from({ length: 60 }, (_x, i) => session(benchViewerToken(i % 10)));
await Promise.allSettled(tries);
if (mode !== 'greedy') for (let i = 0; i < 5; i++) void exporter();
process.stdout.write(`${JSON.stringify({ ready: true, ...stats })}\n`);
await new Promise<void>((resolve) => {
  process.stdin.on('end', resolve);
  process.stdin.on('close', resolve);
  process.stdin.resume();
});
running = false;
for (const s of sockets) s.close();
process.stdout.write(`${JSON.stringify(stats)}\n`);
process.exit(0);
