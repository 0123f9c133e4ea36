/**
 * The readings of one meter point, oldest first, shared by every window over them: one record of
 * RECORD_DOUBLES doubles per reading in one typed array (no object per reading), indexed by a sequence number
 * that only grows, so a window is just the sequence number of its oldest reading (the newest is always the
 * ring's). A record rather than a column per field: a window taking in or letting go of a reading reads all
 * its fields, and then touches one or two cache lines instead of one per field (at 20 frames/s every point's
 * readings are cold again by its next push). It also keeps the monotonic peak deque of the readings held: the
 * readings greater than every later one, which for a window starting at `start` are exactly the deque entries
 * at or after `start`.
 */

/** Flag bit: the source was playing (signal present) in this reading. */
export const READING_PRESENT = 1;
/** Flag bit: the reading is at or above the clip threshold. */
export const READING_CLIP = 2;

/** Doubles per record; the fields at these offsets: */
export const RECORD_DOUBLES = 5;
/** Arrival time, ms. */
export const AT_MS = 0;
/** dBFS for levels, positive dB for gain reduction. */
export const VALUE_DB = 1;
/** What the average sums: linear power for levels, the dB value for reduction; 0 when not playing. */
export const MEAN_TERM = 2;
/** How long the reading stands for (the gap since the previous one, capped), ms. */
export const DURATION_MS = 3;
/** `bin * 4 + flags`: its histogram bin under the point's spec and READING_PRESENT | READING_CLIP. */
export const CODE = 4;

const INITIAL_CAPACITY = 64;

export class ReadingRing {
  /** Record of sequence number `seq` at `(seq & #mask) * RECORD_DOUBLES`. */
  #records = new Float64Array(INITIAL_CAPACITY * RECORD_DOUBLES);
  #mask = INITIAL_CAPACITY - 1;
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

  /** The records; replaced (not mutated) when the ring grows, so fetch it per loop. */
  get records(): Float64Array {
    return this.#records;
  }

  /** Index in `records` of the record of reading `seq`. */
  at(seq: number): number {
    return (seq & this.#mask) * RECORD_DOUBLES;
  }

  /** Appends a reading (fields as the record offsets describe them). */
  push(atMs: number, valueDb: number, meanTerm: number, durationMs: number, code: number): void {
    if (this.#end - this.#tail > this.#mask) this.#grow();
    const records = this.#records;
    const mask = this.#mask;
    const at = (this.#end & mask) * RECORD_DOUBLES;
    records[at + AT_MS] = atMs;
    records[at + VALUE_DB] = valueDb;
    records[at + MEAN_TERM] = meanTerm;
    records[at + DURATION_MS] = durationMs;
    records[at + CODE] = code;
    const peaks = this.#peaks;
    let peakEnd = this.#peakEnd;
    while (peakEnd > this.#peakHead && records[(peaks[(peakEnd - 1) & mask]! & mask) * RECORD_DOUBLES + VALUE_DB]! <= valueDb) peakEnd -= 1;
    peaks[peakEnd & mask] = this.#end;
    this.#peakEnd = peakEnd + 1;
    this.#end += 1;
  }

  /** Forgets the readings before sequence number `seq` (no window holds them any more). */
  dropBefore(seq: number): void {
    this.#tail = seq;
    const mask = this.#mask;
    while (this.#peakHead < this.#peakEnd && this.#peaks[this.#peakHead & mask]! < seq) this.#peakHead += 1;
  }

  /** Forgets every reading; sequence numbers keep growing so no stale cursor can alias a new reading. */
  clear(): void {
    this.#tail = this.#end;
    this.#peakHead = this.#peakEnd;
  }

  /** Highest reading from sequence number `start` to the newest, -Infinity when there is none. */
  peakFrom(start: number): number {
    const mask = this.#mask;
    const peaks = this.#peaks;
    // Deque entries are in sequence order: find the first at or after `start`.
    let low = this.#peakHead;
    let high = this.#peakEnd;
    while (low < high) {
      const mid = low + Math.floor((high - low) / 2);
      if (peaks[mid & mask]! < start) low = mid + 1;
      else high = mid;
    }
    return low < this.#peakEnd ? this.#records[(peaks[low & mask]! & mask) * RECORD_DOUBLES + VALUE_DB]! : -Infinity;
  }

  #grow(): void {
    const fromMask = this.#mask;
    const toMask = (fromMask + 1) * 2 - 1;
    const records = new Float64Array((toMask + 1) * RECORD_DOUBLES);
    for (let seq = this.#tail; seq < this.#end; seq += 1) {
      const from = (seq & fromMask) * RECORD_DOUBLES;
      const to = (seq & toMask) * RECORD_DOUBLES;
      for (let field = 0; field < RECORD_DOUBLES; field += 1) records[to + field] = this.#records[from + field]!;
    }
    const peaks = new Float64Array(toMask + 1);
    for (let position = this.#peakHead; position < this.#peakEnd; position += 1) {
      peaks[position & toMask] = this.#peaks[position & fromMask]!;
    }
    this.#records = records;
    this.#mask = toMask;
    this.#peaks = peaks;
  }
}
