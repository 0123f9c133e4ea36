/**
 * Rolling statistics of one meter point: a wall-clock aggregate per configured window, a long noise window
 * for the noise-floor estimate that gates "signal present", a peak hold, a 500 ms clip counter and an
 * active-time (soundcheck) window that only advances while the source plays.
 */
import { dbToPower, powerToDb } from '../model/db';
import { histogramHandle, type LevelHistograms } from './level-histogram';
import type { ReadingMatrix } from './reading-matrix';
import { READING_CLIP, READING_PRESENT, ReadingRing } from './reading-ring';
import { OnDemandWindow, type WindowFigures } from './on-demand-window';
import { SampleQueue } from './sample-queue';
import type { PointStatistics } from './statistics';
import { NO_HISTOGRAM, WindowAggregate } from './window-aggregate';

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

/**
 * The wall-clock windows kept up to date with every reading: the longest (the engine's) and the noise
 * window (the playing gate) are read all the time and keep running figures; a shorter one holds a few
 * dozen readings, is rarely asked, and is computed then.
 */
function keptWindowsMs(settings: TrackerSettings): number[] {
  const longestMs = Math.max(...settings.windowsMs);
  return settings.windowsMs.filter((windowMs) => windowMs === longestMs || windowMs === settings.noiseWindowMs);
}

/**
 * Histograms a point keeps: every reading and the playing ones per kept window, every reading of the noise
 * window when it is not a configured one, and the soundcheck window's two.
 */
export function histogramsPerPoint(settings: TrackerSettings): number {
  return 2 * keptWindowsMs(settings).length + (settings.windowsMs.includes(settings.noiseWindowMs) ? 0 : 1) + 2;
}

export class PointTracker {
  readonly #histograms: LevelHistograms;
  readonly #level: boolean;
  readonly #settings: TrackerSettings;
  /** Every reading still inside the longest wall-clock window, shared by those windows. */
  readonly #readings: ReadingRing;
  /** The playing readings the soundcheck window holds (it outlives the wall-clock windows). */
  readonly #playedReadings: ReadingRing;
  readonly #windows = new Map<number, WindowFigures>();
  /**
   * The two wall-clock windows kept up to date with every reading: the longest (the engine's) and the
   * noise window (the same aggregate when their lengths agree). The others are computed when asked.
   */
  readonly #engine: WindowAggregate;
  readonly #engineMs: number;
  readonly #noise: WindowAggregate;
  readonly #noiseMs: number;
  readonly #soundcheck: WindowAggregate;
  readonly #recentClips = new SampleQueue<number>();
  /** Whether #recentClips holds any clip: spares the queue a visit on every clean reading. */
  #holdsRecentClips = false;
  /** Whether any reading arrived since the start or the last reset (then the three times below are set). */
  #started = false;
  #lastAtMs = 0;
  #firstAtMs = 0;
  #everPresent = false;
  #lastPresentAtMs = 0;
  /** The playing gate, refreshed every GATE_REFRESH_READINGS readings (its percentile scans cost more than the rest of a push). */
  #gateValid = false;
  #gateCacheDbfs = 0;
  #readingsSinceGate = 0;
  #peakHoldDb = -Infinity;

