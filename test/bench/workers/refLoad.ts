import { io } from 'socket.io-client';
import { MAX_BATCH, type Telemetry } from '../../../server/protocol';
import { buildSite } from '../../support/builders';
import { Fleet } from './fleet';
import { BENCH_TOKENS } from './shared';

// The reference load (design §9) as a device gateway would send it, a separate process: 2,000 trucks moving in the
// zone reporting every second, 60 AGVs at 5 Hz, 500 sensors at 1 Hz, in acked batches every 100 ms over the
// Socket.IO ingest protocol. argv: port, durationMs. Prints {"sent","acked"} and exits when the time is up.
const [portArg = '0', durationArg = '20000'] = process.argv.slice(2);
const durationMs = Number(durationArg);
setTimeout(() => process.exit(3), durationMs + 15_000).unref();

const socket = io(`http://127.0.0.1:${portArg}/ingest`, { auth: { token: BENCH_TOKENS.device }, transports: ['websocket'], reconnection: false });
const start = Date.now();
const fleet = new Fleet(buildSite(), start, { trucks: 2_000, agvs: 60, sensors: 500, truckReportMs: 1_000, agvReportMs: 200, sensorReportMs: 1_000, seed: 11 });
let sent = 0;
let acked = 0;
let last = start;
await new Promise<void>((resolve, reject) => {
  socket.once('connect', () => resolve());
  socket.once('connect_error', reject);
});
const out: Telemetry[] = [];
const timer = setInterval(() => {
  const now = Date.now();
  out.length = 0;
  fleet.step(now, (now - last) / 1000, out);
  last = now;
  for (let i = 0; i < out.length; i += MAX_BATCH) {
    const batch = out.slice(i, i + MAX_BATCH);
    sent += batch.length;
    socket.timeout(10_000).emitWithAck('telemetry', batch).then(
      (r: { accepted?: number }) => (acked += r.accepted ?? 0),
      () => undefined,
    );
  }
  if (now - start >= durationMs) {
    clearInterval(timer);
    setTimeout(() => {
      process.stdout.write(`${JSON.stringify({ sent, acked })}\n`);
      socket.close();
      process.exit(0);
    }, 500);
  }
}, 100);
