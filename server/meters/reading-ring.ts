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

export class ReadingRing {
  #mask = INITIAL_CAPACITY - 1;
  /** Sequence number of the oldest reading held. */
  #tail = 0;
  /** Sequence number the next reading gets. */
  #end = 0;
  #atMs = new Float64Array(INITIAL_CAPACITY);
  #valueDb = new Float64Array(INITIAL_CAPACITY);
  #meanTerm = new Float64Array(INITIAL_CAPACITY);
  #durationMs = new Float64Array(INITIAL_CAPACITY);
  #flags = new Uint8Array(INITIAL_CAPACITY);
  #bin = new Uint16Array(INITIAL_CAPACITY);
  /** Peak deque: sequence numbers, positions `#peakHead..#peakEnd - 1` (its length never exceeds the ring's). */
  #peaks = new Float64Array(INITIAL_CAPACITY);
  #peakHead = 0;
  #peakEnd = 0;

  /** Sequence number the next reading gets (one past the newest). */
  get end(): number {
    return this.#end;
  }

  /**
   * Appends a reading: `valueDb` dBFS for levels or positive dB of reduction, `meanTerm` what averages sum,
   * `durationMs` how long it stands for, `flags` READING_PRESENT | READING_CLIP, `bin` its histogram bin.
   */
  push(atMs: number, valueDb: number, meanTerm: number, durationMs: number, flags: number, bin: number): void {
    if (this.#end - this.#tail > this.#mask) this.#grow();
    const mask = this.#mask;
    const slot = this.#end & mask;
    this.#atMs[slot] = atMs;
    this.#valueDb[slot] = valueDb;
    this.#meanTerm[slot] = meanTerm;
    this.#durationMs[slot] = durationMs;
    this.#flags[slot] = flags;
    this.#bin[slot] = bin;
    const peaks = this.#peaks;
    while (this.#peakEnd > this.#peakHead && this.#valueDb[peaks[(this.#peakEnd - 1) & mask]! & mask]! <= valueDb) {
      this.#peakEnd -= 1;
    }
    peaks[this.#peakEnd & mask] = this.#end;
    this.#peakEnd += 1;
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

  atMs(seq: number): number {
    return this.#atMs[seq & this.#mask]!;
  }

  valueDb(seq: number): number {
    return this.#valueDb[seq & this.#mask]!;
  }

  meanTerm(seq: number): number {
    return this.#meanTerm[seq & this.#mask]!;
  }

  durationMs(seq: number): number {
    return this.#durationMs[seq & this.#mask]!;
  }

  flags(seq: number): number {
    return this.#flags[seq & this.#mask]!;
  }

  bin(seq: number): number {
    return this.#bin[seq & this.#mask]!;
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
    return low < this.#peakEnd ? this.#valueDb[peaks[low & mask]! & mask]! : -Infinity;
  }

  #grow(): void {
    const capacity = (this.#mask + 1) * 2;
    const mask = capacity - 1;
    const atMs = new Float64Array(capacity);
    const valueDb = new Float64Array(capacity);
    const meanTerm = new Float64Array(capacity);
    const durationMs = new Float64Array(capacity);
    const flags = new Uint8Array(capacity);
    const bin = new Uint16Array(capacity);
    const peaks = new Float64Array(capacity);
    for (let seq = this.#tail; seq < this.#end; seq += 1) {
      const from = seq & this.#mask;
      const to = seq & mask;
      atMs[to] = this.#atMs[from]!;
      valueDb[to] = this.#valueDb[from]!;
      meanTerm[to] = this.#meanTerm[from]!;
      durationMs[to] = this.#durationMs[from]!;
      flags[to] = this.#flags[from]!;
      bin[to] = this.#bin[from]!;
    }
    for (let position = this.#peakHead; position < this.#peakEnd; position += 1) {
      peaks[position & mask] = this.#peaks[position & this.#mask]!;
    }
    this.#mask = mask;
    this.#atMs = atMs;
    this.#valueDb = valueDb;
    this.#meanTerm = meanTerm;
    this.#durationMs = durationMs;
    this.#flags = flags;
    this.#bin = bin;
    this.#peaks = peaks;
  }
}
