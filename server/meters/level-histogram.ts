/**
 * Fixed-bin histograms of dB readings for percentiles in O(bins) = O(1) per query and O(1) per update.
 * Counts are also kept per block of 16 bins so a percentile walks blocks first and scans one block.
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
/** Doubles in one cache line (64 bytes): a bin's row is a whole number of lines. */
const LINE_DOUBLES = 8;

/** Number of bins (the underflow bin included) of a histogram under `spec`. */
export function histogramBins(spec: HistogramSpec): number {
  return Math.ceil((spec.maxDb - spec.minDb) / spec.binDb) + 1;
}

/**
 * `histograms` histograms over the same bins, numbered 0..histograms-1. The windows of one meter point put
 * each new reading in the same bin, so a bin's figures for every histogram share one row: the sums as
 * doubles, then the counts as 32-bit integers, 12 bytes per histogram, padded to whole cache lines (one line
 * for up to five histograms). Adding a reading to all of them then touches one line instead of one per
 * histogram. Counts per block and the totals live in a second, small array.
 */
export class LevelHistograms {
  readonly #bins: number;
  readonly #lastBlock: number;
  readonly #histograms: number;
  /** Doubles per bin row. */
  readonly #rowDoubles: number;
  readonly #sums: Float64Array;
  /** The same memory as #sums: the count of (bin, k) is at `2 * (bin * #rowDoubles + #histograms) + k`. */
  readonly #counts: Uint32Array;
  /** Count of (block, k) at `block * #histograms + k`, then the total of k at `#totalsAt + k`. */
  readonly #blocks: Uint32Array;
  readonly #totalsAt: number;
  readonly #minDb: number;
  readonly #binDb: number;

  constructor(spec: HistogramSpec, histograms: number) {
    this.#bins = histogramBins(spec);
    this.#lastBlock = (this.#bins - 1) >> BLOCK_SHIFT;
    this.#histograms = histograms;
    // Sums take `histograms` doubles and counts half as many: round the row up to whole lines.
    this.#rowDoubles = Math.ceil((histograms + Math.ceil(histograms / 2)) / LINE_DOUBLES) * LINE_DOUBLES;
    this.#sums = new Float64Array(this.#bins * this.#rowDoubles);
    this.#counts = new Uint32Array(this.#sums.buffer);
    this.#totalsAt = (this.#lastBlock + 1) * histograms;
    this.#blocks = new Uint32Array(this.#totalsAt + histograms);
    this.#minDb = spec.minDb;
    this.#binDb = spec.binDb;
  }

  /** Bin index of a reading under the spec. */
  binOf(valueDb: number): number {
    if (!(valueDb >= this.#minDb)) return 0;
    return Math.min(this.#bins - 1, 1 + Math.floor((valueDb - this.#minDb) / this.#binDb));
  }

  /** Readings held by histogram `k`. */
  count(k: number): number {
    return this.#blocks[this.#totalsAt + k]!;
  }

  add(k: number, bin: number, valueDb: number): void {
    const row = bin * this.#rowDoubles;
    this.#counts[2 * (row + this.#histograms) + k]! += 1;
    this.#blocks[(bin >> BLOCK_SHIFT) * this.#histograms + k]! += 1;
    this.#blocks[this.#totalsAt + k]! += 1;
    if (bin > 0) this.#sums[row + k]! += valueDb;
  }

  remove(k: number, bin: number, valueDb: number): void {
    const row = bin * this.#rowDoubles;
    const left = (this.#counts[2 * (row + this.#histograms) + k]! -= 1);
    this.#blocks[(bin >> BLOCK_SHIFT) * this.#histograms + k]! -= 1;
    this.#blocks[this.#totalsAt + k]! -= 1;
    // Reset rather than subtract at zero so floating-point residue never outlives the readings.
    if (bin > 0) this.#sums[row + k] = left === 0 ? 0 : this.#sums[row + k]! - valueDb;
  }

  /** Empties histogram `k`. */
  clear(k: number): void {
    for (let bin = 0; bin < this.#bins; bin += 1) {
      const row = bin * this.#rowDoubles;
      this.#sums[row + k] = 0;
      this.#counts[2 * (row + this.#histograms) + k] = 0;
    }
    for (let block = 0; block <= this.#lastBlock; block += 1) this.#blocks[block * this.#histograms + k] = 0;
    this.#blocks[this.#totalsAt + k] = 0;
  }

  /**
   * Nearest-rank percentile (0..100) of the readings of histogram `k`, dB: the smallest reading with at least
   * `percent`% of readings at or below it (reported as its bin's mean). -Infinity when empty or when it
   * falls in the underflow bin.
   */
  percentile(k: number, percent: number): number {
    const total = this.count(k);
    if (total === 0) return -Infinity;
    const rank = Math.max(1, Math.ceil((percent / 100) * total));
    const h = this.#histograms;
    const blocks = this.#blocks;
    if (percent <= 50) {
      let seen = 0;
      let block = 0;
      while (seen + blocks[block * h + k]! < rank) seen += blocks[block++ * h + k]!;
      for (let bin = block << BLOCK_SHIFT; bin < this.#bins; bin += 1) {
        seen += this.#binCount(k, bin);
        if (seen >= rank) return this.#binMean(k, bin);
      }
    } else {
      const rankFromTop = total - rank + 1;
      let seen = 0;
      let block = this.#lastBlock;
      while (seen + blocks[block * h + k]! < rankFromTop) seen += blocks[block-- * h + k]!;
      for (let bin = Math.min(this.#bins - 1, ((block + 1) << BLOCK_SHIFT) - 1); bin >= 0; bin -= 1) {
        seen += this.#binCount(k, bin);
        if (seen >= rankFromTop) return this.#binMean(k, bin);
      }
    }
    return -Infinity;
  }

  #binCount(k: number, bin: number): number {
    return this.#counts[2 * (bin * this.#rowDoubles + this.#histograms) + k]!;
  }

  #binMean(k: number, bin: number): number {
    if (bin === 0) return -Infinity;
    return this.#sums[bin * this.#rowDoubles + k]! / this.#binCount(k, bin);
  }
}
