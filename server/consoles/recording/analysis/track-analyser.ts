/**
 * The figures of one track over a whole recording, fed block by block in constant memory: sample and true
 * peak, clips (samples at full scale) with an estimate of what they hide, the desk's block readings (peak
 * per meter block) in a histogram, and a level-over-time trace for the report.
 */
import { linearToDbfs } from '../../../model/db';
import { peakOf } from '../block-peaks';
import { TakeHistogram } from './take-histogram';
import { TruePeakMeter } from './true-peak';

/** Points of the level-over-time trace (the report's plot is about this many pixels wide). */
export const TRACE_POINTS = 600;
/** A lobe longer than this (a DC offset, a sub-sonic swell) is measured as if it ended here, samples. */
const MAX_LOBE_SAMPLES = 8192;
/** Share of its lobe a clipped run may fill in the half-sine estimate (1 would mean an infinite overshoot). */
const MAX_LOBE_SHARE = 0.95;

export interface TrackFigures {
  samplePeakDbfs: number;
  truePeakDbtp: number;
  /** Samples at full scale. */
  clipSamples: number;
  /** Runs of consecutive samples at full scale: the number of clipped events. */
  clippedRuns: number;
  /**
   * How far above full scale the clipped waveform went, dB (0 without clips): the largest estimate over
   * the clipped runs, each from the slopes into and out of the run and from the lobe it sits in.
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

interface OpenRun {
  length: number;
  /** The two magnitudes before the run, the nearest first. */
  before1: number;
  before2: number;
  /** Where the lobe holding the run began (its zero crossing), absolute sample index. */
  lobeStart: number;
  sign: number;
}

interface EndedRun extends OpenRun {
  /** The two magnitudes after the run, the nearest first (after2 null until it arrives). */
  after1: number;
  after2: number | null;
  /** Absolute index of the first sample after the run. */
  endIndex: number;
  /** Absolute index of the zero crossing that ends the run's lobe, null until it arrives. */
  lobeEnd: number | null;
}

const NO_RUN: OpenRun = { length: 0, before1: 0, before2: 0, lobeStart: 0, sign: 1 };

