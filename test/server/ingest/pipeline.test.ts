import { describe, expect, it } from 'vitest';
import { SystemClock } from '../../../server/clock';
import { IngestPipeline } from '../../../server/ingest/pipeline';
import type { Telemetry } from '../../../server/protocol';
import { NullRecorder } from '../../../server/recorder/recorder';
import { MAX_SENSORS, Twin } from '../../../server/twin/twin';
import { buildAgvMessage, buildSensorMessage, buildSite, buildTruckMessage } from '../../support/builders';

/** Sends `msgs` in batches of 500 and returns how many were accepted. */
async function feed(pipeline: IngestPipeline, msgs: Telemetry[]): Promise<number> {
  let accepted = 0;
  for (let i = 0; i < msgs.length; i += 500) accepted += (await pipeline.ingest(msgs.slice(i, i + 500), 'test')).accepted;
  return accepted;
}

describe('IngestPipeline when the twin is full', () => {
  // Found by the nightly fuzz run: a device inventing ids exhausted the 65,536 entity handles, and the twin's
  // throw failed the whole batch after part of it had been applied but not recorded.
  it('refuses a new vehicle alone, with the reason, and keeps the rest of the batch', async () => {
    const twin = new Twin(buildSite());
    const pipeline = new IngestPipeline(twin, new NullRecorder(), new SystemClock());
    const fleet = Array.from({ length: 65_536 }, (_, i) => buildAgvMessage({ id: `AGV-${i}`, ts: Date.now() }));
    expect(await feed(pipeline, fleet)).toBe(65_536);

    const batch = [buildAgvMessage({ id: 'AGV-7', seq: 2, ts: Date.now(), battery: 0.5 }), buildTruckMessage({ id: 'T-new', ts: Date.now() }), buildAgvMessage({ id: 'AGV-8', seq: 2, ts: Date.now() })];
    const ack = await pipeline.ingest(batch, 'test');
    expect(ack.accepted).toBe(2);
    expect(ack.rejected).toEqual([{ index: 1, error: expect.stringMatching(/^twin: .*65,536 live entities/) }]);
    expect(twin.agvs.get('AGV-7')!.battery).toBe(0.5);
    expect(twin.trucks.has('T-new')).toBe(false);
    expect(pipeline.counters.twinRefused).toBe(1);
    // Its seq was not marked as seen: the resend is judged again (refused again, not taken for a duplicate).
    const again = await pipeline.ingest([batch[1]!], 'test');
    expect(again.duplicates).toBe(0);
    expect(again.rejected).toHaveLength(1);
  });

  it('holds at most MAX_SENSORS sensors, and known sensors keep reporting', async () => {
    const twin = new Twin(buildSite());
    const pipeline = new IngestPipeline(twin, new NullRecorder(), new SystemClock());
    const sensors = Array.from({ length: MAX_SENSORS }, (_, i) => buildSensorMessage({ id: `S-${i}`, ts: Date.now() }));
    expect(await feed(pipeline, sensors)).toBe(MAX_SENSORS);
    const ack = await pipeline.ingest([buildSensorMessage({ id: 'S-extra', ts: Date.now() }), buildSensorMessage({ id: 'S-1', seq: 2, ts: Date.now(), value: 99 })], 'test');
    expect(ack.rejected).toEqual([{ index: 0, error: expect.stringMatching(/^twin: .*sensors/) }]);
    expect(ack.accepted).toBe(1);
    expect(twin.sensors.get('S-1')!.value).toBe(99);
    expect(twin.sensors.size).toBe(MAX_SENSORS);
  });
});

describe('IngestPipeline.screen (NATS mode, before the log)', () => {
  const setup = async () => {
    const twin = new Twin(buildSite());
    const pipeline = new IngestPipeline(twin, new NullRecorder(), new SystemClock());
    await pipeline.ingest([buildAgvMessage({ id: 'A', seq: 5, ts: Date.now() })], 'test');
    return { twin, pipeline };
  };

  it.each([
    { name: 'a new message is fresh', batch: [buildAgvMessage({ id: 'A', seq: 6 })], fresh: 1, duplicates: 0, rejected: 0 },
    { name: 'a message this replica holds is a duplicate', batch: [buildAgvMessage({ id: 'A', seq: 5 })], fresh: 0, duplicates: 1, rejected: 0 },
    { name: 'a late one inside the window is fresh', batch: [buildAgvMessage({ id: 'A', seq: 4 })], fresh: 1, duplicates: 0, rejected: 0 },
    { name: 'an unknown vehicle is fresh', batch: [buildAgvMessage({ id: 'B', seq: 1 })], fresh: 1, duplicates: 0, rejected: 0 },
    { name: 'an invalid message is rejected alone', batch: [{ kind: 'agv', id: 'A' }, buildAgvMessage({ id: 'A', seq: 7 })], fresh: 1, duplicates: 0, rejected: 1 },
  ])('$name', async ({ batch, fresh, duplicates, rejected }) => {
    const { twin, pipeline } = await setup();
    const r = pipeline.screen(batch);
    expect([r.fresh.length, r.duplicates, r.rejected.length]).toEqual([fresh, duplicates, rejected]);
    // Screening applies and marks nothing: the batch read back from the log is judged the same way.
    expect(twin.agvs.has('B')).toBe(false);
    expect(pipeline.screen(batch).fresh).toHaveLength(fresh);
  });

  it('refuses what is not a batch, as ingest does', async () => {
    const { pipeline } = await setup();
    expect(() => pipeline.screen({})).toThrow(/array/);
    expect(() => pipeline.screen([])).toThrow(/1–500/);
  });
});
