/**
 * Rolling statistics of one meter point: a wall-clock aggregate per configured window, a long noise window
 * for the noise-floor estimate that gates "signal present", a peak hold, a 500 ms clip counter and an
 * active-time (soundcheck) window that only advances while the source plays.
 */
import { dbToPower, powerToDb } from '../model/db';
import { histogramBins, histogramBlocks, LEVEL_HISTOGRAM, LevelHistogram, REDUCTION_HISTOGRAM, type HistogramSpec } from './level-histogram';
import { READING_CLIP, READING_PRESENT, ReadingRing } from './reading-ring';
import { OnDemandWindow, type WindowFigures } from './on-demand-window';
import { SampleQueue } from './sample-queue';
import type { PointStatistics } from './statistics';
import { WindowAggregate } from './window-aggregate';

/** Percentile of all readings reported as the noise floor (`lowDbfs`). */
export const LOW_PERCENTILE = 10;
/** Percentile of playing readings reported as the loud parts (`highDbfs`). */
export const HIGH_PERCENTILE = 95;
/** Span of the recent clip count. */
export const RECENT_CLIP_MS = 500;
/** Highest reading kept; anything above is clamped (X32 meters reach +18 dBFS). */
const READING_CEILING_DB = 40;

/** How a point's readings are interpreted. */
export type PointKind =
  /** dBFS levels: power-mean average, gated by the noise-floor estimate. */
  | 'level'
  /** Positive dB of gain reduction: arithmetic mean while the channel plays, never clips. */
  | 'reduction';

/** Settings shared by every point of a RollingMeterStatistics (see its options for meanings and defaults). */
export interface TrackerSettings {
  windowsMs: readonly number[];
  noiseWindowMs: number;
  soundcheckActiveMs: number;
  clipDbfs: number;
  signalMarginDb: number;
  relativeGateDb: number;
  absoluteFloorDbfs: number;
  steadySignalDbfs: number;
  signalHoldMs: number;
  nominalFrameMs: number;
  maxFrameMs: number;
}

/**
 * Readings between recomputations of the playing gate: at 20 frames/s it lags the 30 s noise window by at
 * most half a second, which moves it by a fraction of a dB.
 */
const GATE_REFRESH_READINGS = 10;

export class PointTracker {
  readonly #kind: PointKind;
  readonly #spec: HistogramSpec;
  readonly #settings: TrackerSettings;
  /** Every reading still inside the longest wall-clock window, shared by those windows. */
  readonly #readings = new ReadingRing();
  /** The playing readings the soundcheck window holds (it outlives the wall-clock windows). */
  readonly #playedReadings = new ReadingRing();
  readonly #windows = new Map<number, WindowFigures>();
  /**
   * The wall-clock windows kept up to date with every reading, in `#windowsMs` order, the noise window
   * included: the hot path walks arrays, not the Map. The others are computed when asked.
   */
  readonly #wallClock: WindowAggregate[] = [];
  readonly #wallClockMs: number[] = [];
  readonly #noise: WindowAggregate;
  readonly #soundcheck: WindowAggregate;
  readonly #recentClips = new SampleQueue<number>();
  #lastAtMs: number | null = null;
  #lastPresentAtMs: number | null = null;
  #firstAtMs: number | null = null;
  /** The playing gate, refreshed every GATE_REFRESH_READINGS readings (its percentile scans cost more than the rest of a push). */
  #gateCacheDbfs: number | null = null;
  #readingsSinceGate = 0;
  #peakHoldDb = -Infinity;

