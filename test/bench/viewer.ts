import { Encoder, PacketType } from 'socket.io-parser';
import { applyFrame, frameView, reckon } from '../../client/state/applyFrame';
import { createEntityTable } from '../../client/state/entityTable';
import { FrameBuilder } from '../../server/stream/frames';
import type { Telemetry } from '../../server/protocol';
import { Twin } from '../../server/twin/twin';
import { buildSite } from '../support/builders';
import type { BenchResult } from './types';
import { Fleet } from './workers/fleet';
import { quantile, round } from './workers/shared';

// Bytes per viewer (design §9): 2,000 moving vehicles (1,940 trucks and 60 AGVs reporting at 10 Hz, so every
// vehicle changes every frame; all driving the site's roads and corridors: speeding up, stopping, turning round),
// the live twin and the real frame builder at 10 Hz over one minute of twin time, every frame decoded by the
// browser's decoder (its CPU time per frame is reported too). Counted on the wire:
// the frame plus its Socket.IO/WebSocket framing. Baseline, same run, same vehicles: a JSON snapshot of every vehicle
// each frame (positions to 0.1 m, like a naive implementation would send). Target ≤ 80,000 B/s and ≥ 10× smaller.
// Also: the v1 layout's bytes for the same stream (13 bytes per changed vehicle, keyframe every 2 s), how far the
// viewer's extrapolation is from where the vehicles really are, and the browser decoder's cost per frame.
const T0 = Date.UTC(2026, 5, 1, 1, 0, 0);
const HZ = 10;
const WARMUP_S = 10;
const MEASURE_S = 60;
const encoder = new Encoder();

/** Bytes of one WebSocket frame carrying `payload` bytes from the server (unmasked). */
const wsFrame = (payload: number): number => payload + (payload < 126 ? 2 : payload < 65_536 ? 4 : 10);

/** Bytes on the wire of a Socket.IO event with a binary payload: a text packet with a placeholder, then the binary. */
function binaryEventBytes(event: string, buf: Uint8Array): number {
  const [head, ...attachments] = encoder.encode({ type: PacketType.EVENT, nsp: '/twin', data: [event, buf] }) as [string, ...Uint8Array[]];
  return wsFrame(Buffer.byteLength(head) + 1) + attachments.reduce((n, a) => n + wsFrame(a.byteLength), 0);
}

const jsonEventBytes = (event: string, payload: unknown): number =>
  wsFrame(Buffer.byteLength((encoder.encode({ type: PacketType.EVENT, nsp: '/twin', data: [event, payload] }) as [string])[0]) + 1);

/** The naive baseline: every vehicle, every frame, as JSON. */
function jsonSnapshot(twin: Twin, time: number): unknown {
  const r1 = (v: number) => Math.round(v * 10) / 10;
  const vehicles: unknown[] = [];
  for (const e of [...twin.trucks.values(), ...twin.agvs.values()]) {
    const r = e.rec;
    vehicles.push({ h: r.handle, k: r.kind, s: r.state, f: r.flags, c: r.cargo, x: r1(r.x), y: r1(r.y), hd: r1(r.heading), v: r1(r.speed), b: Math.round(r.battery * 100) / 100 });
  }
  return { time, vehicles };
}

/** viewer.bytes_per_s and viewer.vs_json_ratio, with the JSON baseline measured on the same stream. */
export async function run(): Promise<BenchResult[]> {
  const site = buildSite();
  const twin = new Twin(site);
  const frames = new FrameBuilder(twin);
  const fleet = new Fleet(site, T0, { trucks: 1_940, agvs: 60, sensors: 0, truckReportMs: 100, agvReportMs: 100, seed: 7 });
  const table = createEntityTable();
  const out: Telemetry[] = [];
  const pose = { x: 0, y: 0, heading: 0 };
  let ours = 0;
  let json = 0;
  let v1 = 0;
  const errors: number[] = [];
  const decodeUs: number[] = [];
  const dt = 1 / HZ;
  const ticks = (WARMUP_S + MEASURE_S) * HZ;
  for (let i = 1; i <= ticks; i++) {
    const t = T0 + i * (1000 / HZ);
    out.length = 0;
    fleet.step(t, dt, out);
    for (const m of out) twin.apply(m, t);
    const frame = frames.next(t);
    const cpu = process.cpuUsage();
    applyFrame(table, frameView(frame), { now: i * 100, delay: 100 });
    const spent = process.cpuUsage(cpu);
    if (i <= WARMUP_S * HZ) continue;
    decodeUs.push(spent.user + spent.system);
    ours += binaryEventBytes('frame', frame);
    json += jsonEventBytes('snapshot', jsonSnapshot(twin, t));
    // v1: 20-byte header + 13 bytes per vehicle that reported (its quantised record changed), all every 20 frames.
    v1 += wsFrame(20 + 13 * (i % 20 === 0 ? fleet.movers.length : out.length)) + 48;
    if (i % HZ === 0) {
      for (const m of fleet.movers) {
        const e = m.agv ? twin.agvs.get(m.id) : twin.trucks.get(m.id);
        if (!e) continue;
        const real = fleet.pose(m);
        reckon(table, e.handle, t, pose);
        errors.push(Math.hypot(pose.x - real.x, pose.y - real.y));
      }
    }
  }
  const perS = (bytes: number) => bytes / MEASURE_S;
  return [
    { name: 'viewer.bytes_per_s', value: round(perS(ours)), unit: 'B/s' },
    { name: 'viewer.vs_json_ratio', value: round(json / ours, 1), unit: 'ratio', baseline: round(perS(json)), ratio: round(json / ours, 1) },
    { name: 'viewer.vs_v1_ratio', value: round(v1 / ours, 2), unit: 'ratio', baseline: round(perS(v1)), ratio: round(v1 / ours, 2) },
    { name: 'viewer.p99_error_m', value: round(quantile(errors, 0.99), 2), unit: 'm' },
    { name: 'viewer.decode_cpu_p95_us', value: round(quantile(decodeUs, 0.95)), unit: 'µs' },
  ];
}
