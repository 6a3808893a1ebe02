import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { applyFrame, frameView } from '../../../client/state/applyFrame';
import { createEntityTable, type EntityTable } from '../../../client/state/entityTable';
import { EntityKind, localFrame, POS_QUANTUM_M, toX, toY, type AgvMessage } from '../../../server/protocol';
import { buildSite } from '../../support/builders';
import { BENCH_TOKENS } from './shared';

// Headless viewers and a probe device in one process (one clock for both ends), for the latency benchmark.
// `viewers` sockets watch /twin; the first `measuring` of them decode every frame with the browser's decoder. The
// probe AGV reports every `probeMs` with a new battery code, timestamped on sending; a measuring viewer notes when
// the frame carrying that code arrives. argv: port, viewers, measuring, warmupMs, measureMs, probeMs.
// Prints {"latencies": [ms…], "frames", "bytes"} and exits.
const [portArg = '0', viewersArg = '50', measuringArg = '10', warmupArg = '3000', measureArg = '15000', probeArg = '250'] = process.argv.slice(2);
const url = `http://127.0.0.1:${portArg}`;
const warmupMs = Number(warmupArg);
const measureMs = Number(measureArg);
setTimeout(() => process.exit(3), warmupMs + measureMs + 20_000).unref();

const site = buildSite();
const frame = localFrame(site.origin);
// The probe stands alone, away from roads and corridors, so a viewer recognises it by its position.
const PROBE = { lat: site.origin.lat - 0.02, lon: site.origin.lon - 0.02 };
const probeX = toX(frame, PROBE.lon);
const probeY = toY(frame, PROBE.lat);
const sentAt = new Map<number, number>();
const latencies: number[] = [];
let frames = 0;
let bytes = 0;

interface Watcher {
  table: EntityTable;
  probe: number;
  seen: Set<number>;
}

function connect(ns: string, token: string): Promise<Socket> {
  const s = io(url + ns, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

function watch(s: Socket, w: Watcher | undefined): void {
  s.on('frame', (buf: Uint8Array) => {
    const now = performance.now();
    frames++;
    bytes += buf.byteLength;
    if (!w) return;
    applyFrame(w.table, frameView(buf), { now, delay: 100 });
    const t = w.table;
    if (w.probe < 0) {
      for (let i = 0; i < t.counts[EntityKind.agv]!; i++) {
        const h = t.slots[EntityKind.agv]![i]!;
        if (Math.abs(t.gx[h]! * POS_QUANTUM_M - probeX) < 1 && Math.abs(t.gy[h]! * POS_QUANTUM_M - probeY) < 1) w.probe = h;
      }
      if (w.probe < 0) return;
    }
    const code = t.battery[w.probe]!;
    const at = sentAt.get(code);
    if (at !== undefined && !w.seen.has(at)) {
      w.seen.add(at);
      if (at >= start + warmupMs) latencies.push(now - at);
    }
  });
}

const sockets: Socket[] = [];
for (let i = 0; i < Number(viewersArg); i++) {
  const s = await connect('/twin', BENCH_TOKENS.viewer);
  sockets.push(s);
  watch(s, i < Number(measuringArg) ? { table: createEntityTable(), probe: -1, seen: new Set() } : undefined);
}
const device = await connect('/ingest', BENCH_TOKENS.device);
const start = performance.now();
let seq = 0;
const probe = setInterval(() => {
  // Codes 20…219 cycle; one code is in flight at a time far longer than any latency we care about.
  const code = 20 + (seq % 200);
  const msg: AgvMessage = { kind: 'agv', id: 'PROBE-1', seq: seq++, ts: Date.now(), lat: PROBE.lat, lon: PROBE.lon, heading: 0, speed: 0, battery: code / 255, state: 'idle' };
  sentAt.set(code, performance.now());
  device.emit('telemetry', [msg], () => undefined);
  if (performance.now() - start > warmupMs + measureMs) {
    clearInterval(probe);
    setTimeout(() => {
      process.stdout.write(`${JSON.stringify({ latencies, frames: frames / sockets.length, bytes: bytes / sockets.length, seconds: (performance.now() - start) / 1000 })}\n`);
      for (const s of [...sockets, device]) s.close();
      process.exit(0);
    }, 500);
  }
}, Number(probeArg));