  constructor(kind: PointKind, settings: TrackerSettings) {
    this.#kind = kind;
    this.#spec = kind === 'level' ? LEVEL_HISTOGRAM : REDUCTION_HISTOGRAM;
    this.#settings = settings;
    const noiseConfigured = settings.windowsMs.includes(settings.noiseWindowMs);
    // The longest window (the engine's) and the noise window (the playing gate) are read all the time and
    // keep running figures; a shorter one holds a few dozen readings, is rarely asked, and is computed then.
    const longestMs = Math.max(...settings.windowsMs);
    const kept = settings.windowsMs.filter((windowMs) => windowMs === longestMs || windowMs === settings.noiseWindowMs);
    // Every kept window takes each new reading into the same bin: interleave their histograms
    // (count and sum of every reading, then of the playing ones) so that costs one cache line.
    const stride = 4 * kept.length + (noiseConfigured ? 0 : 2);
    const data = new Float64Array(histogramBins(this.#spec) * stride);
    const blocks = new Uint32Array((histogramBlocks(this.#spec) * stride) / 2);
    const histogram = (offset: number): LevelHistogram => new LevelHistogram(this.#spec, { data, blocks, offset, stride });
    for (const windowMs of settings.windowsMs) {
      const k = kept.indexOf(windowMs);
      if (k < 0) {
        this.#windows.set(windowMs, new OnDemandWindow(this.#readings, windowMs));
        continue;
      }
      const aggregate = new WindowAggregate(this.#readings, histogram(4 * k), histogram(4 * k + 2));
      this.#windows.set(windowMs, aggregate);
      this.#wallClock.push(aggregate);
      this.#wallClockMs.push(windowMs);
    }
    const configuredNoise = this.#wallClock[kept.indexOf(settings.noiseWindowMs)];
    if (configuredNoise === undefined) {
      // Only its percentiles of every reading gate "playing": no playing figures to keep.
      this.#noise = new WindowAggregate(this.#readings, histogram(stride - 2), null);
      this.#wallClock.push(this.#noise);
      this.#wallClockMs.push(settings.noiseWindowMs);
    } else {
      this.#noise = configuredNoise;
    }
    this.#soundcheck = new WindowAggregate(this.#playedReadings, new LevelHistogram(this.#spec), new LevelHistogram(this.#spec));
  }

  /**
   * Adds one reading. `playing` decides signal presence for reduction points (the channel's input is
   * playing); level points decide it themselves. Returns whether the source counted as playing.
   */
  push(atMs: number, reading: number, playing: boolean): boolean {
    const valueDb = this.#kind === 'level'
      ? (Number.isNaN(reading) ? -Infinity : Math.min(reading, READING_CEILING_DB))
      : (reading > 0 ? Math.min(reading, READING_CEILING_DB) : 0);
    const s = this.#settings;
    const durationMs = this.#lastAtMs === null
      ? s.nominalFrameMs
      : Math.min(Math.max(atMs - this.#lastAtMs, 0), s.maxFrameMs);
    this.#lastAtMs = atMs;
    this.#firstAtMs ??= atMs;

    const wallClock = this.#wallClock;
    const wallClockMs = this.#wallClockMs;
    let oldest = this.#readings.end;
    for (let i = 0; i < wallClock.length; i += 1) {
      const aggregate = wallClock[i]!;
      aggregate.evictUpTo(atMs - wallClockMs[i]!);
      if (aggregate.start < oldest) oldest = aggregate.start;
    }
    this.#readings.dropBefore(oldest);

    const present = this.#kind === 'level' ? valueDb > -Infinity && valueDb >= this.#cachedGateDbfs() : playing;
    const clip = this.#kind === 'level' && valueDb >= s.clipDbfs;
    // Only playing readings are averaged: skip the power of the others.
    const meanTerm = !present ? 0 : this.#kind === 'level' ? dbToPower(valueDb) : valueDb;
    const flags = (present ? READING_PRESENT : 0) | (clip ? READING_CLIP : 0);
    const bin = LevelHistogram.binOf(this.#spec, valueDb);
    this.#readings.push(atMs, valueDb, meanTerm, durationMs, flags, bin);
    for (let i = 0; i < wallClock.length; i += 1) wallClock[i]!.addNewest();
    if (present) {
      this.#playedReadings.push(atMs, valueDb, meanTerm, durationMs, flags, bin);
      this.#soundcheck.addNewest();
      this.#soundcheck.evictBeyondActive(s.soundcheckActiveMs);
      this.#playedReadings.dropBefore(this.#soundcheck.start);
      this.#lastPresentAtMs = atMs;
    }

    if (valueDb > this.#peakHoldDb) this.#peakHoldDb = valueDb;
    if (clip) this.#recentClips.push(atMs);
    for (let front = this.#recentClips.front(); front !== undefined && front <= atMs - RECENT_CLIP_MS; front = this.#recentClips.front()) {
      this.#recentClips.shift();
    }
    return present;
  }

  /** Statistics over a configured wall-clock window; undefined when `windowMs` is not configured. */
  statistics(windowMs: number): PointStatistics | undefined {
    const aggregate = this.#windows.get(windowMs);
    if (aggregate === undefined) return undefined;
    return this.#summarise(aggregate, aggregate.percentileOfAll(LOW_PERCENTILE));
  }

  /** Statistics over the last `soundcheckActiveMs` of playing, however long ago; the floor from the noise window. */
  soundcheckStatistics(): PointStatistics {
    return this.#summarise(this.#soundcheck, this.#noise.percentileOfAll(LOW_PERCENTILE));
  }

  /** Forgets every reading and the peak hold (after a gain change, or to start a new soundcheck). */
  reset(): void {
    this.#readings.clear();
    this.#playedReadings.clear();
    for (const aggregate of this.#wallClock) aggregate.clear();
    this.#soundcheck.clear();
    this.#recentClips.clear();
    this.#lastAtMs = null;
    this.#lastPresentAtMs = null;
    this.#firstAtMs = null;
    this.#gateCacheDbfs = null;
    this.#peakHoldDb = -Infinity;
  }

  #cachedGateDbfs(): number {
    if (this.#gateCacheDbfs === null || ++this.#readingsSinceGate >= GATE_REFRESH_READINGS) {
      this.#gateCacheDbfs = this.#gateDbfs();
      this.#readingsSinceGate = 0;
    }
    return this.#gateCacheDbfs;
  }

  /**
   * The level a reading must reach to count as playing: `signalMarginDb` above the noise floor (the low
   * percentile of the noise window), but never more than `relativeGateDb` below the loud parts so a source
   * that never rests still counts (like the relative gate of loudness meters), and never below the
   * absolute floor. Until the noise window has shown any dynamics (floor and loud parts within the margin)
   * nobody can tell a steady source from steady noise: then only readings above `steadySignalDbfs` count.
   */
  #gateDbfs(): number {
    const s = this.#settings;
    const steadyGate = Math.max(s.absoluteFloorDbfs, s.steadySignalDbfs);
    if (this.#noise.frames === 0) return steadyGate;
    const floorDbfs = this.#noise.percentileOfAll(LOW_PERCENTILE);
    const loudDbfs = this.#noise.percentileOfAll(HIGH_PERCENTILE);
    if (!(loudDbfs - floorDbfs >= s.signalMarginDb)) return steadyGate;
    return Math.max(s.absoluteFloorDbfs, Math.min(floorDbfs + s.signalMarginDb, loudDbfs - s.relativeGateDb));
  }

  #silentForMs(signalPresent: boolean): number {
    if (signalPresent || this.#lastAtMs === null) return 0;
    return this.#lastAtMs - (this.#lastPresentAtMs ?? this.#firstAtMs ?? this.#lastAtMs);
  }

  #summarise(aggregate: WindowFigures, lowDb: number): PointStatistics {
    const present = aggregate.presentFrames;
    const silentAverage = this.#kind === 'level' ? -Infinity : 0;
    const mean = aggregate.meanSum / present;
    const averageDb = present === 0 ? silentAverage : this.#kind === 'level' ? powerToDb(mean) : mean;
    const signalPresent = this.#lastPresentAtMs !== null && this.#lastAtMs !== null
      && this.#lastAtMs - this.#lastPresentAtMs < this.#settings.signalHoldMs;
    return {
      windowMs: aggregate.spanMs,
      activeMs: aggregate.activeMs,
      peakDbfs: aggregate.peakDb,
      peakHoldDbfs: this.#peakHoldDb,
      averageDbfs: averageDb,
      lowDbfs: lowDb,
      highDbfs: aggregate.percentileOfPlaying(HIGH_PERCENTILE),
      clipCount: aggregate.clipCount,
      recentClipCount: this.#recentClips.length,
      signalPresent,
      silentForMs: this.#silentForMs(signalPresent),
      frames: aggregate.frames,
    };
  }
}
