/**
 * Meter ballistics for a row of meter points (all channel inputs, all buses, ...), fed with the newest
 * frame as it arrives and read at display rate. Levels dBFS (or gain reduction in positive dB);
 * -Infinity is silence and every reading stays a number, never NaN. Times are the tablet's own clock, ms.
 */

export interface BallisticsOptions {
  /** How fast the bar falls after a louder reading, dB per second (it rises instantly). */
  releaseDbPerS: number;
  /** How long the peak-hold line stays before it falls, ms. */
  holdMs: number;
  /** How fast the peak-hold line falls after holdMs, dB per second. */
  holdReleaseDbPerS: number;
  /** Time constant of the running power average, ms. */
  averageTauMs: number;
  /** Readings at or below this do not count towards the average (the source is resting), dBFS. */
  averageGateDbfs: number;
  /** The "recent peak" is the highest reading within this window, ms. */
  recentPeakMs: number;
  /** A reading at or above this lights the clip indicator, dBFS. */
  clipDbfs: number;
  /** How long the clip indicator stays lit after the last clip, ms. */
  clipLatchMs: number;
}

/** Defaults for level meters: quick bar, 1.5 s peak hold, ~1 s average, 5 s recent peak. */
export const LEVEL_BALLISTICS: BallisticsOptions = {
  releaseDbPerS: 24,
  holdMs: 1500,
  holdReleaseDbPerS: 20,
  averageTauMs: 1000,
  averageGateDbfs: -60,
  recentPeakMs: 5000,
  clipDbfs: -1,
  clipLatchMs: 3000,
};

/** Defaults for gain-reduction meters (positive dB): they never clip and average every reading. */
export const REDUCTION_BALLISTICS: BallisticsOptions = {
  releaseDbPerS: 30,
  holdMs: 1000,
  holdReleaseDbPerS: 20,
  averageTauMs: 1000,
  averageGateDbfs: -Infinity,
  recentPeakMs: 5000,
  clipDbfs: Infinity,
  clipLatchMs: 0,
};

/** What a meter shows for one point at one instant. */
export interface PointView {
  /** The bar: the newest reading, or a falling bar after a louder one, dBFS. */
  barDbfs: number;
  peakHoldDbfs: number;
  averageDbfs: number;
  clipping: boolean;
}

export class MeterBallistics {
  readonly #options: BallisticsOptions;
  #level = new Float64Array(0);
  #levelAtMs = new Float64Array(0);
  #barFrom = new Float64Array(0);
  #hold = new Float64Array(0);
  #holdAtMs = new Float64Array(0);
  #power = new Float64Array(0);
  #powerAtMs = new Float64Array(0);
  #recentPeak = new Float64Array(0);
  #recentPeakAtMs = new Float64Array(0);
  #clipAtMs = new Float64Array(0);

  constructor(options: BallisticsOptions) {
    this.#options = options;
  }

  /** Number of points (grows to the widest frame seen). */
  get size(): number {
    return this.#level.length;
  }

  /** Takes the newest readings; point i is levels[i]. Missing points keep their last reading. */
  feed(levels: readonly number[], nowMs: number): void {
    if (levels.length > this.size) this.#grow(levels.length);
    const o = this.#options;
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i]!;
      this.#barFrom[i] = Math.max(level, this.#fallenBar(i, nowMs));
      this.#level[i] = level;
      this.#levelAtMs[i] = nowMs;

      if (level >= this.#peakHold(i, nowMs)) {
        this.#hold[i] = level;
        this.#holdAtMs[i] = nowMs;
      }
      if (nowMs - this.#recentPeakAtMs[i]! > o.recentPeakMs || level >= this.#recentPeak[i]!) {
        this.#recentPeak[i] = level;
        this.#recentPeakAtMs[i] = nowMs;
      }
      if (level > o.averageGateDbfs) this.#feedAverage(i, level, nowMs);
      if (level >= o.clipDbfs) this.#clipAtMs[i] = nowMs;
    }
  }

  /** Newest reading of point i (-Infinity before any). */
  level(i: number): number {
    return i < this.size ? this.#level[i]! : -Infinity;
  }

  /** Running power average while the source plays, dBFS (-Infinity before any reading above the gate). */
  average(i: number): number {
    if (i >= this.size) return -Infinity;
    const power = this.#power[i]!;
    return power > 0 ? 10 * Math.log10(power) : -Infinity;
  }

  /** Highest reading within the last recentPeakMs (restarting after), dBFS. */
  recentPeak(i: number): number {
    return i < this.size ? this.#recentPeak[i]! : -Infinity;
  }

  view(i: number, nowMs: number): PointView {
    if (i >= this.size) return { barDbfs: -Infinity, peakHoldDbfs: -Infinity, averageDbfs: -Infinity, clipping: false };
    return {
      barDbfs: this.#bar(i, nowMs),
      peakHoldDbfs: this.#peakHold(i, nowMs),
      averageDbfs: this.average(i),
      clipping: nowMs - this.#clipAtMs[i]! <= this.#options.clipLatchMs,
    };
  }

  #bar(i: number, nowMs: number): number {
    return Math.max(this.#level[i]!, this.#fallenBar(i, nowMs));
  }

  /** Where the bar has fallen to since the last reading, ignoring that reading. */
  #fallenBar(i: number, nowMs: number): number {
    return this.#barFrom[i]! - (this.#options.releaseDbPerS * Math.max(0, nowMs - this.#levelAtMs[i]!)) / 1000;
  }

  #peakHold(i: number, nowMs: number): number {
    const heldMs = nowMs - this.#holdAtMs[i]!;
    if (heldMs <= this.#options.holdMs) return this.#hold[i]!;
    const fallen = this.#hold[i]! - (this.#options.holdReleaseDbPerS * (heldMs - this.#options.holdMs)) / 1000;
    return Math.max(this.#level[i]!, fallen);
  }

  #feedAverage(i: number, level: number, nowMs: number): void {
    const power = Math.pow(10, level / 10);
    if (this.#power[i] === 0) {
      this.#power[i] = power;
    } else {
      const dtMs = Math.max(0, nowMs - this.#powerAtMs[i]!);
      const alpha = 1 - Math.exp(-dtMs / this.#options.averageTauMs);
      this.#power[i] = this.#power[i]! + alpha * (power - this.#power[i]!);
    }
    this.#powerAtMs[i] = nowMs;
  }

  #grow(size: number): void {
    const grow = (old: Float64Array, fill: number) => {
      const next = new Float64Array(size).fill(fill);
      next.set(old);
      return next;
    };
    this.#level = grow(this.#level, -Infinity);
    this.#levelAtMs = grow(this.#levelAtMs, 0);
    this.#barFrom = grow(this.#barFrom, -Infinity);
    this.#hold = grow(this.#hold, -Infinity);
    this.#holdAtMs = grow(this.#holdAtMs, 0);
    this.#power = grow(this.#power, 0);
    this.#powerAtMs = grow(this.#powerAtMs, 0);
    this.#recentPeak = grow(this.#recentPeak, -Infinity);
    this.#recentPeakAtMs = grow(this.#recentPeakAtMs, 0);
    this.#clipAtMs = grow(this.#clipAtMs, -Infinity);
  }
}
