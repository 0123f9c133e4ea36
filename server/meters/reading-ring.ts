/**
 * The readings of one meter point, oldest first, shared by every window over them: a column of a
 * ReadingMatrix (no object per reading) indexed by a sequence number that only grows, so a window is just
 * the sequence number of its oldest reading (the newest is always the ring's). It also keeps the
 * monotonic peak deque of the readings held: the readings greater than every later one, which for a
 * window starting at `start` are exactly the deque entries at or after `start`.
 */
import type { ReadingColumns, ReadingMatrix } from './reading-matrix';

/** Flag bit: the source was playing (signal present) in this reading. */
export const READING_PRESENT = 1;
/** Flag bit: the reading is at or above the clip threshold. */
export const READING_CLIP = 2;

const INITIAL_PEAKS = 64;

export class ReadingRing {
  readonly #matrix: ReadingMatrix;
  readonly #column: number;
  /** Sequence number of the oldest reading held. */
  #tail = 0;
  /** Sequence number the next reading gets. */
  #end = 0;
  /** Peak deque: sequence numbers, positions `#peakHead..#peakEnd - 1`. */
  #peaks = new Float64Array(INITIAL_PEAKS);
  #peakHead = 0;
  #peakEnd = 0;

  /** A ring in its own column of `matrix`. */
  constructor(matrix: ReadingMatrix) {
    this.#matrix = matrix;
    this.#column = matrix.attach(this);
  }

  /** Sequence number of the oldest reading held. */
  get tail(): number {
    return this.#tail;
  }

  /** Sequence number the next reading gets (one past the newest). */
  get end(): number {
    return this.#end;
  }

  /** The matrix's field arrays, replaced when it grows: fetch them per loop and index them with `at`. */
  get columns(): ReadingColumns {
    return this.#matrix.columns;
  }

  /** Index in the field arrays of reading `seq`. */
  at(seq: number): number {
    return (seq & this.#matrix.mask) * this.#matrix.stride + this.#column;
  }

  /**
   * Appends a reading: `valueDb` dBFS for levels or positive dB of reduction, `meanTerm` what averages sum,
   * `durationMs` how long it stands for, `code` its bin * 4 + READING_PRESENT | READING_CLIP.
   */
  push(atMs: number, valueDb: number, meanTerm: number, durationMs: number, code: number): void {
    if (this.#end - this.#tail > this.#matrix.mask) this.#matrix.grow();
    const columns = this.#matrix.columns;
    const at = this.at(this.#end);
    columns.atMs[at] = atMs;
    columns.valueDb[at] = valueDb;
    columns.meanTerm[at] = meanTerm;
    columns.durationMs[at] = durationMs;
    columns.code[at] = code;
    if (this.#peakEnd - this.#peakHead > this.#peaks.length - 1) this.#growPeaks();
    const peaks = this.#peaks;
    const peakMask = peaks.length - 1;
    const values = columns.valueDb;
    let peakEnd = this.#peakEnd;
    while (peakEnd > this.#peakHead && values[this.at(peaks[(peakEnd - 1) & peakMask]!)]! <= valueDb) peakEnd -= 1;
    peaks[peakEnd & peakMask] = this.#end;
    this.#peakEnd = peakEnd + 1;
    this.#end += 1;
  }

  /** Forgets the readings before sequence number `seq` (no window holds them any more). */
  dropBefore(seq: number): void {
    this.#tail = seq;
    const peaks = this.#peaks;
    const peakMask = peaks.length - 1;
    while (this.#peakHead < this.#peakEnd && peaks[this.#peakHead & peakMask]! < seq) this.#peakHead += 1;
  }

  /** Forgets every reading; sequence numbers keep growing so no stale cursor can alias a new reading. */
  clear(): void {
    this.#tail = this.#end;
    this.#peakHead = this.#peakEnd;
  }

  /** Highest reading from sequence number `start` to the newest, -Infinity when there is none. */
  peakFrom(start: number): number {
    const peaks = this.#peaks;
    const peakMask = peaks.length - 1;
    // Deque entries are in sequence order: find the first at or after `start`.
    let low = this.#peakHead;
    let high = this.#peakEnd;
    while (low < high) {
      const mid = low + Math.floor((high - low) / 2);
      if (peaks[mid & peakMask]! < start) low = mid + 1;
      else high = mid;
    }
    return low < this.#peakEnd ? this.#matrix.columns.valueDb[this.at(peaks[low & peakMask]!)]! : -Infinity;
  }

  #growPeaks(): void {
    const from = this.#peaks;
    const fromMask = from.length - 1;
    const to = new Float64Array(from.length * 2);
    const toMask = to.length - 1;
    for (let position = this.#peakHead; position < this.#peakEnd; position += 1) to[position & toMask] = from[position & fromMask]!;
    this.#peaks = to;
  }
}
