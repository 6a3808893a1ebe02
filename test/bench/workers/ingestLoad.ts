import { WebSocket } from 'ws';
import type { Telemetry } from '../../../server/protocol';
import { buildSite } from '../../support/builders';
import { Fleet } from './fleet';
import { BENCH_TOKENS } from './shared';

// Load generator for the ingest benchmark, a separate process. It speaks either the Socket.IO ingest protocol
// (engine.io v4 frames over a raw `ws` socket) or plain JSON to the bare `ws` baseline, with the very same batches
// built the same cheap way, so both servers are fed alike and the generator stays far from being the bottleneck.
// argv: mode (sio | ws), port, warmupMs, measureMs, connections, window (batches in flight each), shard, shards.
const [mode = 'sio', portArg = '0', warmupArg = '2000', measureArg = '8000', connArg = '2', windowArg = '4', shardArg = '0', shardsArg = '1'] = process.argv.slice(2);
const port = Number(portArg);
const warmupMs = Number(warmupArg);
const measureMs = Number(measureArg);
const shard = Number(shardArg);
const shards = Number(shardsArg);
const BATCH = 500;
// Hard stop, whatever happens.
setTimeout(() => process.exit(3), warmupMs + measureMs + 15_000).unref();

interface Device {
  head: string;
  tails: string[];
  seq: number;
}

/** Devices of the reference mix (2,000 trucks, 60 AGVs, 500 sensors, split over the shards), with 16 poses each. */
function devices(): Device[][] {
  const t0 = Date.now();
  const fleet = new Fleet(buildSite(), t0, {
    trucks: Math.ceil(2000 / shards), agvs: Math.ceil(60 / shards), sensors: Math.ceil(500 / shards), prefix: `g${shard}-`, seed: 1 + shard,
    truckReportMs: 1, agvReportMs: 1, sensorReportMs: 1,
  });
  const byId = new Map<string, Device & { kind: string }>();
  for (let k = 0; k < 16; k++) {
    const out: Telemetry[] = [];
    fleet.step(t0 + (k + 1) * 1000, 1, out);
    for (const m of out) {
      const { kind, id, seq: _s, ts: _t, ...rest } = m;
      let d = byId.get(id);
      if (!d) byId.set(id, (d = { kind, head: `{"kind":"${kind}","id":"${id}","seq":`, tails: [], seq: 0 }));
      d.tails.push(`${JSON.stringify(rest).replace(/^\{/, ',')}`);
    }
  }
  const all = [...byId.values()];
  return [all.filter((d) => d.kind === 'truck'), all.filter((d) => d.kind === 'agv'), all.filter((d) => d.kind === 'sensor')];
}

// The reference load's message mix: trucks 1,000/s, AGVs 300/s, sensors 500/s → 10 : 3 : 5.
const SCHEDULE = [0, 2, 0, 1, 0, 2, 0, 0, 1, 2, 0, 0, 2, 1, 0, 0, 2, 0];
const kinds = devices();
const cursors = [0, 0, 0];
let slot = 0;
const parts: string[] = new Array<string>(BATCH);

function nextBatch(): string {
  const ts = Date.now();
  for (let i = 0; i < BATCH; i++) {
    const k = SCHEDULE[slot++ % SCHEDULE.length]!;
    const list = kinds[k]!;
    const d = list[cursors[k]!++ % list.length]!;
    parts[i] = d.head + d.seq + ',"ts":' + ts + d.tails[d.seq & 15]!;
    d.seq++;
  }
  return `[${parts.join(',')}]`;
}

const start = Date.now();
const from = start + warmupMs;
const until = from + measureMs;
let acked = 0;
let ackedAll = 0;
let errors = 0;
let batches = 0;
// This generator's own CPU inside the measuring window (ms), so the benchmark can tell the machine's budget apart.
let cpuAtFrom = NaN;
let cpuMs = NaN;
const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
setTimeout(() => (cpuAtFrom = cpuNow()), from - Date.now());
setTimeout(() => (cpuMs = cpuNow() - cpuAtFrom), until - Date.now());

function count(n: number): void {
  const now = Date.now();
  ackedAll += n;
  if (now >= from && now < until) acked += n;
}

function openConnection(): Promise<void> {
  const url = mode === 'ws' ? `ws://127.0.0.1:${port}/` : `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`;
  const ws = new WebSocket(url, { perMessageDeflate: false });
  let ackId = 0;
  let inFlight = 0;
  const windowSize = Number(windowArg);
  const pump = () => {
    while (inFlight < windowSize && Date.now() < until) {
      inFlight++;
      batches++;
      const batch = nextBatch();
      ws.send(mode === 'ws' ? batch : `42/ingest,${ackId++}["telemetry",${batch}]`);
    }
  };
  return new Promise((resolve) => {
    const finish = () => {
      ws.close();
      resolve();
    };
    setTimeout(finish, until - Date.now() + 1_000);
    ws.on('error', () => {
      errors++;
      resolve();
    });
    if (mode === 'ws') ws.on('open', pump);
    ws.on('message', (data) => {
      const s = data.toString();
      if (mode === 'ws') {
        inFlight--;
        count((JSON.parse(s) as { count: number }).count);
        return pump();
      }
      if (s === '2') return ws.send('3');
      if (s.startsWith('0')) return ws.send(`40/ingest,${JSON.stringify({ token: BENCH_TOKENS.device })}`);
      if (s.startsWith('40/ingest')) return pump();
      if (s.startsWith('43/ingest,')) {
        inFlight--;
        const ack = (JSON.parse(s.slice(s.indexOf('['))) as [{ accepted?: number; error?: string }])[0];
        if (ack.error !== undefined) errors++;
        else count(ack.accepted ?? 0);
        return pump();
      }
      if (s.startsWith('44/ingest')) {
        errors++;
        finish();
      }
    });
  });
}

await Promise.all(Array.from({ length: Number(connArg) }, () => openConnection()));
process.stdout.write(`${JSON.stringify({ mode, acked, ackedAll, seconds: measureMs / 1000, batches, errors, from, until, cpuMs })}\n`);
process.exit(0);
