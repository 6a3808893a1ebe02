/**
 * A small seeded PRNG (mulberry32): uniform in [0, 1), the same sequence for the same seed on every machine. The
 * simulator's days, the benchmarks' fleets and the client's terrain all draw from it, so each is reproducible.
 */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
