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

/** A handle keeps the number of the histogram within its point in its low HANDLE_BITS bits. */
const HANDLE_BITS = 3;
/** Most histograms a point can have. */
const MAX_PER_POINT = 1 << HANDLE_BITS;

/** The handle of histogram `k` (0-based, < the bank's `perPoint`) of point `point` of a bank. */
export function histogramHandle(point: number, k: number): number {
  return (point << HANDLE_BITS) + k;
}

/**
 * The histograms of every meter point of an area: `perPoint` histograms over the same bins for each point,
 * all in one pair of typed arrays so that a point costs no typed-array objects of its own (each would be
 * one more cache line per push). The windows of one point put each new reading in the same bin, so a bin's
 * figures for all the point's histograms share one row: the sums as doubles, then the counts as 32-bit
 * integers, 12 bytes per histogram, padded to whole cache lines (one line for up to five histograms).
 * Adding a reading to all of them then touches one line instead of one per histogram. Counts per block
 * live in a second, small array. A histogram's total is not kept here: its window knows how many readings
 * it holds and passes that to `percentile`.
 */
export class LevelHistograms {
  readonly #bins: number;
  readonly #lastBlock: number;
  readonly #perPoint: number;
  /** Doubles per bin row. */
  readonly #rowDoubles: number;
  /** Doubles per point (its rows). */
  readonly #pointDoubles: number;
  /** Block counts per point. */
  readonly #pointBlocks: number;
  /**
   * Sum of (point, bin, k) at `point * #pointDoubles + bin * #rowDoubles + k`; the same memory as #counts,
   * which has the count of (point, bin, k) at twice the row's index plus `2 * #perPoint + k`.
   */
  #sums: Float64Array;
  #counts: Uint32Array;
  /** Count of (point, block, k) at `point * #pointBlocks + block * #perPoint + k`. */
  #blocks: Uint32Array;
  #points = 0;
  #capacity: number;
  readonly #minDb: number;
  readonly #binDb: number;

  /** `points`: how many points to make room for at first (attach grows it). */
  constructor(spec: HistogramSpec, perPoint: number, points: number) {
    if (perPoint > MAX_PER_POINT) throw new RangeError(`at most ${MAX_PER_POINT} histograms per point, asked for ${perPoint}`);
    this.#bins = histogramBins(spec);
    this.#lastBlock = (this.#bins - 1) >> BLOCK_SHIFT;
    this.#perPoint = perPoint;
    // Sums take `perPoint` doubles and counts half as many: round the row up to whole lines.
    this.#rowDoubles = Math.ceil((perPoint + Math.ceil(perPoint / 2)) / LINE_DOUBLES) * LINE_DOUBLES;
    this.#pointDoubles = this.#bins * this.#rowDoubles;
    this.#pointBlocks = (this.#lastBlock + 1) * perPoint;
    this.#capacity = Math.max(1, points);
    this.#sums = new Float64Array(this.#capacity * this.#pointDoubles);
    this.#counts = new Uint32Array(this.#sums.buffer);
    this.#blocks = new Uint32Array(this.#capacity * this.#pointBlocks);
    this.#minDb = spec.minDb;
    this.#binDb = spec.binDb;
  }

