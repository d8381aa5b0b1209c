/** The simulator's one source of randomness: seeded, so the same seed gives the same worlds, ids and credentials. */

/** mulberry32: a tiny seeded PRNG returning numbers in [0, 1); the simulator never touches `Math.random`. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
