/**
 * A binary min-heap of numbers under a strict order `less` (by default the numbers themselves): the bound's
 * remaining work (least first) and the forecast's queue of truck indices (by priority key).
 */
export class Heap {
  private readonly a: number[] = [];
  constructor(private readonly less: (x: number, y: number) => boolean = (x, y) => x < y) {}

  get size(): number {
    return this.a.length;
  }

  /** Every element, in heap (not sorted) order: a view, valid until the next change. */
  items(): readonly number[] {
    return this.a;
  }

  /** The least element (undefined when empty). */
  peek(): number | undefined {
    return this.a[0];
  }

  push(x: number): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i]!, a[p]!)) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }

  /** Removes and returns the least element (undefined when empty). */
  pop(): number | undefined {
    const a = this.a;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      this.down(0);
    }
    return top;
  }

  /** Replaces the least element with `x` (cheaper than pop then push). */
  replaceTop(x: number): void {
    this.a[0] = x;
    this.down(0);
  }

  private down(i: number): void {
    const a = this.a;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
      if (r < a.length && this.less(a[r]!, a[m]!)) m = r;
      if (m === i) return;
      [a[m], a[i]] = [a[i]!, a[m]!];
      i = m;
    }
  }
}
