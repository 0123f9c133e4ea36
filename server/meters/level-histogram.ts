/**
 * A fixed-bin histogram of dB readings for percentiles in O(bins) = O(1) per query and O(1) per update.
 * Counts are also kept per block of BLOCK_BINS bins so a percentile walks blocks first and scans one block.
 * Each bin keeps a count and the sum of its readings, so a percentile reports the mean of the readings in
 * its bin (exact for steady readings, within one bin width otherwise).
 * Bin 0 is the underflow bin: readings below `minDb` (including -Infinity) land there and report -Infinity.
 * Readings at or above `maxDb` land in the top bin with their own value.
 */
export interface HistogramSpec {
  /** Lower edge of the first regular bin, dB. */
  minDb: number;
  /** Upper edge of the last regular bin, dB. */
  maxDb: number;
  /** Width of a bin, dB. */
  binDb: number;
}

/** Levels: 0.5 dB bins from -120 to +20 dBFS (X32 meters reach +18 dBFS). */
export const LEVEL_HISTOGRAM: HistogramSpec = { minDb: -120, maxDb: 20, binDb: 0.5 };
/** Gain reduction: 0.5 dB bins from 0 to 60 dB. */
export const REDUCTION_HISTOGRAM: HistogramSpec = { minDb: 0, maxDb: 60, binDb: 0.5 };

/** Bins per block of the coarse counts (a power of two: bin >> BLOCK_SHIFT is its block). */
const BLOCK_SHIFT = 4;
const BLOCK_BINS = 1 << BLOCK_SHIFT;

export class LevelHistogram {
  readonly #counts: Uint32Array;
  readonly #blockCounts: Uint32Array;
  readonly #sums: Float64Array;
  #total = 0;

  constructor(spec: HistogramSpec) {
    const bins = Math.ceil((spec.maxDb - spec.minDb) / spec.binDb) + 1;
    this.#counts = new Uint32Array(bins);
    this.#blockCounts = new Uint32Array(Math.ceil(bins / BLOCK_BINS));
    this.#sums = new Float64Array(bins);
  }

  /** Bin index of a reading under `spec` (shared by every histogram with that spec). */
  static binOf(spec: HistogramSpec, valueDb: number): number {
    if (!(valueDb >= spec.minDb)) return 0;
    const last = Math.ceil((spec.maxDb - spec.minDb) / spec.binDb);
    return Math.min(last, 1 + Math.floor((valueDb - spec.minDb) / spec.binDb));
  }

  get count(): number {
    return this.#total;
  }

  add(bin: number, valueDb: number): void {
    this.#counts[bin]! += 1;
    this.#blockCounts[bin >> BLOCK_SHIFT]! += 1;
    if (bin > 0) this.#sums[bin]! += valueDb;
    this.#total += 1;
  }

  remove(bin: number, valueDb: number): void {
    const left = (this.#counts[bin]! -= 1);
    this.#blockCounts[bin >> BLOCK_SHIFT]! -= 1;
    // Reset rather than subtract at zero so floating-point residue never outlives the readings.
    if (bin > 0) this.#sums[bin] = left === 0 ? 0 : this.#sums[bin]! - valueDb;
    this.#total -= 1;
  }

  clear(): void {
    this.#counts.fill(0);
    this.#blockCounts.fill(0);
    this.#sums.fill(0);
    this.#total = 0;
  }

  /**
   * Nearest-rank percentile (0..100) of the readings, dB: the smallest reading with at least `percent`% of
   * readings at or below it (reported as its bin's mean). -Infinity when empty or when it falls in the
   * underflow bin.
   */
  percentile(percent: number): number {
    if (this.#total === 0) return -Infinity;
    const rank = Math.max(1, Math.ceil((percent / 100) * this.#total));
    const counts = this.#counts;
    const blockCounts = this.#blockCounts;
    if (percent <= 50) {
      let seen = 0;
      let block = 0;
      while (seen + blockCounts[block]! < rank) seen += blockCounts[block++]!;
      for (let bin = block << BLOCK_SHIFT; bin < counts.length; bin += 1) {
        seen += counts[bin]!;
        if (seen >= rank) return this.#binMean(bin);
      }
    } else {
      const rankFromTop = this.#total - rank + 1;
      let seen = 0;
      let block = blockCounts.length - 1;
      while (seen + blockCounts[block]! < rankFromTop) seen += blockCounts[block--]!;
      for (let bin = Math.min(counts.length - 1, ((block + 1) << BLOCK_SHIFT) - 1); bin >= 0; bin -= 1) {
        seen += counts[bin]!;
        if (seen >= rankFromTop) return this.#binMean(bin);
      }
    }
    return -Infinity;
  }

  #binMean(bin: number): number {
    if (bin === 0) return -Infinity;
    return this.#sums[bin]! / this.#counts[bin]!;
  }
}
