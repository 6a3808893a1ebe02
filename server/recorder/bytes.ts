const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Little byte streams for the recording's compact encodings: unsigned LEB128 varints, zigzag for signed
 * values, raw float64, and "exact numbers" that cost a varint when they are integers and nine bytes otherwise.
 * Values up to 2^53 are safe: the slow path uses arithmetic instead of 32-bit bit operations.
 */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  byte(v: number): void {
    this.room(1);
    this.buf[this.length++] = v;
  }

  /** Unsigned integer, 7 bits per byte. */
  uint(v: number): void {
    this.room(8);
    if (v < 0x80000000) {
      while (v >= 0x80) {
        this.buf[this.length++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
    } else {
      while (v >= 0x80) {
        this.buf[this.length++] = (v % 128) | 0x80;
        v = Math.floor(v / 128);
      }
    }
    this.buf[this.length++] = v;
  }

  /** Signed integer (zigzag: small magnitudes stay short whatever the sign). */
  int(v: number): void {
    this.uint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  f64(v: number): void {
    this.room(8);
    this.view.setFloat64(this.length, v, true);
    this.length += 8;
  }

  /**
   * `v - prev`, exact: a zigzag varint when both are safe integers (scaled down when a whole number of seconds,
   * as timestamps of devices that report on the second are), else a marker and the raw float64. -0 is written as 0
   * whichever way it goes (the varint cannot carry its sign, so the float64 must not either: -0 after 5e-324 came
   * back as -0, after 0 as 0).
   */
  exact(value: number, prev: number): void {
    const v = value + 0;
    const d = v - prev;
    if (Number.isSafeInteger(v) && Number.isSafeInteger(d) && Math.abs(d) < 2 ** 50) {
      if (d !== 0 && d % 1000 === 0) this.uint((d > 0 ? d / 500 : -d / 500 - 1) * 4 + 3);
      else this.uint(d >= 0 ? d * 4 : -d * 4 - 2);
    } else {
      this.uint(1);
      this.f64(v);
    }
  }

  str(s: string): void {
    const bytes = encoder.encode(s);
    this.uint(bytes.length);
    this.bytes(bytes);
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** Empties the writer, keeping its buffer (a scratch writer reused from one block to the next). */
  reset(): void {
    this.length = 0;
  }

  /** Appends what `w` holds as a varint length and its bytes (one column of a block). */
  column(w: ByteWriter): void {
    this.uint(w.length);
    this.room(w.length);
    this.buf.set(w.buf.subarray(0, w.length), this.length);
    this.length += w.length;
  }

  /** The bytes written so far (a view: copy it if the writer is reused). */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

/** Reads what a ByteWriter wrote, in the same order. */
export class ByteReader {
  pos = 0;
  private readonly view: DataView;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  byte(): number {
    if (this.pos >= this.buf.length) throw new RangeError('recording block ends early');
    return this.buf[this.pos++]!;
  }

  uint(): number {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = this.byte();
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
    }
  }

  int(): number {
    const z = this.uint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  f64(): number {
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  exact(prev: number): number {
    const z = this.uint();
    if (z === 1) return this.f64();
    if (z % 4 === 3) {
      const y = (z - 3) / 4;
      return prev + (y % 2 === 0 ? y / 2 : -(y + 1) / 2) * 1000;
    }
    return prev + (z % 4 === 0 ? z / 4 : -(z + 2) / 4);
  }

  str(): string {
    return decoder.decode(this.bytes(this.uint()));
  }

  bytes(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) throw new RangeError('recording block ends early');
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
}

/** Joins column streams into one buffer: each as a varint length and its bytes. */
export function joinColumns(cols: readonly ByteWriter[]): Uint8Array {
  const out = new ByteWriter(cols.reduce((n, c) => n + c.length + 5, 0));
  for (const c of cols) out.column(c);
  return out.finish();
}

/** Splits a buffer made by joinColumns into `n` readers. */
export function splitColumns(buf: Uint8Array, n: number): ByteReader[] {
  const r = new ByteReader(buf);
  const out: ByteReader[] = [];
  for (let i = 0; i < n; i++) out.push(new ByteReader(r.bytes(r.uint())));
  return out;
}
