/**
 * The figures of one track over a whole recording, fed block by block in constant memory: sample and true
 * peak, clips (samples at full scale) with an estimate of what they hide, the desk's block readings (peak
 * per meter block) in a histogram, and a level-over-time trace for the report.
 */
import { linearToDbfs } from '../../../model/db';
import { TakeHistogram } from './take-histogram';
import { TruePeakMeter } from './true-peak';

/** Points of the level-over-time trace (the report's plot is about this many pixels wide). */
export const TRACE_POINTS = 600;

export interface TrackFigures {
  samplePeakDbfs: number;
  truePeakDbtp: number;
  /** Samples at full scale. */
  clipSamples: number;
  /** Runs of consecutive samples at full scale: the number of clipped events. */
  clippedRuns: number;
  /**
   * How far above full scale the clipped waveform went, estimated from how steeply it rose into and fell
   * out of its longest-lasting clipped runs (a parabola through both slopes), dB; 0 without clips.
   */
  hiddenOvershootDb: number;
  /** The most block readings at or above the clip threshold within any 500 ms (10 blocks). */
  mostClipsIn500Ms: number;
  /** Every block reading (block peak, dBFS). */
  histogram: TakeHistogram;
  /** Largest block reading per trace step, dBFS. */
  trace: number[];
  /** Length of one trace step, ms. */
  traceStepMs: number;
}

export class TrackAnalyser {
  readonly #fullScale: number;
  readonly #truePeak = new TruePeakMeter();
  readonly #histogram = new TakeHistogram();
  readonly #trace: number[] = [];
  readonly #blocksPerTracePoint: number;
  readonly #traceStepMs: number;
  readonly #clipLinear: number;
  /** Whether each of the last 500 ms of blocks clipped (a ring), and how many did. */
  readonly #recentClips: Uint8Array;
  #recentAt = 0;
  #recentCount = 0;
  #mostRecentClips = 0;
  #blocksInPoint = 0;
  #pointPeak = 0;
  #samplePeak = 0;
  #clipSamples = 0;
  #clippedRuns = 0;
  #hiddenOvershoot = 0;
  /** The two samples before the current block (magnitudes: the last one first). */
  #last1 = 0;
  #last2 = 0;
  /** The clipped run in progress: its length, and the two magnitudes before it. */
  #runLength = 0;
  #before1 = 0;
  #before2 = 0;
  /** A run that has ended, waiting for its second sample after to measure the exit slope (-1: none). */
  #after1 = -1;
  #endedRunLength = 0;
  #endedBefore1 = 0;
  #endedBefore2 = 0;

  /**
   * @param fullScale a sample whose magnitude reaches this is at full scale.
   * @param totalBlocks blocks the take will deliver (sets the trace's resolution).
   * @param clipDbfs a block reading at or above this counts as a clip on the meter (the profile's).
   */
  constructor(fullScale: number, totalBlocks: number, blockMs: number, clipDbfs: number) {
    this.#fullScale = fullScale;
    this.#clipLinear = 10 ** (clipDbfs / 20);
    this.#recentClips = new Uint8Array(Math.max(1, Math.round(500 / blockMs)));
    this.#blocksPerTracePoint = Math.max(1, Math.ceil(totalBlocks / TRACE_POINTS));
    this.#traceStepMs = this.#blocksPerTracePoint * blockMs;
  }

