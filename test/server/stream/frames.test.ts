import { describe, expect, it } from 'vitest';
import { applyFrame, frameView, reckon } from '../../../client/state/applyFrame';
import { createEntityTable, liveCount } from '../../../client/state/entityTable';
import { FrameBuilder, KEYFRAME_EVERY } from '../../../server/stream/frames';
import { decodeFrame, toX, toY } from '../../../server/protocol';
import { loadScenario, scenarioSite } from '../../../server/sim/scenario';
import { atLocal, World } from '../../../server/sim/world';
import { Twin } from '../../../server/twin/twin';
import { buildAgvMessage, buildSite, buildTruckMessage, T0 } from '../../support/builders';

describe('FrameBuilder over the live twin', () => {
  it('sends new vehicles whole, removes departed ones, and reuses a handle only after a keyframe', () => {
    const twin = new Twin(buildSite());
    const frames = new FrameBuilder(twin, 5);
    const viewer = createEntityTable();
    const show = (buf: Uint8Array, f: number) => applyFrame(viewer, frameView(buf), { now: f * 100, delay: 100 });
    twin.apply(buildAgvMessage({ id: 'A1', lat: 21.97, lon: 106.72, heading: 90, speed: 5 }), T0);
    twin.apply(buildTruckMessage({ id: 'T1', event: 'arrived' }), T0);
    show(frames.next(T0), 0);
    expect(liveCount(viewer)).toBe(2);
    const agv = twin.agvs.get('A1')!;
    const p = reckon(viewer, agv.handle, T0, { x: 0, y: 0, heading: 0 });
    expect(Math.abs(p.x - toX(twin.frame, 106.72))).toBeLessThanOrEqual(0.125);
    expect(Math.abs(p.y - toY(twin.frame, 21.97))).toBeLessThanOrEqual(0.125);

    const truckHandle = twin.trucks.get('T1')!.handle;
    twin.apply(buildTruckMessage({ id: 'T1', seq: 2, event: 'departed' }), T0 + 100);
    const delta = decodeFrame(frameView(frames.next(T0 + 100)));
    expect(delta.removed).toEqual([truckHandle]);
    show(frames.next(T0 + 200), 2);
    // A truck arriving before the next keyframe cannot take the departed truck's handle yet…
    twin.apply(buildTruckMessage({ id: 'T2', event: 'arrived' }), T0 + 250);
    expect(twin.trucks.get('T2')!.handle).not.toBe(truckHandle);
    for (let f = 3; f <= 5; f++) show(frames.next(T0 + f * 100), f);
    // …after it, the next one may.
    twin.apply(buildTruckMessage({ id: 'T3', event: 'arrived' }), T0 + 550);
    expect(twin.trucks.get('T3')!.handle).toBe(truckHandle);
    show(frames.next(T0 + 600), 6);
    expect(liveCount(viewer)).toBe(3);
  });

  it('a connecting viewer’s keyframe holds every vehicle, those not yet streamed too, and leaves the stream alone', () => {
    const twin = new Twin(buildSite());
    const frames = new FrameBuilder(twin);
    twin.apply(buildAgvMessage({ id: 'A1' }), T0);
    const first = decodeFrame(frameView(frames.next(T0))).header;
    twin.apply(buildAgvMessage({ id: 'A2', lat: 21.98 }), T0 + 50);
    const kf = decodeFrame(frameView(frames.keyframe(T0 + 60)));
    expect(kf.header.keyframe).toBe(true);
    expect(kf.header.seq).toBe(first.seq + 1);
    expect(kf.records.map((r) => r.handle)).toEqual([twin.agvs.get('A1')!.handle, twin.agvs.get('A2')!.handle]);
    // The next frame still introduces A2 to everyone.
    const next = decodeFrame(frameView(frames.next(T0 + 100)));
    expect(next.records.map((r) => r.handle)).toEqual([twin.agvs.get('A2')!.handle]);
    // Keyframes and deltas never share a sequence number; the periodic keyframes keep their cadence.
    expect(next.header).toMatchObject({ keyframe: false, seq: kf.header.seq + 1 });
    const seqs = [first.seq, kf.header.seq, next.header.seq];
    for (let f = 2; f < KEYFRAME_EVERY; f++) {
      const h = decodeFrame(frameView(frames.next(T0 + f * 100))).header;
      expect(h.keyframe).toBe(false);
      seqs.push(h.seq);
    }
    const periodic = decodeFrame(frameView(frames.next(T0 + KEYFRAME_EVERY * 100))).header;
    expect(periodic.keyframe).toBe(true);
    seqs.push(periodic.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
  });
});

describe('FrameBuilder over the simulator', () => {
  it('a viewer holds every simulated vehicle with its state, parked ones where the twin has them', () => {
    const scenario = loadScenario('normal');
    const site = scenarioSite(buildSite(), scenario);
    const t0 = atLocal(T0, '07:00');
    const world = new World(site, scenario, t0);
    const twin = new Twin(site);
    const frames = new FrameBuilder(twin);
    const viewer = createEntityTable();
    const pose = { x: 0, y: 0, heading: 0 };
    let t = t0;
    for (let f = 1; f <= 3_000; f++) {
      t = t0 + f * 400; // the demo's 4× speed: 400 ms of twin time per 100 ms frame
      world.step(t);
      for (const m of world.drain()) twin.apply(m, t);
      twin.updateStaleness(t);
      applyFrame(viewer, frameView(frames.next(t)), { now: f * 100, delay: 100 });
    }
    expect(twin.trucks.size).toBeGreaterThan(50);
    expect(liveCount(viewer)).toBe(twin.trucks.size + twin.agvs.size);
    for (const e of [...twin.trucks.values(), ...twin.agvs.values()]) {
      const r = e.rec;
      expect([viewer.kind[r.handle], viewer.state[r.handle], viewer.flags[r.handle]]).toEqual([r.kind, r.state, r.flags]);
      reckon(viewer, r.handle, Math.round(t), pose);
      const off = Math.hypot(pose.x - r.x, pose.y - r.y);
      // Parked vehicles sit on the grid point nearest the twin's; movers are carried on from their last report.
      if (r.speed === 0 || e.stale || r.poseTime === undefined) expect(off).toBeLessThanOrEqual(0.18);
      else expect(off).toBeLessThanOrEqual(r.speed * 5 + 1);
    }
  }, 60_000);
});
