import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeOrWait } from '../../../server/http/recordingRoutes';

/** A sink that takes one chunk per `release()`: its 64-byte buffer is full after one write. */
function slowSink(): { sink: Writable; got: number[]; release: () => void } {
  const got: number[] = [];
  const pending: (() => void)[] = [];
  const sink = new Writable({
    highWaterMark: 64,
    write(chunk: Buffer, _enc, done) {
      got.push(chunk.length);
      pending.push(done);
    },
  });
  return { sink, got, release: () => pending.shift()?.() };
}

describe('writeOrWait (an MCAP export streamed to a slow client)', () => {
  it('waits for each drain, delivers every chunk, and leaves no listener behind however often it waits', async () => {
    const { sink, got, release } = slowSink();
    const closeBefore = sink.listenerCount('close');
    for (let i = 0; i < 50; i++) {
      const wrote = writeOrWait(sink, new Uint8Array(100));
      release();
      await wrote;
    }
    expect(got).toHaveLength(50);
    expect(sink.listenerCount('close')).toBe(closeBefore);
    expect(sink.listenerCount('drain')).toBe(0);
  });

  it('rejects a wait when the client goes away, and refuses to write once it has', async () => {
    const { sink } = slowSink();
    const waiting = writeOrWait(sink, new Uint8Array(100));
    sink.destroy();
    await expect(waiting).rejects.toThrow(/went away/);
    await expect(writeOrWait(sink, new Uint8Array(1))).rejects.toThrow(/went away/);
    expect(sink.listenerCount('drain')).toBe(0);
  });
});
