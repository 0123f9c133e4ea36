/**
 * The readings of one meter point, oldest first, shared by every window over them: a column of a
 * ReadingMatrix (no object per reading) indexed by a sequence number that only grows, so a window is just
 * the sequence number of its oldest reading (the newest is always the ring's).
 * The peak of a window comes from each reading's link to the newest earlier reading higher than it: from
 * the newest reading those links visit exactly the readings higher than every later one (a monotonic peak
 * deque, threaded through the readings), and the oldest of them at or after a window's start is its peak.
 * Kept in the matrix beside the readings rather than in a deque array of its own, it costs a push no cache
 * line of its own.
 */
import type { ReadingColumns, ReadingMatrix } from './reading-matrix';

/** Flag bit: the source was playing (signal present) in this reading. */
export const READING_PRESENT = 1;
/** Flag bit: the reading is at or above the clip threshold. */
export const READING_CLIP = 2;

export class ReadingRing {
  readonly #matrix: ReadingMatrix;
  readonly #column: number;
  /** Sequence number of the oldest reading held. */
  #tail = 0;
  /** Sequence number the next reading gets. */
  #end = 0;

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
    // Links before the tail lead to forgotten readings: stop there (the link then points before every window).
    const values = columns.valueDb;
    const links = columns.higherBefore;
    let higher = this.#end - 1;
    while (higher >= this.#tail && values[this.at(higher)]! <= valueDb) higher = links[this.at(higher)]!;
    links[at] = higher;
    this.#end += 1;
  }

  /** Forgets the readings before sequence number `seq` (no window holds them any more). */
  dropBefore(seq: number): void {
    this.#tail = seq;
  }

  /** Forgets every reading; sequence numbers keep growing so no stale cursor can alias a new reading. */
  clear(): void {
    this.#tail = this.#end;
  }

  /** Highest reading from sequence number `start` (at or after the tail) to the newest, -Infinity when there is none. */
  peakFrom(start: number): number {
    if (start >= this.#end) return -Infinity;
    const columns = this.#matrix.columns;
    let peak = this.#end - 1;
    for (let higher = columns.higherBefore[this.at(peak)]!; higher >= start; higher = columns.higherBefore[this.at(higher)]!) peak = higher;
    return columns.valueDb[this.at(peak)]!;
  }
}
