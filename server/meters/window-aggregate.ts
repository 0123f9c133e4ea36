/**
 * Running figures over a sliding suffix of a ReadingRing: the window is the sequence number of its oldest
 * reading plus running sums and fixed-bin histograms, so every update is O(1) amortised and no reading is
 * copied. The peak comes from the ring (ReadingRing.peakFrom).
 */
import type { LevelHistograms } from './level-histogram';
import type { ReadingColumns } from './reading-matrix';
import { READING_CLIP, READING_PRESENT, type ReadingRing } from './reading-ring';

/** No histogram of playing readings (the noise window is only asked for percentiles of every reading). */
export const NO_HISTOGRAM = -1;

export class WindowAggregate {
  readonly #ring: ReadingRing;
  readonly #histograms: LevelHistograms;
  /** Handle (in #histograms) of the histogram of every reading held. */
  readonly #all: number;
  /** Histogram of the playing readings held, or NO_HISTOGRAM: then only `#all` and the frame count are kept. */
  readonly #playing: number;
  /** Sequence number of the oldest reading held (the ring's end when empty). */
  #start: number;
  #presentCount = 0;
  #meanSum = 0;
  #activeMs = 0;
  #clipCount = 0;

  constructor(ring: ReadingRing, histograms: LevelHistograms, all: number, playing: number) {
    this.#ring = ring;
    this.#histograms = histograms;
    this.#all = all;
    this.#playing = playing;
    this.#start = ring.end;
  }

  /** Sequence number of the oldest reading held. */
  get start(): number {
    return this.#start;
  }

  /**
   * Takes in the ring's newest reading, whose fields the caller passes (it just wrote them) so its
   * fields need not be read back.
   */
  addNewest(bin: number, valueDb: number, flags: number, meanTerm: number, durationMs: number): void {
    this.#histograms.add(this.#all, bin, valueDb);
    if (this.#playing === NO_HISTOGRAM) return;
    if ((flags & READING_PRESENT) !== 0) {
      this.#presentCount += 1;
      this.#meanSum += meanTerm;
      this.#activeMs += durationMs;
      this.#histograms.add(this.#playing, bin, valueDb);
    }
    if ((flags & READING_CLIP) !== 0) this.#clipCount += 1;
  }

  /** Drops readings taken at or before `cutoffMs` (wall-clock windows). */
  evictUpTo(cutoffMs: number): void {
    const ring = this.#ring;
    const end = ring.end;
    const columns = ring.columns;
    let start = this.#start;
    while (start < end && columns.atMs[ring.at(start)]! <= cutoffMs) {
      this.#evict(columns, ring.at(start));
      start += 1;
    }
    this.#start = start;
  }

  /** Drops the oldest readings while more than `activeMs` of playing time is held (active-time windows). */
  evictBeyondActive(activeMs: number): void {
    const ring = this.#ring;
    const end = ring.end;
    const columns = ring.columns;
    while (this.#activeMs > activeMs && this.#start < end) {
      this.#evict(columns, ring.at(this.#start));
      this.#start += 1;
    }
  }

  /** Forgets every reading held (the ring's newest reading onwards is new). */
  clear(): void {
    this.#start = this.#ring.end;
    this.#histograms.clear(this.#all);
    if (this.#playing !== NO_HISTOGRAM) this.#histograms.clear(this.#playing);
    this.#presentCount = 0;
    this.#meanSum = 0;
    this.#activeMs = 0;
    this.#clipCount = 0;
  }

  get frames(): number {
    return this.#ring.end - this.#start;
  }

  get presentFrames(): number {
    return this.#presentCount;
  }

  /** Sum of the mean terms of the playing readings (divide by presentFrames). */
  get meanSum(): number {
    return this.#meanSum;
  }

  get activeMs(): number {
    return this.#activeMs;
  }

  get clipCount(): number {
    return this.#clipCount;
  }

  /** Highest reading held, -Infinity when empty. */
  get peakDb(): number {
    return this.#start < this.#ring.end ? this.#ring.peakFrom(this.#start) : -Infinity;
  }

  /** Wall-clock time the held readings span, ms (0 when empty). */
  get spanMs(): number {
    const ring = this.#ring;
    const start = this.#start;
    if (start >= ring.end) return 0;
    const columns = ring.columns;
    return columns.atMs[ring.at(ring.end - 1)]! - columns.atMs[ring.at(start)]! + columns.durationMs[ring.at(start)]!;
  }

  /** Percentile of every reading held. */
  percentileOfAll(percent: number): number {
    return this.#histograms.percentile(this.#all, percent, this.frames);
  }

  /** Percentile of the playing readings held (-Infinity for a window kept without playing figures). */
  percentileOfPlaying(percent: number): number {
    return this.#playing === NO_HISTOGRAM ? -Infinity : this.#histograms.percentile(this.#playing, percent, this.#presentCount);
  }

  /** Takes the reading at index `at` (the oldest held) out of the figures; the caller moves the start past it. */
  #evict(columns: ReadingColumns, at: number): void {
    const code = columns.code[at]!;
    const bin = code >> 2;
    const readingDb = columns.valueDb[at]!;
    this.#histograms.remove(this.#all, bin, readingDb);
    if (this.#playing === NO_HISTOGRAM) return;
    if ((code & READING_PRESENT) !== 0) {
      this.#presentCount -= 1;
      this.#activeMs -= columns.durationMs[at]!;
      this.#histograms.remove(this.#playing, bin, readingDb);
      // Reset at zero so floating-point residue from large readings never biases later quiet ones.
      this.#meanSum = this.#presentCount === 0 ? 0 : Math.max(0, this.#meanSum - columns.meanTerm[at]!);
    }
    if ((code & READING_CLIP) !== 0) this.#clipCount -= 1;
  }
}
