/**
 * Seeded pseudo-random numbers for the simulator. Every random figure of the band is drawn from a stream
 * addressed by integers (seed, voice, bar, hit, ...), so a frame's content depends only on the seed and
 * its coordinates, never on how many numbers were drawn before it.
 */

/** mulberry32: a small 32-bit generator; returns a function yielding uniform numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes integers (truncated to 32 bits) into one 32-bit seed, murmur3-style, so nearby inputs decorrelate. */
export function mixSeed(values: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    let k = Math.imul(value | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= values.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) fixed by its integer coordinates (e.g. seed, voice, bar, hit). */
export function uniformAt(coordinates: readonly number[]): number {
  return mulberry32(mixSeed(coordinates))();
}

/** A uniform number in [min, max) fixed by its integer coordinates. */
export function uniformBetween(min: number, max: number, coordinates: readonly number[]): number {
  return min + (max - min) * mulberry32(mixSeed(coordinates))();
}
