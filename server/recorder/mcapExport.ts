import { McapWriter, type IWritable } from '@mcap/core';
import zstd from '@foxglove/wasm-zstd';
import { z } from 'zod';
import { AgvMessageSchema, idRecord, type IdRecord, AlertSchema, SensorMessageSchema, TruckMessageSchema, type Telemetry } from '../protocol';
import { PROTOCOL_VERSION } from '../protocol/version';
import type { RecordingReader } from './reader';

/** MCAP topics: one per telemetry kind, plus the recorded alerts. */
const CHANNELS = {
  agv: { topic: '/telemetry/agv', schema: AgvMessageSchema },
  truck: { topic: '/telemetry/truck', schema: TruckMessageSchema },
  sensor: { topic: '/telemetry/sensor', schema: SensorMessageSchema },
  alert: { topic: '/alerts', schema: AlertSchema },
} as const;
type ChannelKind = keyof typeof CHANNELS;
const STEP_MS = 60_000;
const ns = (ms: number) => BigInt(Math.round(ms)) * 1_000_000n;

/** zstd level of the chunks: JSON telemetry of one kind shrinks ~10× at 3; higher levels cost far more time. */
const ZSTD_LEVEL = 3;

/** Compresses one MCAP chunk with zstd (Foxglove, Lichtblick and the mcap CLI read it). */
export function zstdChunk(chunk: Uint8Array): { compression: string; compressedData: Uint8Array } {
  return { compression: 'zstd', compressedData: zstd.compress(chunk, ZSTD_LEVEL) };
}

/** Decompress handlers for @mcap/core readers of our exports. */
export async function mcapDecompressHandlers(): Promise<{ zstd: (buffer: Uint8Array, size: bigint) => Uint8Array }> {
  await zstd.isLoaded;
  return { zstd: (buffer, size) => zstd.decompress(buffer, Number(size)) };
}

/**
 * Writes a recording as MCAP (opens in Foxglove / Lichtblick): JSON messages, JSON Schemas generated from the
 * protocol's zod schemas, log time = when the twin received the message, publish time = the device's `ts`.
 * Chunked (zstd-compressed chunks) and indexed, so readers can seek. Returns the number of messages written per topic.
 */
export async function exportMcap(reader: RecordingReader, writable: IWritable): Promise<IdRecord<number>> {
  await zstd.isLoaded;
  const w = new McapWriter({
    writable, useStatistics: true, useSummaryOffsets: true, useChunks: true, useChunkIndex: true, useMessageIndex: true,
    chunkSize: 4 << 20, compressChunk: zstdChunk,
  });
  await w.start({ profile: '', library: `gatetwin protocol v${PROTOCOL_VERSION}` });
  const ids = {} as Record<ChannelKind, number>;
  const counts = idRecord<number>();
  for (const [kind, c] of Object.entries(CHANNELS) as [ChannelKind, (typeof CHANNELS)[ChannelKind]][]) {
    const json = z.toJSONSchema(c.schema, { unrepresentable: 'any', io: 'input' });
    const schemaId = await w.registerSchema({ name: `gatetwin.${kind}`, encoding: 'jsonschema', data: new TextEncoder().encode(JSON.stringify(json)) });
    ids[kind] = await w.registerChannel({ schemaId, topic: c.topic, messageEncoding: 'json', metadata: new Map([['recording', reader.name]]) });
    counts[c.topic] = 0;
  }
  const alerts = reader.alerts();
  const sum = reader.summary();
  const cursor = reader.cursor(0);
  const enc = new TextEncoder();
  let seq = 0;
  let a = 0;
  const add = async (kind: ChannelKind, logMs: number, publishMs: number, data: unknown) => {
    counts[CHANNELS[kind].topic]!++;
    await w.addMessage({ channelId: ids[kind], sequence: seq++, logTime: ns(logMs), publishTime: ns(publishMs), data: enc.encode(JSON.stringify(data)) });
  };
  // The cursor hands messages over synchronously and the writer is async: go through the day a minute at a time.
  for (let t = (sum.firstTs ?? 0) + STEP_MS; ; t += STEP_MS) {
    const batch: { m: Telemetry; rt: number }[] = [];
    cursor.take(t, (m, rt) => batch.push({ m, rt }));
    for (const { m, rt } of batch) {
      while (a < alerts.length && alerts[a]!.ts <= rt) await add('alert', alerts[a]!.ts, alerts[a]!.ts, alerts[a++]!.alert);
      await add(m.kind, rt, m.ts, m);
    }
    if (batch.length === 0 && cursor.peekTime() === undefined) break;
  }
  while (a < alerts.length) await add('alert', alerts[a]!.ts, alerts[a]!.ts, alerts[a++]!.alert);
  await w.end();
  return counts;
}

/** An IWritable over a Node stream that honours backpressure. */
export function streamWritable(stream: NodeJS.WritableStream): IWritable {
  let position = 0n;
  return {
    position: () => position,
    write(buffer: Uint8Array): Promise<void> {
      position += BigInt(buffer.byteLength);
      if (stream.write(buffer)) return Promise.resolve();
      return new Promise((resolve) => stream.once('drain', () => resolve()));
    },
  };
}
