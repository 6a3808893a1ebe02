/** How far behind the newest seq of an id a message may arrive and still be deduplicated exactly. */
export const SEQ_WINDOW = 4096;
const WORDS = SEQ_WINDOW / 32;

export type SeqVerdict = 'new' | 'late' | 'duplicate' | 'too-old';

/**
 * Remembers which seqs of one id were seen, within a sliding window below the newest.
 * 'new' advances the window, 'late' fills a gap (accepted and counted), 'duplicate' was seen,
 * 'too-old' fell out of the window and cannot be told apart from a duplicate.
 */
export class SeqWindow {
  max = -1;
  private readonly bits = new Uint32Array(WORDS);

  check(seq: number): SeqVerdict {
    if (seq > this.max) return 'new';
    if (seq <= this.max - SEQ_WINDOW) return 'too-old';
    return this.has(seq) ? 'duplicate' : 'late';
  }

  /** Marks seq as seen (after check said 'new' or 'late'). */
  mark(seq: number): void {
    if (seq > this.max) {
      const shift = this.max < 0 ? SEQ_WINDOW : seq - this.max;
      if (shift >= SEQ_WINDOW) this.bits.fill(0);
      else for (let s = this.max + 1; s < seq; s++) this.setBit(s, false);
      this.max = seq;
    }
    this.setBit(seq, true);
  }

  /** Forgets seq again (its batch could not be made durable, so the device will resend it). */
  unmark(seq: number): void {
    if (seq > this.max - SEQ_WINDOW && seq <= this.max) this.setBit(seq, false);
  }

  private has(seq: number): boolean {
    const i = seq % SEQ_WINDOW;
    return (this.bits[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  private setBit(seq: number, on: boolean): void {
    const i = seq % SEQ_WINDOW;
    const w = i >>> 5;
    if (on) this.bits[w]! |= 1 << (i & 31);
    else this.bits[w]! &= ~(1 << (i & 31));
  }
}
