/**
 * Rolling statistics of every meter point of one area: per point, a wall-clock aggregate per configured
 * window, a long noise window for the noise-floor estimate that gates "signal present", a peak hold, a
 * 500 ms clip counter and an active-time (soundcheck) window that only advances while the source plays.
 * A point is a number: its column in the area's reading matrices, its place in the histogram bank, the
 * window records and the point records below. A point touches no object of its own: at 20 frames/s its
 * state is cold again by its next read, and an object per point (tracker, rings, windows) cost a cache miss
 * each.
 */
import { dbToPower, powerToDb } from '../model/db';
import type { LevelHistograms } from './level-histogram';
import { OnDemandWindows, type WindowFigures } from './on-demand-window';
import { PointRecords } from './point-records';
import { READING_CLIP, READING_PRESENT, ReadingMatrix } from './reading-matrix';
import type { PointStatistics } from './statistics';
import { NO_HISTOGRAM, WindowAggregates } from './window-aggregate';

/** Percentile of all readings reported as the noise floor (`lowDbfs`). */
export const LOW_PERCENTILE = 10;
/** Percentile of playing readings reported as the loud parts (`highDbfs`). */
export const HIGH_PERCENTILE = 95;
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

export class PointTrackers {
  readonly #histograms: LevelHistograms;
  readonly #level: boolean;
  readonly #settings: TrackerSettings;
  /** Every reading still inside the longest wall-clock window, shared by those windows. */
  readonly #readings: ReadingMatrix;
  /** The playing readings the soundcheck window holds (it outlives the wall-clock windows). */
  readonly #played: ReadingMatrix;
  readonly #windows = new Map<number, WindowFigures>();
  /**
   * The two wall-clock windows kept up to date with every reading: the longest (the engine's) and the
   * noise window (the same aggregates when their lengths agree). The others are computed when asked.
   */
  readonly #engine: WindowAggregates;
  readonly #engineMs: number;
  readonly #noise: WindowAggregates;
  readonly #noiseMs: number;
  readonly #soundcheck: WindowAggregates;
  readonly #points: PointRecords;

