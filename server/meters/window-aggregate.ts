/**
 * Running figures of one window role (the engine's, the noise, the soundcheck window) for every point of an
 * area, over a sliding suffix of each point's ring in a ReadingMatrix: a point's window is the sequence
 * number of its oldest reading plus running sums and fixed-bin histograms, so every update is O(1)
 * amortised and no reading is copied. The peak comes from the ring (ReadingMatrix.peakFrom).
 * The figures of all the points sit in one typed array, a short record per point in point order, rather
 * than in an object per point: a frame's push walks that array in order (the hardware prefetches it)
 * instead of finding each point's object cold again 50 ms after its last push.
 */
import { histogramHandle, type LevelHistograms } from './level-histogram';
import type { WindowFigures } from './on-demand-window';
import { READING_CLIP, READING_PRESENT, type ReadingColumns, type ReadingMatrix } from './reading-matrix';

/** No histogram of playing readings (the noise window is only asked for percentiles of every reading). */
export const NO_HISTOGRAM = -1;

/** A point's record: the sequence number of the oldest reading held (the ring's end when empty), ... */
const START = 0;
/** ... the playing readings held, ... */
const PRESENT = 1;
/** ... the sum of their mean terms, ... */
const MEAN_SUM = 2;
/** ... their duration, ms, ... */
const ACTIVE_MS = 3;
/** ... and the clips held. */
const CLIPS = 4;
const FIELDS = 5;

export class WindowAggregates implements WindowFigures {
  readonly #matrix: ReadingMatrix;
  readonly #histograms: LevelHistograms;
  /** Number, within its point, of the histogram of every reading held. */
  readonly #all: number;
  /** Number of the histogram of the playing readings held, or NO_HISTOGRAM: then only `#all` and the start are kept. */
  readonly #playing: number;
  #figures: Float64Array;
  #points = 0;

  /**
   * Windows over the rings of `matrix` whose histograms are number `all` and `playing` of each point in
   * `histograms`; room for `points` points at first.
   */
  constructor(matrix: ReadingMatrix, histograms: LevelHistograms, all: number, playing: number, points: number) {
    this.#matrix = matrix;
    this.#histograms = histograms;
    this.#all = all;
    this.#playing = playing;
    this.#figures = new Float64Array(Math.max(1, points) * FIELDS);
  }

