/**
 * A wall-clock window over the rings of a ReadingMatrix whose figures are computed when asked, from the
 * readings it holds, instead of kept up to date on every reading: for the short windows (0.4 s, 3 s) that
 * hold a few dozen readings and are rarely asked (the engine reads the 8 s window), each reading then costs
 * them nothing. Its figures are a WindowAggregates' over the same readings: the same nearest-rank bin,
 * reported as the mean of its readings; sums are taken fresh, so they can differ from the running ones in
 * the last bits. Only valid over rings that a longer incrementally kept window holds in place
 * (PointTrackers sees to it).
 */
import { READING_CLIP, READING_PRESENT, type ReadingMatrix } from './reading-matrix';

/** The figures a window gives for each point of an area (WindowAggregates and OnDemandWindows alike). */
export interface WindowFigures {
  frames(point: number): number;
  presentFrames(point: number): number;
  /** Sum of the mean terms of the playing readings (divide by presentFrames). */
  meanSum(point: number): number;
  activeMs(point: number): number;
  clipCount(point: number): number;
  /** Highest reading held, -Infinity when empty. */
  peakDb(point: number): number;
  /** Wall-clock time the held readings span, ms (0 when empty). */
  spanMs(point: number): number;
  percentileOfAll(point: number, percent: number): number;
  percentileOfPlaying(point: number, percent: number): number;
}

export class OnDemandWindows implements WindowFigures {
  readonly #matrix: ReadingMatrix;
  readonly #windowMs: number;

  /** Holds the readings of each ring taken within `windowMs` of its newest (as WindowAggregates.evictUpTo). */
  constructor(matrix: ReadingMatrix, windowMs: number) {
    this.#matrix = matrix;
    this.#windowMs = windowMs;
  }

  frames(point: number): number {
    return this.#matrix.end(point) - this.#start(point);
  }

  presentFrames(point: number): number {
    return this.#sumPlaying(point, null);
  }

  meanSum(point: number): number {
    return this.#sumPlaying(point, this.#matrix.columns.meanTerm);
  }

  activeMs(point: number): number {
    return this.#sumPlaying(point, this.#matrix.columns.durationMs);
  }

  clipCount(point: number): number {
    const matrix = this.#matrix;
    const columns = matrix.columns;
    const end = matrix.end(point);
    let clips = 0;
    for (let seq = this.#start(point); seq < end; seq += 1) if ((columns.code[matrix.at(point, seq)]! & READING_CLIP) !== 0) clips += 1;
    return clips;
  }

  peakDb(point: number): number {
    return this.#matrix.peakFrom(point, this.#start(point));
  }

  spanMs(point: number): number {
    const matrix = this.#matrix;
    const start = this.#start(point);
    const end = matrix.end(point);
    if (start >= end) return 0;
    const columns = matrix.columns;
    return columns.atMs[matrix.at(point, end - 1)]! - columns.atMs[matrix.at(point, start)]! + columns.durationMs[matrix.at(point, start)]!;
  }

  percentileOfAll(point: number, percent: number): number {
    return this.#percentile(point, percent, false);
  }

  percentileOfPlaying(point: number, percent: number): number {
    return this.#percentile(point, percent, true);
  }

  /** Sequence number of the point's oldest reading taken after its newest one's time less the window. */
  #start(point: number): number {
    const matrix = this.#matrix;
    const columns = matrix.columns;
    const end = matrix.end(point);
    const tail = matrix.tail(point);
    if (end === tail) return end;
    const cutoffMs = columns.atMs[matrix.at(point, end - 1)]! - this.#windowMs;
    // Times never fall: the first reading after the cutoff, by bisection.
    let low = tail;
    let high = end;
    while (low < high) {
      const mid = low + Math.floor((high - low) / 2);
      if (columns.atMs[matrix.at(point, mid)]! <= cutoffMs) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Sum of a field over the point's playing readings held; without one, their count. */
  #sumPlaying(point: number, field: Float64Array | null): number {
    const matrix = this.#matrix;
    const columns = matrix.columns;
    const end = matrix.end(point);
    let total = 0;
    for (let seq = this.#start(point); seq < end; seq += 1) {
      const at = matrix.at(point, seq);
      if ((columns.code[at]! & READING_PRESENT) !== 0) total += field === null ? 1 : field[at]!;
    }
    return total;
  }

  /**
   * Nearest-rank percentile as LevelHistograms.percentile gives it: the bin holding the rank-th smallest
   * reading, reported as the mean of the readings in that bin (-Infinity for the underflow bin or none).
   */
  #percentile(point: number, percent: number, playingOnly: boolean): number {
    const matrix = this.#matrix;
    const columns = matrix.columns;
    const start = this.#start(point);
    const end = matrix.end(point);
    const bins: number[] = [];
    for (let seq = start; seq < end; seq += 1) {
      const code = columns.code[matrix.at(point, seq)]!;
      if (!playingOnly || (code & READING_PRESENT) !== 0) bins.push(code >> 2);
    }
    if (bins.length === 0) return -Infinity;
    bins.sort((a, b) => a - b);
    const chosen = bins[Math.max(1, Math.ceil((percent / 100) * bins.length)) - 1]!;
    if (chosen === 0) return -Infinity;
    let sum = 0;
    let count = 0;
    for (let seq = start; seq < end; seq += 1) {
      const at = matrix.at(point, seq);
      const code = columns.code[at]!;
      if (code >> 2 === chosen && (!playingOnly || (code & READING_PRESENT) !== 0)) {
        sum += columns.valueDb[at]!;
        count += 1;
      }
    }
    return sum / count;
  }
}
