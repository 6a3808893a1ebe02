import { io } from 'socket.io-client';
import type { Telemetry } from '../../../server/protocol';
import { buildSite } from '../../support/builders';
import { Fleet } from './fleet';
import { BENCH_TOKENS } from './shared';

// Paced device load for the ack-latency benchmark, a separate process: the reference mix (2,000 trucks, 60 AGVs,
// 500 sensors) at its real rate in batches of 100 over one Socket.IO device connection, each batch's ack time
// measured; meanwhile `GET /api/health` every 100 ms, its response time measured. Prints one JSON line at the end.
// argv: port, measureMs, prefix (device ids). Phases of one benchmark are the same devices reporting on: each run's
// seqs start at the wall-clock ms (above any seq an earlier run reached), so every message is new and every phase
// meets the same twin. (With a prefix per phase each phase added a fleet: the readers' phase ran on a twin half
// again as big as the phase it was compared with, and keyframes, frames and the engine's tick grew with it.)
const [portArg = '0', measureArg = '8000', prefix = 'p0-'] = process.argv.slice(2);
const url = `http://127.0.0.1:${portArg}`;
const measureMs = Number(measureArg);
setTimeout(() => process.exit(3), measureMs + 30_000).unref();

const fleet = new Fleet(buildSite(), Date.now(), { trucks: 2_000, agvs: 60, sensors: 500, prefix, seed: 7, firstSeq: Date.now() });
const socket = io(`${url}/ingest`, { auth: { token: BENCH_TOKENS.device }, transports: ['websocket'], reconnection: false });
await new Promise<void>((resolve, reject) => {
  socket.once('connect', () => resolve());
  socket.once('connect_error', reject);
});

const acks: number[] = [];
const health: number[] = [];
let errors = 0;
const pending: Promise<void>[] = [];
const queue: Telemetry[] = [];
const t0 = Date.now();
let last = t0;
const tick = setInterval(() => {
  const now = Date.now();
  fleet.step(now, (now - last) / 1000, queue);
  last = now;
  while (queue.length > 0) {
    const batch = queue.splice(0, 100);
    const sent = performance.now();
    pending.push(
      (socket.timeout(20_000).emitWithAck('telemetry', batch) as Promise<{ accepted?: number }>).then(
        (a) => {
          if (a.accepted === undefined) errors++;
          acks.push(performance.now() - sent);
        },
        () => {
          errors++;
        },
      ),
    );
  }
}, 50);
const poll = setInterval(() => {
  const sent = performance.now();
  pending.push(
    fetch(`${url}/api/health`).then(
      async (r) => {
        await r.arrayBuffer();
        health.push(performance.now() - sent);
      },
      () => {
        errors++;
      },
    ),
  );
}, 100);
await new Promise((resolve) => setTimeout(resolve, measureMs));
clearInterval(tick);
clearInterval(poll);
await Promise.all(pending);
socket.close();
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(p * xs.length) - 1)] ?? NaN;
process.stdout.write(`${JSON.stringify({ batches: acks.length, ackP50: q(acks, 0.5), ackP99: q(acks, 0.99), healthP99: q(health, 0.99), polls: health.length, errors })}\n`);
process.exit(0);
