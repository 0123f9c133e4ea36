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

/** Number of bins (the underflow bin included) of a histogram under `spec`. */
export function histogramBins(spec: HistogramSpec): number {
  return Math.ceil((spec.maxDb - spec.minDb) / spec.binDb) + 1;
}

/**
 * Where a histogram keeps its per-bin count and sum: bin `b` has its count at `data[offset + b * stride]`
 * and its sum right after; the count of its block `k` (bins `k * BLOCK_BINS` onwards) is at
 * `blocks[(offset + k * stride) / 2]`. Histograms updated together (every window of a point takes each new
 * reading in the same bin) interleave in one array so an update touches one cache line, not one per histogram.
 */
export interface HistogramStorage {
  data: Float64Array;
  /** `stride / 2` counts per block, sized for `histogramBlocks(spec)` blocks. */
  blocks: Uint32Array;
  /** Index of bin 0's count: even. */
  offset: number;
  /** Doubles between consecutive bins: even, >= 2. */
  stride: number;
}

/** Number of blocks of the coarse counts of a histogram under `spec`. */
export function histogramBlocks(spec: HistogramSpec): number {
  return Math.ceil(histogramBins(spec) / BLOCK_BINS);
}

export class LevelHistogram {
  readonly #data: Float64Array;
  readonly #offset: number;
  readonly #stride: number;
  readonly #bins: number;
  readonly #blocks: Uint32Array;
  #total = 0;

  /** Without `storage` the histogram owns its own. */
  constructor(spec: HistogramSpec, storage?: HistogramStorage) {
    this.#bins = histogramBins(spec);
    this.#data = storage?.data ?? new Float64Array(this.#bins * 2);
    this.#blocks = storage?.blocks ?? new Uint32Array(histogramBlocks(spec));
    this.#offset = storage?.offset ?? 0;
    this.#stride = storage?.stride ?? 2;
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
    const at = this.#offset + bin * this.#stride;
    this.#data[at]! += 1;
    this.#blocks[this.#blockAt(bin >> BLOCK_SHIFT)]! += 1;
    if (bin > 0) this.#data[at + 1]! += valueDb;
    this.#total += 1;
  }

  remove(bin: number, valueDb: number): void {
    const at = this.#offset + bin * this.#stride;
    const left = (this.#data[at]! -= 1);
    this.#blocks[this.#blockAt(bin >> BLOCK_SHIFT)]! -= 1;
    // Reset rather than subtract at zero so floating-point residue never outlives the readings.
    if (bin > 0) this.#data[at + 1] = left === 0 ? 0 : this.#data[at + 1]! - valueDb;
    this.#total -= 1;
  }

  clear(): void {
    for (let bin = 0; bin < this.#bins; bin += 1) {
      const at = this.#offset + bin * this.#stride;
      this.#data[at] = 0;
      this.#data[at + 1] = 0;
    }
    for (let block = 0; block <= (this.#bins - 1) >> BLOCK_SHIFT; block += 1) this.#blocks[this.#blockAt(block)] = 0;
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
    const data = this.#data;
    const offset = this.#offset;
    const stride = this.#stride;
    const blocks = this.#blocks;
    if (percent <= 50) {
      let seen = 0;
      let block = 0;
      while (seen + blocks[this.#blockAt(block)]! < rank) seen += blocks[this.#blockAt(block++)]!;
      for (let bin = block << BLOCK_SHIFT; bin < this.#bins; bin += 1) {
        seen += data[offset + bin * stride]!;
        if (seen >= rank) return this.#binMean(bin);
      }
    } else {
      const rankFromTop = this.#total - rank + 1;
      let seen = 0;
      let block = (this.#bins - 1) >> BLOCK_SHIFT;
      while (seen + blocks[this.#blockAt(block)]! < rankFromTop) seen += blocks[this.#blockAt(block--)]!;
      for (let bin = Math.min(this.#bins - 1, ((block + 1) << BLOCK_SHIFT) - 1); bin >= 0; bin -= 1) {
        seen += data[offset + bin * stride]!;
        if (seen >= rankFromTop) return this.#binMean(bin);
      }
    }
    return -Infinity;
  }

  #blockAt(block: number): number {
    return (this.#offset + block * this.#stride) >> 1;
  }

  #binMean(bin: number): number {
    if (bin === 0) return -Infinity;
    const at = this.#offset + bin * this.#stride;
    return this.#data[at + 1]! / this.#data[at]!;
  }
}
