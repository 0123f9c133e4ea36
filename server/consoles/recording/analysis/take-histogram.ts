/**
 * Every block reading of one track over a whole recording, in constant memory: counts and power sums in
 * 0.1 dB bins. Answers the engine's figures for the whole take — percentiles, the playing gate, the power
 * mean while playing — as the meter statistics compute them over their windows.
 */
import { dbToPower, powerToDb } from '../../../model/db';

const MIN_DB = -160;
const MAX_DB = 20;
const BIN_DB = 0.1;
const BINS = Math.round((MAX_DB - MIN_DB) / BIN_DB);

/** A histogram's contents as plain data (what crosses from an analysis thread). */
export interface TakeHistogramState {
  counts: Float64Array;
  powers: Float64Array;
  silent: number;
  total: number;
}

export class TakeHistogram {
  readonly #counts: Float64Array;
  readonly #powers: Float64Array;
  /** Readings of digital silence (-Infinity dBFS). */
  #silent: number;
  #total: number;

  constructor(state?: TakeHistogramState) {
    this.#counts = state?.counts ?? new Float64Array(BINS);
    this.#powers = state?.powers ?? new Float64Array(BINS);
    this.#silent = state?.silent ?? 0;
    this.#total = state?.total ?? 0;
  }

  /** The contents as plain data; `new TakeHistogram(state)` gives the same histogram back. */
  state(): TakeHistogramState {
    return { counts: this.#counts, powers: this.#powers, silent: this.#silent, total: this.#total };
  }

  get total(): number {
    return this.#total;
  }

  add(readingDbfs: number): void {
    this.#total++;
    if (readingDbfs === -Infinity) {
      this.#silent++;
      return;
    }
    const bin = Math.max(0, Math.min(BINS - 1, Math.floor((readingDbfs - MIN_DB) / BIN_DB)));
    this.#counts[bin]! += 1;
    this.#powers[bin]! += dbToPower(readingDbfs);
  }

  /**
   * The `percent` percentile of the readings at or above `fromDbfs` (all readings by default), dBFS: the
   * upper edge of the bin it falls in; -Infinity when it falls among silent readings or there are none.
   */
  percentile(percent: number, fromDbfs = -Infinity): number {
    const first = this.#binOf(fromDbfs);
    const silent = fromDbfs === -Infinity ? this.#silent : 0;
    let count = silent;
    for (let b = first; b < BINS; b++) count += this.#counts[b]!;
    if (count === 0) return -Infinity;
    const rank = Math.ceil((percent / 100) * count);
    let seen = silent;
    if (seen >= rank) return -Infinity;
    for (let b = first; b < BINS; b++) {
      seen += this.#counts[b]!;
      if (seen >= rank) return MIN_DB + (b + 1) * BIN_DB;
    }
    return MAX_DB;
  }

  /** Readings at or above `fromDbfs` (bin resolution). */
  countFrom(fromDbfs: number): number {
    let count = fromDbfs === -Infinity ? this.#silent : 0;
    for (let b = this.#binOf(fromDbfs); b < BINS; b++) count += this.#counts[b]!;
    return count;
  }

  /** Power mean of the readings at or above `fromDbfs`, dBFS; -Infinity when there are none. */
  powerMeanFrom(fromDbfs: number): number {
    let count = 0;
    let power = 0;
    for (let b = this.#binOf(fromDbfs); b < BINS; b++) {
      count += this.#counts[b]!;
      power += this.#powers[b]!;
    }
    return count === 0 ? -Infinity : powerToDb(power / count);
  }

  #binOf(dbfs: number): number {
    if (dbfs === -Infinity) return 0;
    return Math.max(0, Math.min(BINS, Math.round((dbfs - MIN_DB) / BIN_DB)));
  }
}
