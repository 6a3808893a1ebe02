import { describe, expect, it } from 'vitest';
import { SEQ_WINDOW, SeqWindow } from '../../../server/twin/seqWindow';

describe('SeqWindow dedupe', () => {
  it.each<[string, number[], number, string]>([
    ['first seq is new', [], 5, 'new'],
    ['next seq is new', [1, 2], 3, 'new'],
    ['same seq twice is a duplicate', [1, 2, 3], 2, 'duplicate'],
    ['a gap filled later is late, not a duplicate', [1, 3], 2, 'late'],
    ['seq 0 after 1 is late', [1], 0, 'late'],
    ['a seq that fell out of the window is too old', [SEQ_WINDOW + 10], 5, 'too-old'],
    ['just inside the window is still judged', [SEQ_WINDOW + 10], 11, 'late'],
  ])('%s', (_name, seen, seq, verdict) => {
    const w = new SeqWindow();
    for (const s of seen) w.mark(s);
    expect(w.check(seq)).toBe(verdict);
  });

  it('keeps what it saw inside the window across a large jump, and nothing it did not see', () => {
    const w = new SeqWindow();
    for (let s = 0; s < 100; s++) w.mark(s);
    w.mark(SEQ_WINDOW + 50);
    expect(w.check(60)).toBe('duplicate');
    expect(w.check(120)).toBe('late');
    expect(w.check(SEQ_WINDOW + 20)).toBe('late');
    expect(w.check(SEQ_WINDOW + 50)).toBe('duplicate');
  });

  it('unmark lets a seq be accepted again (its batch was not made durable)', () => {
    const w = new SeqWindow();
    w.mark(1);
    w.mark(2);
    w.unmark(2);
    expect(w.check(2)).toBe('late');
  });
});