  /** Adds one meter block of samples; returns its block peak (linear). */
  push(samples: Float32Array): number {
    let peak = 0;
    for (let i = 0; i < samples.length; i++) {
      const x = samples[i]!;
      const magnitude = x < 0 ? -x : x;
      if (magnitude > peak) peak = magnitude;
    }
    if (peak >= this.#fullScale || this.#runLength > 0 || this.#after1 >= 0) {
      this.#trackClips(samples);
    } else if (samples.length > 0) {
      this.#last2 = samples.length > 1 ? Math.abs(samples[samples.length - 2]!) : this.#last1;
      this.#last1 = Math.abs(samples[samples.length - 1]!);
    }
    if (peak > this.#samplePeak) this.#samplePeak = peak;
    this.#truePeak.push(samples, peak);
    this.#histogram.add(linearToDbfs(peak));
    this.#addToTrace(peak);
    this.#countRecentClip(peak >= this.#clipLinear ? 1 : 0);
    return peak;
  }

  /** The slow path, for blocks that touch a clipped run: find the runs and measure each. */
  #trackClips(samples: Float32Array): void {
    const fullScale = this.#fullScale;
    for (let i = 0; i < samples.length; i++) {
      const x = samples[i]!;
      const magnitude = x < 0 ? -x : x;
      if (this.#after1 >= 0) this.#measureRun(magnitude);
      if (magnitude >= fullScale) {
        if (this.#runLength === 0) {
          this.#before1 = this.#last1;
          this.#before2 = this.#last2;
        }
        this.#runLength++;
        this.#clipSamples++;
      } else if (this.#runLength > 0) {
        this.#after1 = magnitude;
        this.#endedRunLength = this.#runLength;
        this.#endedBefore1 = this.#before1;
        this.#endedBefore2 = this.#before2;
        this.#runLength = 0;
      }
      this.#last2 = this.#last1;
      this.#last1 = magnitude;
    }
  }

  figures(): TrackFigures {
    if (this.#after1 >= 0) this.#measureRun(this.#after1);
    if (this.#runLength > 0) {
      this.#endedRunLength = this.#runLength;
      this.#endedBefore1 = this.#before1;
      this.#endedBefore2 = this.#before2;
      this.#runLength = 0;
      this.#measureRun(this.#before1, this.#before2);
    }
    if (this.#blocksInPoint > 0) {
      this.#trace.push(linearToDbfs(this.#pointPeak));
      this.#blocksInPoint = 0;
    }
    return {
      samplePeakDbfs: linearToDbfs(this.#samplePeak),
      truePeakDbtp: linearToDbfs(Math.max(this.#truePeak.peak, this.#samplePeak)),
      clipSamples: this.#clipSamples,
      clippedRuns: this.#clippedRuns,
      hiddenOvershootDb: this.#hiddenOvershoot,
      mostClipsIn500Ms: this.#mostRecentClips,
      histogram: this.#histogram,
      trace: this.#trace,
      traceStepMs: this.#traceStepMs,
    };
  }

  /**
   * A clipped run has ended and the second sample after it is in (or the take ended: `after1`, `after2`
   * stand in). The waveform crossed full scale on the way in at the slope of the two samples before the run
   * and on the way out at the slope of the two after it; a parabola with those slopes over the span between
   * the crossings rises mean slope x span / 4 above full scale.
   */
  #measureRun(after2: number, after1 = this.#after1): void {
    const fullScale = this.#fullScale;
    const inSlope = slopeInto(fullScale, this.#endedBefore1, this.#endedBefore2);
    const outSlope = slopeInto(fullScale, after1, after2);
    const spanSamples = this.#endedRunLength + 1 - (fullScale - this.#endedBefore1) / inSlope - (fullScale - after1) / outSlope;
    const overshoot = ((inSlope + outSlope) / 2) * Math.max(spanSamples, 1) / 4;
    const overshootDb = linearToDbfs((fullScale + overshoot) / fullScale);
    if (overshootDb > this.#hiddenOvershoot) this.#hiddenOvershoot = overshootDb;
    this.#clippedRuns++;
    this.#after1 = -1;
  }

  #countRecentClip(clip: 0 | 1): void {
    this.#recentCount += clip - this.#recentClips[this.#recentAt]!;
    this.#recentClips[this.#recentAt] = clip;
    this.#recentAt = (this.#recentAt + 1) % this.#recentClips.length;
    if (this.#recentCount > this.#mostRecentClips) this.#mostRecentClips = this.#recentCount;
  }

  #addToTrace(peak: number): void {
    if (peak > this.#pointPeak) this.#pointPeak = peak;
    this.#blocksInPoint++;
    if (this.#blocksInPoint === this.#blocksPerTracePoint) {
      this.#trace.push(linearToDbfs(this.#pointPeak));
      this.#blocksInPoint = 0;
      this.#pointPeak = 0;
    }
  }
}

/**
 * Rise per sample toward full scale from `near` (next to the run) and `far` (one further out): at least
 * the rise that reaches full scale within one sample, so the crossing lies between `near` and the run.
 */
function slopeInto(fullScale: number, near: number, far: number): number {
  return Math.max(near - far, fullScale - near, 1e-9);
}
