/**
 * The readings of every meter point of one area (the 144 channel inputs, the 48 buses, ...), oldest first:
 * one ring per point, as one column of a matrix with one row per ring slot and one typed array per field.
 * The points of an area take a reading each frame, so at any moment they all write, and drop, readings of
 * about the same age: with the points side by side those land in the same few cache lines, which the next
 * point then finds loaded, instead of a line or two per point. At 20 frames/s a point's own readings are
 * cold again by its next push, so this, not the arithmetic, is most of what a push costs. For the same
 * reason a ring's two cursors live in one array for all the columns, not in an object per point.
 *
 * A ring is indexed by a sequence number that only grows, so a window over it is just the sequence number
 * of its oldest reading (the newest is always the ring's).
 * The peak of a window comes from each reading's link to the newest earlier reading higher than it: from
 * the newest reading those links visit exactly the readings higher than every later one (a monotonic peak
 * deque, threaded through the readings), and the oldest of them at or after a window's start is its peak.
 */

/** Flag bit: the source was playing (signal present) in this reading. */
export const READING_PRESENT = 1;
/** Flag bit: the reading is at or above the clip threshold. */
export const READING_CLIP = 2;

/** A reading's fields; that of ring slot `slot` of column `column` is at index `slot * stride + column`. */
export interface ReadingColumns {
  /** Arrival time, ms. */
  readonly atMs: Float64Array;
  /** dBFS for levels, positive dB for gain reduction. */
  readonly valueDb: Float64Array;
  /** What the average sums: linear power for levels, the dB value for reduction; 0 when not playing. */
  readonly meanTerm: Float64Array;
  /** How long the reading stands for (the gap since the previous one, capped), ms. */
  readonly durationMs: Float64Array;
  /** `bin * 4 + flags`: its histogram bin under the point's spec and READING_PRESENT | READING_CLIP. */
  readonly code: Uint16Array;
  /** Sequence number of the newest earlier reading of the column that is higher than this one. */
  readonly higherBefore: Float64Array;
}

const INITIAL_CAPACITY = 64;

function allocate(capacity: number, stride: number): ReadingColumns {
  const cells = capacity * stride;
  return {
    atMs: new Float64Array(cells),
    valueDb: new Float64Array(cells),
    meanTerm: new Float64Array(cells),
    durationMs: new Float64Array(cells),
    code: new Uint16Array(cells),
    higherBefore: new Float64Array(cells),
  };
}

export class ReadingMatrix {
  #columns: ReadingColumns;
  /** Slots per column, a power of two. */
  #capacity = INITIAL_CAPACITY;
  /** Columns allocated (attaching beyond it widens the matrix). */
  #stride: number;
  #rings = 0;
  /**
   * Column c's oldest reading held at `2c`, the sequence number its next reading gets at `2c + 1`. Doubles:
   * at 20 frames/s a 32-bit count would run out after three years of uptime.
   */
  #cursors: Float64Array;

  /** `columns`: how many rings to make room for at first. */
  constructor(columns: number) {
    this.#stride = Math.max(1, columns);
    this.#columns = allocate(this.#capacity, this.#stride);
    this.#cursors = new Float64Array(2 * this.#stride);
  }

  /** The field arrays; replaced (not mutated) when the matrix grows, so fetch them per loop. */
  get columns(): ReadingColumns {
    return this.#columns;
  }

  /** Starts an empty ring in the next column; returns the column number. */
  attach(): number {
    if (this.#rings === this.#stride) this.#reallocate(this.#capacity, this.#stride * 2);
    this.#rings += 1;
    return this.#rings - 1;
  }

  /** Sequence number of the oldest reading of ring `column`. */
  tail(column: number): number {
    return this.#cursors[2 * column]!;
  }

  /** Sequence number the next reading of ring `column` gets (one past the newest). */
  end(column: number): number {
    return this.#cursors[2 * column + 1]!;
  }

  /** Index in the field arrays of reading `seq` of ring `column`. */
  at(column: number, seq: number): number {
    return (seq & (this.#capacity - 1)) * this.#stride + column;
  }

  /**
   * Appends a reading to ring `column`: `valueDb` dBFS for levels or positive dB of reduction, `meanTerm`
   * what averages sum, `durationMs` how long it stands for, `code` its bin * 4 + READING_PRESENT | READING_CLIP.
   */
  push(column: number, atMs: number, valueDb: number, meanTerm: number, durationMs: number, code: number): void {
    const cursors = this.#cursors;
    const tail = cursors[2 * column]!;
    const end = cursors[2 * column + 1]!;
    if (end - tail >= this.#capacity) this.#reallocate(this.#capacity * 2, this.#stride);
    const columns = this.#columns;
    const at = this.at(column, end);
    columns.atMs[at] = atMs;
    columns.valueDb[at] = valueDb;
    columns.meanTerm[at] = meanTerm;
    columns.durationMs[at] = durationMs;
    columns.code[at] = code;
    // Links before the tail lead to forgotten readings: stop there (the link then points before every window).
    const values = columns.valueDb;
    const links = columns.higherBefore;
    let higher = end - 1;
    while (higher >= tail && values[this.at(column, higher)]! <= valueDb) higher = links[this.at(column, higher)]!;
    links[at] = higher;
    cursors[2 * column + 1] = end + 1;
  }

  /** Forgets the readings of ring `column` before sequence number `seq` (no window holds them any more). */
  dropBefore(column: number, seq: number): void {
    this.#cursors[2 * column] = seq;
  }

  /** Forgets every reading of ring `column`; sequence numbers keep growing so no stale cursor can alias a new reading. */
  clear(column: number): void {
    this.#cursors[2 * column] = this.#cursors[2 * column + 1]!;
  }

  /** Highest reading of ring `column` from sequence number `start` (at or after its tail) on, -Infinity when none. */
  peakFrom(column: number, start: number): number {
    const end = this.end(column);
    if (start >= end) return -Infinity;
    const links = this.#columns.higherBefore;
    let peak = end - 1;
    for (let higher = links[this.at(column, peak)]!; higher >= start; higher = links[this.at(column, higher)]!) peak = higher;
    return this.#columns.valueDb[this.at(column, peak)]!;
  }

  /** Moves every ring into arrays of `capacity` slots and `stride` columns (a ring filled up, or more columns). */
  #reallocate(capacity: number, stride: number): void {
    const from = this.#columns;
    const fromMask = this.#capacity - 1;
    const fromStride = this.#stride;
    const to = allocate(capacity, stride);
    const toMask = capacity - 1;
    for (let column = 0; column < this.#rings; column += 1) {
      for (let seq = this.tail(column); seq < this.end(column); seq += 1) {
        const a = (seq & fromMask) * fromStride + column;
        const b = (seq & toMask) * stride + column;
        to.atMs[b] = from.atMs[a]!;
        to.valueDb[b] = from.valueDb[a]!;
        to.meanTerm[b] = from.meanTerm[a]!;
        to.durationMs[b] = from.durationMs[a]!;
        to.code[b] = from.code[a]!;
        to.higherBefore[b] = from.higherBefore[a]!;
      }
    }
    if (stride !== this.#stride) {
      const cursors = new Float64Array(2 * stride);
      cursors.set(this.#cursors);
      this.#cursors = cursors;
    }
    this.#columns = to;
    this.#capacity = capacity;
    this.#stride = stride;
  }
}
