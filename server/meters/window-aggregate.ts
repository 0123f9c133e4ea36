/**
 * Running figures over a sliding set of meter readings: every update is O(1) amortised (running sums,
 * a monotonic deque for the peak, fixed-bin histograms for percentiles).
 */
import { LevelHistogram, type HistogramSpec } from './level-histogram';
import { SampleQueue } from './sample-queue';

/** One reading of one meter point, as the aggregates keep it. */
export interface MeterSample {
  atMs: number;
  /** Reading: dBFS for levels, positive dB for gain reduction. */
  valueDb: number;
  /** What the average sums: linear power for levels, the dB value itself for gain reduction. */
  meanTerm: number;
  /** How long this reading stands for (the gap since the previous one, capped). */
  durationMs: number;
  /** Signal present (the source is playing) in this reading. */
  present: boolean;
  /** Reading at or above the clip threshold. */
  clip: boolean;
  /** Histogram bin under the point's spec. */
  bin: number;
}

export class WindowAggregate {
  readonly #samples = new SampleQueue<MeterSample>();
  readonly #peaks = new SampleQueue<MeterSample>();
  readonly #all: LevelHistogram;
  readonly #playing: LevelHistogram;
  #presentCount = 0;
  #meanSum = 0;
  #activeMs = 0;
  #clipCount = 0;

  constructor(spec: HistogramSpec) {
    this.#all = new LevelHistogram(spec);
    this.#playing = new LevelHistogram(spec);
  }

  add(sample: MeterSample): void {
    this.#samples.push(sample);
    for (let back = this.#peaks.back(); back !== undefined && back.valueDb <= sample.valueDb; back = this.#peaks.back()) {
      this.#peaks.pop();
    }
    this.#peaks.push(sample);
    this.#all.add(sample.bin, sample.valueDb);
    if (sample.present) {
      this.#presentCount += 1;
      this.#meanSum += sample.meanTerm;
      this.#activeMs += sample.durationMs;
      this.#playing.add(sample.bin, sample.valueDb);
    }
    if (sample.clip) this.#clipCount += 1;
  }

  /** Drops readings taken at or before `cutoffMs` (wall-clock windows). */
  evictUpTo(cutoffMs: number): void {
    for (let front = this.#samples.front(); front !== undefined && front.atMs <= cutoffMs; front = this.#samples.front()) {
      this.#evictFront();
    }
  }

  /** Drops the oldest readings while more than `activeMs` of playing time is held (active-time windows). */
  evictBeyondActive(activeMs: number): void {
    while (this.#activeMs > activeMs && this.#samples.length > 0) this.#evictFront();
  }

  clear(): void {
    this.#samples.clear();
    this.#peaks.clear();
    this.#all.clear();
    this.#playing.clear();
    this.#presentCount = 0;
    this.#meanSum = 0;
    this.#activeMs = 0;
    this.#clipCount = 0;
  }

  get frames(): number {
    return this.#samples.length;
  }

  get presentFrames(): number {
    return this.#presentCount;
  }

  /** Sum of the mean terms of the playing readings (divide by presentFrames). */
  get meanSum(): number {
    return this.#meanSum;
  }

  get activeMs(): number {
    return this.#activeMs;
  }

  get clipCount(): number {
    return this.#clipCount;
  }

  /** Highest reading held, -Infinity when empty. */
  get peakDb(): number {
    return this.#peaks.front()?.valueDb ?? -Infinity;
  }

  /** Wall-clock time the held readings span, ms (0 when empty). */
  get spanMs(): number {
    const front = this.#samples.front();
    const back = this.#samples.back();
    if (front === undefined || back === undefined) return 0;
    return back.atMs - front.atMs + front.durationMs;
  }

  /** Percentile of every reading held. */
  percentileOfAll(percent: number): number {
    return this.#all.percentile(percent);
  }

  /** Percentile of the playing readings held. */
  percentileOfPlaying(percent: number): number {
    return this.#playing.percentile(percent);
  }

  #evictFront(): void {
    const sample = this.#samples.shift();
    if (sample === undefined) return;
    if (this.#peaks.front() === sample) this.#peaks.shift();
    this.#all.remove(sample.bin, sample.valueDb);
    if (sample.present) {
      this.#presentCount -= 1;
      this.#activeMs -= sample.durationMs;
      this.#playing.remove(sample.bin, sample.valueDb);
      // Reset at zero so floating-point residue from large readings never biases later quiet ones.
      this.#meanSum = this.#presentCount === 0 ? 0 : Math.max(0, this.#meanSum - sample.meanTerm);
    }
    if (sample.clip) this.#clipCount -= 1;
  }
}