  /**
   * Trackers for the points of one area, of one kind, with room for `points` of them at first; its
   * histograms (histogramsPerPoint(settings) per point) go in `histograms`.
   */
  constructor(kind: PointKind, settings: TrackerSettings, histograms: LevelHistograms, points: number) {
    this.#level = kind === 'level';
    this.#histograms = histograms;
    this.#readings = new ReadingMatrix(points);
    this.#played = new ReadingMatrix(points);
    this.#settings = settings;
    this.#points = new PointRecords(points);
    const longestMs = Math.max(...settings.windowsMs);
    const kept = keptWindowsMs(settings);
    // The soundcheck window's two histograms come last.
    const soundcheckAt = histogramsPerPoint(settings) - 2;
    let noise: WindowAggregates | null = null;
    let engine: WindowAggregates | null = null;
    for (const windowMs of settings.windowsMs) {
      const k = kept.indexOf(windowMs);
      if (k < 0) {
        this.#windows.set(windowMs, new OnDemandWindows(this.#readings, windowMs));
        continue;
      }
      const aggregates = new WindowAggregates(this.#readings, histograms, 2 * k, 2 * k + 1, points);
      this.#windows.set(windowMs, aggregates);
      if (windowMs === longestMs) engine = aggregates;
      if (windowMs === settings.noiseWindowMs) noise = aggregates;
    }
    // Only its percentiles of every reading gate "playing": no playing figures to keep.
    noise ??= new WindowAggregates(this.#readings, histograms, 2 * kept.length, NO_HISTOGRAM, points);
    this.#engine = engine!;
    this.#engineMs = longestMs;
    this.#noise = noise;
    this.#noiseMs = settings.noiseWindowMs;
    this.#soundcheck = new WindowAggregates(this.#played, histograms, soundcheckAt, soundcheckAt + 1, points);
  }

  /** How many points are tracked (numbered from 0). */
  get count(): number {
    return this.#points.count;
  }

  /** Tracks one more point, with no readings yet. */
  attach(): void {
    this.#histograms.attach();
    this.#readings.attach();
    this.#played.attach();
    this.#engine.attach();
    if (this.#noise !== this.#engine) this.#noise.attach();
    this.#soundcheck.attach();
    this.#points.attach();
  }

  /**
   * Drops from the wall-clock windows of point `point` the readings they no longer hold at `atMs`: call it
   * before each push of the point.
   */
  evictPoint(point: number, atMs: number): void {
    const engine = this.#engine;
    const noise = this.#noise;
    engine.evictUpTo(point, atMs - this.#engineMs);
    if (noise !== engine) noise.evictUpTo(point, atMs - this.#noiseMs);
    this.#readings.dropBefore(point, Math.min(engine.start(point), noise.start(point)));
  }

  /**
   * Adds one reading of point `point`, after evictPoint() for its time. `playing` decides signal presence for
   * reduction points (the channel's input is playing); level points decide it themselves. Returns whether
   * the source counted as playing.
   */
  push(point: number, atMs: number, reading: number, playing: boolean): boolean {
    const level = this.#level;
    const valueDb = level
      ? (Number.isNaN(reading) ? -Infinity : Math.min(reading, READING_CEILING_DB))
      : (reading > 0 ? Math.min(reading, READING_CEILING_DB) : 0);
    const s = this.#settings;
    const points = this.#points;
    const durationMs = points.arrive(point, atMs, s.nominalFrameMs, s.maxFrameMs);

    const engine = this.#engine;
    const noise = this.#noise;
    const present = level ? valueDb > -Infinity && valueDb >= this.#gateDbfs(point) : playing;
    const clip = level && valueDb >= s.clipDbfs;
    // Only playing readings are averaged: skip the power of the others.
    const meanTerm = !present ? 0 : level ? dbToPower(valueDb) : valueDb;
    const flags = (present ? READING_PRESENT : 0) | (clip ? READING_CLIP : 0);
    const bin = this.#histograms.binOf(valueDb);
    const code = bin * 4 + flags;
    this.#readings.push(point, atMs, valueDb, meanTerm, durationMs, code);
    engine.addNewest(point, bin, valueDb, flags, meanTerm, durationMs);
    if (noise !== engine) noise.addNewest(point, bin, valueDb, flags, meanTerm, durationMs);
    if (present) {
      const soundcheck = this.#soundcheck;
      this.#played.push(point, atMs, valueDb, meanTerm, durationMs, code);
      soundcheck.addNewest(point, bin, valueDb, flags, meanTerm, durationMs);
      soundcheck.evictBeyondActive(point, s.soundcheckActiveMs);
      this.#played.dropBefore(point, soundcheck.start(point));
    }
    points.settle(point, atMs, valueDb, present, clip);
    return present;
  }

  /** Statistics of a point over a configured wall-clock window; undefined when `windowMs` is not configured. */
  statistics(point: number, windowMs: number): PointStatistics | undefined {
    const window = this.#windows.get(windowMs);
    if (window === undefined) return undefined;
    return this.#summarise(point, window, window.percentileOfAll(point, LOW_PERCENTILE));
  }

  /** Statistics of a point over its last `soundcheckActiveMs` of playing, however long ago; the floor from the noise window. */
  soundcheckStatistics(point: number): PointStatistics {
    return this.#summarise(point, this.#soundcheck, this.#noise.percentileOfAll(point, LOW_PERCENTILE));
  }

  /** Forgets every reading of a point and its peak hold (after a gain change, or to start a new soundcheck). */
  reset(point: number): void {
    this.#readings.clear(point);
    this.#played.clear(point);
    this.#engine.clear(point);
    this.#noise.clear(point);
    this.#soundcheck.clear(point);
    this.#points.reset(point);
  }

  /** The playing gate of a point, recomputed every GATE_REFRESH_READINGS readings (its percentile scans cost more than the rest of a push). */
  #gateDbfs(point: number): number {
    const points = this.#points;
    if (points.gateDue(point, GATE_REFRESH_READINGS)) points.setGate(point, this.#freshGateDbfs(point));
    return points.gateDbfs(point);
  }

  /**
   * The level a reading must reach to count as playing: `signalMarginDb` above the noise floor (the low
   * percentile of the noise window), but never more than `relativeGateDb` below the loud parts so a source
   * that never rests still counts (like the relative gate of loudness meters), and never below the
   * absolute floor. Until the noise window has shown any dynamics (floor and loud parts within the margin)
   * nobody can tell a steady source from steady noise: then only readings above `steadySignalDbfs` count.
   */
  #freshGateDbfs(point: number): number {
    const s = this.#settings;
    const steadyGate = Math.max(s.absoluteFloorDbfs, s.steadySignalDbfs);
    if (this.#noise.frames(point) === 0) return steadyGate;
    const floorDbfs = this.#noise.percentileOfAll(point, LOW_PERCENTILE);
    const loudDbfs = this.#noise.percentileOfAll(point, HIGH_PERCENTILE);
    if (!(loudDbfs - floorDbfs >= s.signalMarginDb)) return steadyGate;
    return Math.max(s.absoluteFloorDbfs, Math.min(floorDbfs + s.signalMarginDb, loudDbfs - s.relativeGateDb));
  }

  #summarise(point: number, window: WindowFigures, lowDb: number): PointStatistics {
    const present = window.presentFrames(point);
    const silentAverage = this.#level ? -Infinity : 0;
    const mean = window.meanSum(point) / present;
    const averageDb = present === 0 ? silentAverage : this.#level ? powerToDb(mean) : mean;
    const points = this.#points;
    const signalPresent = points.signalPresent(point, this.#settings.signalHoldMs);
    return {
      windowMs: window.spanMs(point),
      activeMs: window.activeMs(point),
      peakDbfs: window.peakDb(point),
      peakHoldDbfs: points.peakHoldDb(point),
      averageDbfs: averageDb,
      lowDbfs: lowDb,
      highDbfs: window.percentileOfPlaying(point, HIGH_PERCENTILE),
      clipCount: window.clipCount(point),
      recentClipCount: points.recentClipCount(point),
      signalPresent,
      silentForMs: signalPresent ? 0 : points.silentForMs(point),
      frames: window.frames(point),
    };
  }
}
