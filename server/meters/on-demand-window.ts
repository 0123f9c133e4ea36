/**
 * A wall-clock window over a ReadingRing whose figures are computed when asked, from the readings it holds,
 * instead of kept up to date on every reading: for the short windows (0.4 s, 3 s) that hold a few dozen
 * readings and are rarely asked (the engine reads the 8 s window), each reading then costs them nothing.
 * Its figures are a WindowAggregate's over the same readings: the same nearest-rank bin, reported as the
 * mean of its readings; sums are taken fresh, so they can differ from the running ones in the last bits.
 * Only valid over a ring that a longer incrementally kept window holds in place (PointTracker sees to it).
 */
import { READING_CLIP, READING_PRESENT, type ReadingRing } from './reading-ring';

/** The figures a window gives (WindowAggregate and OnDemandWindow alike). */
export interface WindowFigures {
  readonly frames: number;
  readonly presentFrames: number;
  /** Sum of the mean terms of the playing readings (divide by presentFrames). */
  readonly meanSum: number;
  readonly activeMs: number;
  readonly clipCount: number;
  /** Highest reading held, -Infinity when empty. */
  readonly peakDb: number;
  /** Wall-clock time the held readings span, ms (0 when empty). */
  readonly spanMs: number;
  percentileOfAll(percent: number): number;
  percentileOfPlaying(percent: number): number;
}

export class OnDemandWindow implements WindowFigures {
  readonly #ring: ReadingRing;
  readonly #windowMs: number;

  /** Holds the readings of the ring taken within `windowMs` of its newest (as WindowAggregate.evictUpTo). */
  constructor(ring: ReadingRing, windowMs: number) {
    this.#ring = ring;
    this.#windowMs = windowMs;
  }

  get frames(): number {
    return this.#ring.end - this.#start();
  }

  get presentFrames(): number {
    return this.#sumPlaying(null);
  }

  get meanSum(): number {
    return this.#sumPlaying(this.#ring.columns.meanTerm);
  }

  get activeMs(): number {
    return this.#sumPlaying(this.#ring.columns.durationMs);
  }

  get clipCount(): number {
    const ring = this.#ring;
    const columns = ring.columns;
    let clips = 0;
    for (let seq = this.#start(); seq < ring.end; seq += 1) if ((columns.code[ring.at(seq)]! & READING_CLIP) !== 0) clips += 1;
    return clips;
  }

  get peakDb(): number {
    const start = this.#start();
    return start < this.#ring.end ? this.#ring.peakFrom(start) : -Infinity;
  }

  get spanMs(): number {
    const ring = this.#ring;
    const start = this.#start();
    if (start >= ring.end) return 0;
    const columns = ring.columns;
    return columns.atMs[ring.at(ring.end - 1)]! - columns.atMs[ring.at(start)]! + columns.durationMs[ring.at(start)]!;
  }

  percentileOfAll(percent: number): number {
    return this.#percentile(percent, false);
  }

  percentileOfPlaying(percent: number): number {
    return this.#percentile(percent, true);
  }

  /** Sequence number of the oldest reading taken after the newest one's time less the window. */
  #start(): number {
    const ring = this.#ring;
    const columns = ring.columns;
    const end = ring.end;
    if (end === ring.tail) return end;
    const cutoffMs = columns.atMs[ring.at(end - 1)]! - this.#windowMs;
    // Times never fall: the first reading after the cutoff, by bisection.
    let low = ring.tail;
    let high = end;
    while (low < high) {
      const mid = low + Math.floor((high - low) / 2);
      if (columns.atMs[ring.at(mid)]! <= cutoffMs) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Sum of a field over the playing readings held; without one, their count. */
  #sumPlaying(field: Float64Array | null): number {
    const ring = this.#ring;
    const columns = ring.columns;
    let total = 0;
    for (let seq = this.#start(); seq < ring.end; seq += 1) {
      const at = ring.at(seq);
      if ((columns.code[at]! & READING_PRESENT) !== 0) total += field === null ? 1 : field[at]!;
    }
    return total;
  }

  /**
   * Nearest-rank percentile as LevelHistograms.percentile gives it: the bin holding the rank-th smallest
   * reading, reported as the mean of the readings in that bin (-Infinity for the underflow bin or none).
   */
  #percentile(percent: number, playingOnly: boolean): number {
    const ring = this.#ring;
    const columns = ring.columns;
    const bins: number[] = [];
    for (let seq = this.#start(); seq < ring.end; seq += 1) {
      const code = columns.code[ring.at(seq)]!;
      if (!playingOnly || (code & READING_PRESENT) !== 0) bins.push(code >> 2);
    }
    if (bins.length === 0) return -Infinity;
    bins.sort((a, b) => a - b);
    const chosen = bins[Math.max(1, Math.ceil((percent / 100) * bins.length)) - 1]!;
    if (chosen === 0) return -Infinity;
    let sum = 0;
    let count = 0;
    for (let seq = this.#start(); seq < ring.end; seq += 1) {
      const at = ring.at(seq);
      const code = columns.code[at]!;
      if (code >> 2 === chosen && (!playingOnly || (code & READING_PRESENT) !== 0)) {
        sum += columns.valueDb[at]!;
        count += 1;
      }
    }
    return sum / count;
  }
}
