/**
 * Running figures over a sliding suffix of a ReadingRing: the window is the sequence number of its oldest
 * reading plus running sums and fixed-bin histograms, so every update is O(1) amortised and no reading is
 * copied. The peak comes from the ring's shared monotonic deque.
 */
import type { LevelHistogram } from './level-histogram';
import { READING_CLIP, READING_PRESENT, type ReadingRing } from './reading-ring';

export class WindowAggregate {
  readonly #ring: ReadingRing;
  readonly #all: LevelHistogram;
  /** Null for a window only asked for percentiles of every reading (the noise window). */
  readonly #playing: LevelHistogram | null;
  /** Sequence number of the oldest reading held (the ring's end when empty). */
  #start: number;
  #presentCount = 0;
  #meanSum = 0;
  #activeMs = 0;
  #clipCount = 0;

  /**
   * `all` takes every reading, `playing` the playing ones; without `playing` the window keeps only the
   * histogram of every reading and the frame count (the noise window).
   */
  constructor(ring: ReadingRing, all: LevelHistogram, playing: LevelHistogram | null) {
    this.#ring = ring;
    this.#all = all;
    this.#playing = playing;
    this.#start = ring.end;
  }

  /** Sequence number of the oldest reading held. */
  get start(): number {
    return this.#start;
  }

  /** Takes in the ring's newest reading. */
  addNewest(): void {
    const { mask, valueDb, meanTerm, durationMs, flags, bin } = this.#ring.columns;
    const slot = (this.#ring.end - 1) & mask;
    const readingBin = bin[slot]!;
    const readingDb = valueDb[slot]!;
    this.#all.add(readingBin, readingDb);
    const playing = this.#playing;
    if (playing === null) return;
    const readingFlags = flags[slot]!;
    if ((readingFlags & READING_PRESENT) !== 0) {
      this.#presentCount += 1;
      this.#meanSum += meanTerm[slot]!;
      this.#activeMs += durationMs[slot]!;
      playing.add(readingBin, readingDb);
    }
    if ((readingFlags & READING_CLIP) !== 0) this.#clipCount += 1;
  }

  /** Drops readings taken at or before `cutoffMs` (wall-clock windows). */
  evictUpTo(cutoffMs: number): void {
    const end = this.#ring.end;
    const { mask, atMs } = this.#ring.columns;
    let start = this.#start;
    while (start < end && atMs[start & mask]! <= cutoffMs) {
      this.#evict(start);
      start += 1;
    }
    this.#start = start;
  }

  /** Drops the oldest readings while more than `activeMs` of playing time is held (active-time windows). */
  evictBeyondActive(activeMs: number): void {
    const end = this.#ring.end;
    while (this.#activeMs > activeMs && this.#start < end) {
      this.#evict(this.#start);
      this.#start += 1;
    }
  }

  /** Forgets every reading held (the ring's newest reading onwards is new). */
  clear(): void {
    this.#start = this.#ring.end;
    this.#all.clear();
    this.#playing?.clear();
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
    const { mask, atMs, durationMs } = ring.columns;
    return atMs[(ring.end - 1) & mask]! - atMs[start & mask]! + durationMs[start & mask]!;
  }

  /** Percentile of every reading held. */
  percentileOfAll(percent: number): number {
    return this.#all.percentile(percent);
  }

  /** Percentile of the playing readings held (-Infinity for a window kept without playing figures). */
  percentileOfPlaying(percent: number): number {
    return this.#playing?.percentile(percent) ?? -Infinity;
  }

  /** Takes reading `seq` (the oldest held) out of the figures; the caller moves the start past it. */
  #evict(seq: number): void {
    const { mask, valueDb, meanTerm, durationMs, flags, bin } = this.#ring.columns;
    const slot = seq & mask;
    const readingBin = bin[slot]!;
    const readingDb = valueDb[slot]!;
    this.#all.remove(readingBin, readingDb);
    const playing = this.#playing;
    if (playing === null) return;
    const readingFlags = flags[slot]!;
    if ((readingFlags & READING_PRESENT) !== 0) {
      this.#presentCount -= 1;
      this.#activeMs -= durationMs[slot]!;
      playing.remove(readingBin, readingDb);
      // Reset at zero so floating-point residue from large readings never biases later quiet ones.
      this.#meanSum = this.#presentCount === 0 ? 0 : Math.max(0, this.#meanSum - meanTerm[slot]!);
    }
    if ((readingFlags & READING_CLIP) !== 0) this.#clipCount -= 1;
  }
}