  /**
   * The point's readings go in a column of `readings`, its playing ones in a column of `played`, its
   * histograms (histogramsPerPoint(settings) of them) in `histograms`: stores shared by the points of its
   * area, of its kind.
   */
  constructor(kind: PointKind, settings: TrackerSettings, readings: ReadingMatrix, played: ReadingMatrix, histograms: LevelHistograms) {
    this.#level = kind === 'level';
    this.#histograms = histograms;
    this.#readings = new ReadingRing(readings);
    this.#playedReadings = new ReadingRing(played);
    this.#settings = settings;
    const longestMs = Math.max(...settings.windowsMs);
    const kept = keptWindowsMs(settings);
    // The soundcheck window's two histograms come last.
    const soundcheckAt = histogramsPerPoint(settings) - 2;
    const point = histograms.attach();
    const histogram = (k: number): number => histogramHandle(point, k);
    let noise: WindowAggregate | null = null;
    let engine: WindowAggregate | null = null;
    for (const windowMs of settings.windowsMs) {
      const k = kept.indexOf(windowMs);
      if (k < 0) {
        this.#windows.set(windowMs, new OnDemandWindow(this.#readings, windowMs));
        continue;
      }
      const aggregate = new WindowAggregate(this.#readings, histograms, histogram(2 * k), histogram(2 * k + 1));
      this.#windows.set(windowMs, aggregate);
      if (windowMs === longestMs) engine = aggregate;
      if (windowMs === settings.noiseWindowMs) noise = aggregate;
    }
    // Only its percentiles of every reading gate "playing": no playing figures to keep.
    noise ??= new WindowAggregate(this.#readings, histograms, histogram(2 * kept.length), NO_HISTOGRAM);
    this.#engine = engine!;
    this.#engineMs = longestMs;
    this.#noise = noise;
    this.#noiseMs = settings.noiseWindowMs;
    this.#soundcheck = new WindowAggregate(this.#playedReadings, histograms, histogram(soundcheckAt), histogram(soundcheckAt + 1));
  }

  /**
   * Adds one reading. `playing` decides signal presence for reduction points (the channel's input is
   * playing); level points decide it themselves. Returns whether the source counted as playing.
   */
  push(atMs: number, reading: number, playing: boolean): boolean {
    const level = this.#level;
    const valueDb = level
      ? (Number.isNaN(reading) ? -Infinity : Math.min(reading, READING_CEILING_DB))
      : (reading > 0 ? Math.min(reading, READING_CEILING_DB) : 0);
    const s = this.#settings;
    let durationMs = s.nominalFrameMs;
    if (this.#started) {
      durationMs = Math.min(Math.max(atMs - this.#lastAtMs, 0), s.maxFrameMs);
    } else {
      this.#started = true;
      this.#firstAtMs = atMs;
    }
    this.#lastAtMs = atMs;

    const engine = this.#engine;
    const noise = this.#noise;
    engine.evictUpTo(atMs - this.#engineMs);
    if (noise !== engine) noise.evictUpTo(atMs - this.#noiseMs);
    this.#readings.dropBefore(Math.min(engine.start, noise.start));

    const present = level ? valueDb > -Infinity && valueDb >= this.#cachedGateDbfs() : playing;
    const clip = level && valueDb >= s.clipDbfs;
    // Only playing readings are averaged: skip the power of the others.
    const meanTerm = !present ? 0 : level ? dbToPower(valueDb) : valueDb;
    const flags = (present ? READING_PRESENT : 0) | (clip ? READING_CLIP : 0);
    const bin = this.#histograms.binOf(valueDb);
    const code = bin * 4 + flags;
    this.#readings.push(atMs, valueDb, meanTerm, durationMs, code);
    engine.addNewest(bin, valueDb, flags, meanTerm, durationMs);
    if (noise !== engine) noise.addNewest(bin, valueDb, flags, meanTerm, durationMs);
    if (present) {
      this.#playedReadings.push(atMs, valueDb, meanTerm, durationMs, code);
      this.#soundcheck.addNewest(bin, valueDb, flags, meanTerm, durationMs);
      this.#soundcheck.evictBeyondActive(s.soundcheckActiveMs);
      this.#playedReadings.dropBefore(this.#soundcheck.start);
      this.#everPresent = true;
      this.#lastPresentAtMs = atMs;
    }

    if (valueDb > this.#peakHoldDb) this.#peakHoldDb = valueDb;
    if (clip) {
      this.#recentClips.push(atMs);
      this.#holdsRecentClips = true;
    }
    if (this.#holdsRecentClips) this.#dropOldClips(atMs);
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
    this.#engine.clear();
    this.#noise.clear();
    this.#soundcheck.clear();
    this.#recentClips.clear();
    this.#holdsRecentClips = false;
    this.#started = false;
    this.#everPresent = false;
    this.#gateValid = false;
    this.#peakHoldDb = -Infinity;
  }

  #dropOldClips(atMs: number): void {
    const clips = this.#recentClips;
    for (let front = clips.front(); front !== undefined && front <= atMs - RECENT_CLIP_MS; front = clips.front()) clips.shift();
    this.#holdsRecentClips = clips.length > 0;
  }

  #cachedGateDbfs(): number {
    if (!this.#gateValid || ++this.#readingsSinceGate >= GATE_REFRESH_READINGS) {
      this.#gateCacheDbfs = this.#gateDbfs();
      this.#gateValid = true;
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
    if (signalPresent || !this.#started) return 0;
    return this.#lastAtMs - (this.#everPresent ? this.#lastPresentAtMs : this.#firstAtMs);
  }

  #summarise(aggregate: WindowFigures, lowDb: number): PointStatistics {
    const present = aggregate.presentFrames;
    const silentAverage = this.#level ? -Infinity : 0;
    const mean = aggregate.meanSum / present;
    const averageDb = present === 0 ? silentAverage : this.#level ? powerToDb(mean) : mean;
    const signalPresent = this.#everPresent && this.#lastAtMs - this.#lastPresentAtMs < this.#settings.signalHoldMs;
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
