/**
 * The storage of the readings of every meter point of one area (the 144 channel inputs, the 48 buses, ...):
 * one column per point, one row per ring slot, one typed array per field. The points of an area take a
 * reading each frame, so at any moment they all write, and drop, readings of about the same age: with the
 * points side by side those land in the same few cache lines, which the next point then finds loaded,
 * instead of a line or two per point. At 20 frames/s a point's own readings are cold again by its next
 * push, so this, not the arithmetic, is most of what a push costs.
 */
import type { ReadingRing } from './reading-ring';

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
  /** Sequence number of the newest earlier reading of the column that is higher than this one (see ReadingRing). */
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
  /** Columns allocated (rings beyond it widen the matrix). */
  #stride: number;
  readonly #rings: ReadingRing[] = [];

  /** `columns`: how many rings to make room for at first. */
  constructor(columns: number) {
    this.#stride = Math.max(1, columns);
    this.#columns = allocate(this.#capacity, this.#stride);
  }

  /** The field arrays; replaced (not mutated) when the matrix grows, so fetch them per loop. */
  get columns(): ReadingColumns {
    return this.#columns;
  }

  get mask(): number {
    return this.#capacity - 1;
  }

  get stride(): number {
    return this.#stride;
  }

  /** Takes `ring` on as its next column; returns the column number. */
  attach(ring: ReadingRing): number {
    this.#rings.push(ring);
    if (this.#rings.length > this.#stride) this.#reallocate(this.#capacity, this.#stride * 2);
    return this.#rings.length - 1;
  }

  /** Doubles the slots of every column (a ring filled up: frames came faster than its windows expected). */
  grow(): void {
    this.#reallocate(this.#capacity * 2, this.#stride);
  }

  #reallocate(capacity: number, stride: number): void {
    const from = this.#columns;
    const fromMask = this.#capacity - 1;
    const fromStride = this.#stride;
    const to = allocate(capacity, stride);
    const toMask = capacity - 1;
    this.#rings.forEach((ring, column) => {
      for (let seq = ring.tail; seq < ring.end; seq += 1) {
        const a = (seq & fromMask) * fromStride + column;
        const b = (seq & toMask) * stride + column;
        to.atMs[b] = from.atMs[a]!;
        to.valueDb[b] = from.valueDb[a]!;
        to.meanTerm[b] = from.meanTerm[a]!;
        to.durationMs[b] = from.durationMs[a]!;
        to.code[b] = from.code[a]!;
        to.higherBefore[b] = from.higherBefore[a]!;
      }
    });
    this.#columns = to;
    this.#capacity = capacity;
    this.#stride = stride;
  }
}
