/**
 * The day file's string dictionary: ids, crossings, lanes, yards, units and event kinds are stored once per day
 * and referenced by index from every block, so a block of a few dozen messages does not repeat them.
 * Strings added since the last commit can be rolled back if that commit fails.
 */
export class StringTable {
  private readonly index = new Map<string, number>();
  readonly list: string[] = [];
  /** How many strings are durable in the day file. */
  committed = 0;

  constructor(initial: readonly string[] = []) {
    for (const s of initial) this.ref(s);
    this.committed = this.list.length;
  }

  /** Index of `s`, added at the end if new. */
  ref(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(s, i);
      this.list.push(s);
    }
    return i;
  }

  get(i: number): string {
    const s = this.list[i];
    if (s === undefined) throw new RangeError(`string ${i} is not in the day's dictionary`);
    return s;
  }

  /** Strings added since the last commit, with their indexes. */
  fresh(): { i: number; s: string }[] {
    return this.list.slice(this.committed).map((s, k) => ({ i: this.committed + k, s }));
  }

  markCommitted(): void {
    this.committed = this.list.length;
  }

  /** Forgets the strings of a commit that failed. */
  rollback(): void {
    for (const s of this.list.splice(this.committed)) this.index.delete(s);
  }
}