  /** Makes room for one more point; returns its number (for histogramHandle). */
  attach(): number {
    if (this.#points === this.#capacity) {
      this.#capacity *= 2;
      const sums = new Float64Array(this.#capacity * this.#pointDoubles);
      sums.set(this.#sums);
      const blocks = new Uint32Array(this.#capacity * this.#pointBlocks);
      blocks.set(this.#blocks);
      this.#sums = sums;
      this.#counts = new Uint32Array(sums.buffer);
      this.#blocks = blocks;
    }
    this.#points += 1;
    return this.#points - 1;
  }

  /** Bin index of a reading under the spec. */
  binOf(valueDb: number): number {
    if (!(valueDb >= this.#minDb)) return 0;
    return Math.min(this.#bins - 1, 1 + Math.floor((valueDb - this.#minDb) / this.#binDb));
  }

  add(histogram: number, bin: number, valueDb: number): void {
    const point = histogram >> HANDLE_BITS;
    const k = histogram & (MAX_PER_POINT - 1);
    const row = point * this.#pointDoubles + bin * this.#rowDoubles;
    this.#counts[2 * (row + this.#perPoint) + k]! += 1;
    this.#blocks[point * this.#pointBlocks + (bin >> BLOCK_SHIFT) * this.#perPoint + k]! += 1;
    if (bin > 0) this.#sums[row + k]! += valueDb;
  }

  remove(histogram: number, bin: number, valueDb: number): void {
    const point = histogram >> HANDLE_BITS;
    const k = histogram & (MAX_PER_POINT - 1);
    const row = point * this.#pointDoubles + bin * this.#rowDoubles;
    const left = (this.#counts[2 * (row + this.#perPoint) + k]! -= 1);
    this.#blocks[point * this.#pointBlocks + (bin >> BLOCK_SHIFT) * this.#perPoint + k]! -= 1;
    // Reset rather than subtract at zero so floating-point residue never outlives the readings.
    if (bin > 0) this.#sums[row + k] = left === 0 ? 0 : this.#sums[row + k]! - valueDb;
  }

  /** Empties a histogram. */
  clear(histogram: number): void {
    const point = histogram >> HANDLE_BITS;
    const k = histogram & (MAX_PER_POINT - 1);
    for (let bin = 0; bin < this.#bins; bin += 1) {
      const row = point * this.#pointDoubles + bin * this.#rowDoubles;
      this.#sums[row + k] = 0;
      this.#counts[2 * (row + this.#perPoint) + k] = 0;
    }
    for (let block = 0; block <= this.#lastBlock; block += 1) this.#blocks[point * this.#pointBlocks + block * this.#perPoint + k] = 0;
  }

  /**
   * Nearest-rank percentile (0..100) of the `total` readings of a histogram, dB: the smallest reading with
   * at least `percent`% of readings at or below it (reported as its bin's mean). -Infinity when empty or
   * when it falls in the underflow bin.
   */
  percentile(histogram: number, percent: number, total: number): number {
    if (total === 0) return -Infinity;
    const point = histogram >> HANDLE_BITS;
    const k = histogram & (MAX_PER_POINT - 1);
    const rank = Math.max(1, Math.ceil((percent / 100) * total));
    const h = this.#perPoint;
    const blocks = this.#blocks;
    const blockAt = point * this.#pointBlocks + k;
    if (percent <= 50) {
      let seen = 0;
      let block = 0;
      while (seen + blocks[blockAt + block * h]! < rank) seen += blocks[blockAt + block++ * h]!;
      for (let bin = block << BLOCK_SHIFT; bin < this.#bins; bin += 1) {
        seen += this.#binCount(point, k, bin);
        if (seen >= rank) return this.#binMean(point, k, bin);
      }
    } else {
      const rankFromTop = total - rank + 1;
      let seen = 0;
      let block = this.#lastBlock;
      while (seen + blocks[blockAt + block * h]! < rankFromTop) seen += blocks[blockAt + block-- * h]!;
      for (let bin = Math.min(this.#bins - 1, ((block + 1) << BLOCK_SHIFT) - 1); bin >= 0; bin -= 1) {
        seen += this.#binCount(point, k, bin);
        if (seen >= rankFromTop) return this.#binMean(point, k, bin);
      }
    }
    return -Infinity;
  }

  #binCount(point: number, k: number, bin: number): number {
    return this.#counts[2 * (point * this.#pointDoubles + bin * this.#rowDoubles + this.#perPoint) + k]!;
  }

  #binMean(point: number, k: number, bin: number): number {
    if (bin === 0) return -Infinity;
    return this.#sums[point * this.#pointDoubles + bin * this.#rowDoubles + k]! / this.#binCount(point, k, bin);
  }
}
