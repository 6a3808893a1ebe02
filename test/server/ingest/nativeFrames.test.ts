import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every frame a device or browser sends is masked (RFC 6455), and `ws` unmasks it byte by byte in JavaScript unless
// the `bufferutil` native addon loads beside it. Under the ingest load that loop was about 15 % of the ingest thread
// (README, *Performance*); npm may skip install scripts, so this checks the addon is really there for the `ws` that
// Socket.IO's engine uses, and that it unmasks what the JavaScript loop would.
const here = createRequire(import.meta.url);
const engineWs = dirname(createRequire(here.resolve('engine.io')).resolve('ws/package.json'));
const fromWs = createRequire(join(engineWs, 'index.js'));

describe('WebSocket frames are unmasked natively', () => {
  it('loads bufferutil from where the ingest socket’s ws looks for it', () => {
    const native = fromWs('bufferutil') as { unmask?: unknown; mask?: unknown };
    expect(typeof native.unmask).toBe('function');
    expect(typeof native.mask).toBe('function');
  });

  it('unmasks a 100 kB batch exactly as the byte loop does', () => {
    const { unmask } = fromWs('bufferutil') as { unmask(buf: Buffer, mask: Buffer): void };
    const mask = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);
    const plain = Buffer.from(JSON.stringify(Array.from({ length: 500 }, (_x, i) => ({ kind: 'truck', id: `t${i}`, seq: i }))).repeat(3));
    const masked = Buffer.from(plain.map((b, i) => b ^ mask[i & 3]!));
    unmask(masked, mask);
    expect(masked.equals(plain)).toBe(true);
  });
});