  /** Starts the next point's window, empty at its ring's end; the point is its column in the matrix. */
  attach(): void {
    if ((this.#points + 1) * FIELDS > this.#figures.length) {
      const figures = new Float64Array(this.#figures.length * 2);
      figures.set(this.#figures);
      this.#figures = figures;
    }
    this.#figures[this.#points * FIELDS + START] = this.#matrix.end(this.#points);
    this.#points += 1;
  }

  /** Sequence number of the oldest reading held. */
  start(point: number): number {
    return this.#figures[point * FIELDS + START]!;
  }

  /**
   * Takes in the point's newest reading, whose fields the caller passes (it just wrote them) so its
   * fields need not be read back.
   */
  addNewest(point: number, bin: number, valueDb: number, flags: number, meanTerm: number, durationMs: number): void {
    this.#histograms.add(histogramHandle(point, this.#all), bin, valueDb);
    if (this.#playing === NO_HISTOGRAM) return;
    const figures = this.#figures;
    const at = point * FIELDS;
    if ((flags & READING_PRESENT) !== 0) {
      figures[at + PRESENT]! += 1;
      figures[at + MEAN_SUM]! += meanTerm;
      figures[at + ACTIVE_MS]! += durationMs;
      this.#histograms.add(histogramHandle(point, this.#playing), bin, valueDb);
    }
    if ((flags & READING_CLIP) !== 0) figures[at + CLIPS]! += 1;
  }

  /** Drops the point's readings taken at or before `cutoffMs` (wall-clock windows). */
  evictUpTo(point: number, cutoffMs: number): void {
    const matrix = this.#matrix;
    const end = matrix.end(point);
    const columns = matrix.columns;
    let start = this.#figures[point * FIELDS + START]!;
    while (start < end && columns.atMs[matrix.at(point, start)]! <= cutoffMs) {
      this.#evict(point, columns, matrix.at(point, start));
      start += 1;
    }
    this.#figures[point * FIELDS + START] = start;
  }

  /** Drops the point's oldest readings while more than `activeMs` of playing time is held (active-time windows). */
  evictBeyondActive(point: number, activeMs: number): void {
    const matrix = this.#matrix;
    const end = matrix.end(point);
    const columns = matrix.columns;
    const figures = this.#figures;
    const at = point * FIELDS;
    while (figures[at + ACTIVE_MS]! > activeMs && figures[at + START]! < end) {
      this.#evict(point, columns, matrix.at(point, figures[at + START]!));
      figures[at + START]! += 1;
    }
  }

  /** Forgets every reading the point's window holds (its ring's newest reading onwards is new). */
  clear(point: number): void {
    const at = point * FIELDS;
    this.#figures[at + START] = this.#matrix.end(point);
    this.#histograms.clear(histogramHandle(point, this.#all));
    if (this.#playing !== NO_HISTOGRAM) this.#histograms.clear(histogramHandle(point, this.#playing));
    this.#figures.fill(0, at + PRESENT, at + FIELDS);
  }

  frames(point: number): number {
    return this.#matrix.end(point) - this.start(point);
  }

  presentFrames(point: number): number {
    return this.#figures[point * FIELDS + PRESENT]!;
  }

  meanSum(point: number): number {
    return this.#figures[point * FIELDS + MEAN_SUM]!;
  }

  activeMs(point: number): number {
    return this.#figures[point * FIELDS + ACTIVE_MS]!;
  }

  clipCount(point: number): number {
    return this.#figures[point * FIELDS + CLIPS]!;
  }

  peakDb(point: number): number {
    return this.#matrix.peakFrom(point, this.start(point));
  }

  spanMs(point: number): number {
    const matrix = this.#matrix;
    const start = this.start(point);
    const end = matrix.end(point);
    if (start >= end) return 0;
    const columns = matrix.columns;
    return columns.atMs[matrix.at(point, end - 1)]! - columns.atMs[matrix.at(point, start)]! + columns.durationMs[matrix.at(point, start)]!;
  }

  percentileOfAll(point: number, percent: number): number {
    return this.#histograms.percentile(histogramHandle(point, this.#all), percent, this.frames(point));
  }

  /** -Infinity for a window kept without playing figures. */
  percentileOfPlaying(point: number, percent: number): number {
    if (this.#playing === NO_HISTOGRAM) return -Infinity;
    return this.#histograms.percentile(histogramHandle(point, this.#playing), percent, this.presentFrames(point));
  }

  /** Takes the point's reading at index `at` (the oldest held) out of the figures; the caller moves the start past it. */
  #evict(point: number, columns: ReadingColumns, at: number): void {
    const code = columns.code[at]!;
    const bin = code >> 2;
    const readingDb = columns.valueDb[at]!;
    this.#histograms.remove(histogramHandle(point, this.#all), bin, readingDb);
    if (this.#playing === NO_HISTOGRAM) return;
    const figures = this.#figures;
    const record = point * FIELDS;
    if ((code & READING_PRESENT) !== 0) {
      const present = (figures[record + PRESENT]! -= 1);
      figures[record + ACTIVE_MS]! -= columns.durationMs[at]!;
      this.#histograms.remove(histogramHandle(point, this.#playing), bin, readingDb);
      // Reset at zero so floating-point residue from large readings never biases later quiet ones.
      figures[record + MEAN_SUM] = present === 0 ? 0 : Math.max(0, figures[record + MEAN_SUM]! - columns.meanTerm[at]!);
    }
    if ((code & READING_CLIP) !== 0) figures[record + CLIPS]! -= 1;
  }
}