export class TrackAnalyser {
  readonly #fullScale: number;
  readonly #clipLinear: number;
  readonly #truePeak = new TruePeakMeter();
  readonly #histogram = new TakeHistogram();
  readonly #trace: number[] = [];
  readonly #blocksPerTracePoint: number;
  readonly #traceStepMs: number;
  /** Whether each of the last 500 ms of blocks clipped on the meter (a ring), and how many did. */
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
  /** Absolute index of the next sample, the sign of the last one and where that sign's stretch began. */
  #n = 0;
  #sign = 1;
  #signStart = 0;
  /** The two samples before the next one (magnitudes, the nearest first). */
  #last1 = 0;
  #last2 = 0;
  #run: OpenRun = NO_RUN;
  #ended: EndedRun | null = null;

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
    const peak = peakOf(samples);
    if (peak >= this.#fullScale || this.#run.length > 0 || this.#ended !== null) this.#trackClips(samples);
    else this.#skipBlock(samples);
    if (peak > this.#samplePeak) this.#samplePeak = peak;
    this.#truePeak.push(samples, peak);
    this.#histogram.add(linearToDbfs(peak));
    this.#addToTrace(peak);
    this.#countRecentClip(peak >= this.#clipLinear ? 1 : 0);
    return peak;
  }

  figures(): TrackFigures {
    if (this.#run.length > 0) this.#endRun(this.#run.before1, -this.#run.sign);
    if (this.#ended !== null) this.#measure(this.#ended);
    if (this.#blocksInPoint > 0) {
      this.#trace.push(linearToDbfs(this.#pointPeak));
      this.#blocksInPoint = 0;
      this.#pointPeak = 0;
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

  /** The fast path (no clip near): keep the last two samples and where the current sign began. */
  #skipBlock(samples: Float32Array): void {
    const length = samples.length;
    if (length === 0) return;
    this.#last2 = length > 1 ? Math.abs(samples[length - 2]!) : this.#last1;
    this.#last1 = Math.abs(samples[length - 1]!);
    const lastSign = signOf(samples[length - 1]!, this.#sign);
    let i = length - 1;
    while (i > 0 && signOf(samples[i - 1]!, lastSign) === lastSign) i--;
    if (i > 0 || lastSign !== this.#sign) this.#signStart = this.#n + i;
    this.#sign = lastSign;
    this.#n += length;
  }

  /** The slow path, for blocks that touch a clipped run: find the runs and measure each. */
  #trackClips(samples: Float32Array): void {
    const fullScale = this.#fullScale;
    for (let i = 0; i < samples.length; i++, this.#n++) {
      const x = samples[i]!;
      const magnitude = x < 0 ? -x : x;
      const sign = signOf(x, this.#sign);
      if (sign !== this.#sign) {
        this.#sign = sign;
        this.#signStart = this.#n;
      }
      const ended = this.#ended;
      if (ended !== null) {
        if (ended.after2 === null && this.#n === ended.endIndex + 1) ended.after2 = magnitude;
        if (ended.lobeEnd === null && (sign !== ended.sign || this.#n - ended.endIndex >= MAX_LOBE_SAMPLES)) ended.lobeEnd = this.#n;
        if (ended.after2 !== null && ended.lobeEnd !== null) this.#measure(ended);
      }
      if (magnitude >= fullScale) {
        if (this.#run.length === 0) this.#run = { length: 0, before1: this.#last1, before2: this.#last2, lobeStart: this.#signStart, sign };
        this.#run.length++;
        this.#clipSamples++;
      } else if (this.#run.length > 0) {
        this.#endRun(magnitude, sign);
      }
      this.#last2 = this.#last1;
      this.#last1 = magnitude;
    }
  }

  /** The run in progress ends at the current sample (`after1`, of sign `sign`). */
  #endRun(after1: number, sign: number): void {
    if (this.#ended !== null) {
      this.#ended.after2 ??= after1;
      this.#ended.lobeEnd ??= this.#n;
      this.#measure(this.#ended);
    }
    const run = this.#run;
    this.#ended = { ...run, after1, after2: null, endIndex: this.#n, lobeEnd: sign !== run.sign ? this.#n : null };
    this.#run = NO_RUN;
  }

  /**
   * Two estimates of how far a clipped lobe went above full scale; the smaller is kept, since each errs
   * high in its own way:
   * - a parabola leaving full scale at the slope of the two samples before the run and returning at the
   *   slope of the two after it rises mean slope x span / 4 (errs high on noisy, steep material: a snare);
   * - a half sine between the zero crossings around the run (H samples) that stays above full scale for
   *   the run's span D has amplitude full scale / cos(pi D / 2H) (errs high on square-ish waveforms).
   */
  #measure(run: EndedRun): void {
    const fullScale = this.#fullScale;
    const after2 = run.after2 ?? run.after1;
    const inSlope = slopeInto(fullScale, run.before1, run.before2);
    const outSlope = slopeInto(fullScale, run.after1, after2);
    const spanSamples = Math.max(1, run.length + 1 - (fullScale - run.before1) / inSlope - (fullScale - run.after1) / outSlope);
    const parabolaDb = linearToDbfs((fullScale + ((inSlope + outSlope) / 2) * (spanSamples / 4)) / fullScale);
    const lobeSamples = Math.max(spanSamples, (run.lobeEnd ?? this.#n) - run.lobeStart);
    const halfSineDb = -linearToDbfs(Math.cos((Math.PI / 2) * Math.min(spanSamples / lobeSamples, MAX_LOBE_SHARE)));
    const overshootDb = Math.min(parabolaDb, halfSineDb);
    if (overshootDb > this.#hiddenOvershoot) this.#hiddenOvershoot = overshootDb;
    this.#clippedRuns++;
    this.#ended = null;
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

/** Sign of a sample; 0 keeps the sign before it (a zero is not a crossing). */
function signOf(x: number, previous: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : previous;
}

/**
 * Rise per sample toward full scale from `near` (next to the run) and `far` (one further out): at least
 * the rise that reaches full scale within one sample, so the crossing lies between `near` and the run.
 */
function slopeInto(fullScale: number, near: number, far: number): number {
  return Math.max(near - far, fullScale - near, 1e-9);
}
