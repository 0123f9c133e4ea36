/**
 * The readings of one meter point, oldest first, shared by every window over them: struct-of-arrays in
 * typed arrays (no object per reading) indexed by a sequence number that only grows, so a window is just
 * the sequence number of its oldest reading (the newest is always the ring's). It also keeps the
 * monotonic peak deque of the readings held: the readings greater than every later one, which for a
 * window starting at `start` are exactly the deque entries at or after `start`.
 */

/** Flag bit: the source was playing (signal present) in this reading. */
export const READING_PRESENT = 1;
/** Flag bit: the reading is at or above the clip threshold. */
export const READING_CLIP = 2;

const INITIAL_CAPACITY = 64;

/**
 * The ring's storage, for loops that read many readings: the reading with sequence number `seq` is at
 * index `seq & mask` of each array. Replaced (not mutated) when the ring grows, so fetch it per loop.
 */
export interface ReadingColumns {
  readonly mask: number;
  readonly atMs: Float64Array;
  /** dBFS for levels, positive dB for gain reduction. */
  readonly valueDb: Float64Array;
  /** What the average sums: linear power for levels, the dB value for reduction; 0 when not playing. */
  readonly meanTerm: Float64Array;
  /** How long the reading stands for (the gap since the previous one, capped), ms. */
  readonly durationMs: Float64Array;
  /** READING_PRESENT | READING_CLIP. */
  readonly flags: Uint8Array;
  /** Histogram bin under the point's spec. */
  readonly bin: Uint16Array;
}

function allocateColumns(capacity: number): ReadingColumns {
  return {
    mask: capacity - 1,
    atMs: new Float64Array(capacity),
    valueDb: new Float64Array(capacity),
    meanTerm: new Float64Array(capacity),
    durationMs: new Float64Array(capacity),
    flags: new Uint8Array(capacity),
    bin: new Uint16Array(capacity),
  };
}

export class ReadingRing {
  #columns = allocateColumns(INITIAL_CAPACITY);
  /** Sequence number of the oldest reading held. */
  #tail = 0;
  /** Sequence number the next reading gets. */
  #end = 0;
  /** Peak deque: sequence numbers, positions `#peakHead..#peakEnd - 1` (its length never exceeds the ring's). */
  #peaks = new Float64Array(INITIAL_CAPACITY);
  #peakHead = 0;
  #peakEnd = 0;

  /** Sequence number of the oldest reading held. */
  get tail(): number {
    return this.#tail;
  }

  /** Sequence number the next reading gets (one past the newest). */
  get end(): number {
    return this.#end;
  }

  get columns(): ReadingColumns {
    return this.#columns;
  }

  /**
   * Appends a reading: `valueDb` dBFS for levels or positive dB of reduction, `meanTerm` what averages sum,
   * `durationMs` how long it stands for, `flags` READING_PRESENT | READING_CLIP, `bin` its histogram bin.
   */
  push(atMs: number, valueDb: number, meanTerm: number, durationMs: number, flags: number, bin: number): void {
    if (this.#end - this.#tail > this.#columns.mask) this.#grow();
    const columns = this.#columns;
    const mask = columns.mask;
    const slot = this.#end & mask;
    columns.atMs[slot] = atMs;
    columns.valueDb[slot] = valueDb;
    columns.meanTerm[slot] = meanTerm;
    columns.durationMs[slot] = durationMs;
    columns.flags[slot] = flags;
    columns.bin[slot] = bin;
    const peaks = this.#peaks;
    const values = columns.valueDb;
    let peakEnd = this.#peakEnd;
    while (peakEnd > this.#peakHead && values[peaks[(peakEnd - 1) & mask]! & mask]! <= valueDb) peakEnd -= 1;
    peaks[peakEnd & mask] = this.#end;
    this.#peakEnd = peakEnd + 1;
    this.#end += 1;
  }

  /** Forgets the readings before sequence number `seq` (no window holds them any more). */
  dropBefore(seq: number): void {
    this.#tail = seq;
    const mask = this.#columns.mask;
    while (this.#peakHead < this.#peakEnd && this.#peaks[this.#peakHead & mask]! < seq) this.#peakHead += 1;
  }

  /** Forgets every reading; sequence numbers keep growing so no stale cursor can alias a new reading. */
  clear(): void {
    this.#tail = this.#end;
    this.#peakHead = this.#peakEnd;
  }

  /** Highest reading from sequence number `start` to the newest, -Infinity when there is none. */
  peakFrom(start: number): number {
    const { mask, valueDb } = this.#columns;
    const peaks = this.#peaks;
    // Deque entries are in sequence order: find the first at or after `start`.
    let low = this.#peakHead;
    let high = this.#peakEnd;
    while (low < high) {
      const mid = low + Math.floor((high - low) / 2);
      if (peaks[mid & mask]! < start) low = mid + 1;
      else high = mid;
    }
    return low < this.#peakEnd ? valueDb[peaks[low & mask]! & mask]! : -Infinity;
  }

  #grow(): void {
    const from = this.#columns;
    const to = allocateColumns((from.mask + 1) * 2);
    for (let seq = this.#tail; seq < this.#end; seq += 1) {
      const a = seq & from.mask;
      const b = seq & to.mask;
      to.atMs[b] = from.atMs[a]!;
      to.valueDb[b] = from.valueDb[a]!;
      to.meanTerm[b] = from.meanTerm[a]!;
      to.durationMs[b] = from.durationMs[a]!;
      to.flags[b] = from.flags[a]!;
      to.bin[b] = from.bin[a]!;
    }
    const peaks = new Float64Array(to.mask + 1);
    for (let position = this.#peakHead; position < this.#peakEnd; position += 1) {
      peaks[position & to.mask] = this.#peaks[position & from.mask]!;
    }
    this.#columns = to;
    this.#peaks = peaks;
  }
}
