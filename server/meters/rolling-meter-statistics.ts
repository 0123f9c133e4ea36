/**
 * Rolling statistics for every meter point of a console, fed one MeterFrame at a time.
 * O(1) amortised work per frame per point and window; memory bounded by the longest window.
 */
import type { MeterFrame } from '../model/meter-frame';
import { LEVEL_HISTOGRAM, LevelHistograms, REDUCTION_HISTOGRAM } from './level-histogram';
import { histogramsPerPoint, PointTracker, type PointKind, type TrackerSettings } from './point-tracker';
import { ReadingMatrix } from './reading-matrix';
import type { MeterStatistics, PointStatistics } from './statistics';

/** The listening windows the bridge keeps: 0.4 s (meter ballistics), 3 s (phrase), 8 s (soundcheck). */
export const DEFAULT_WINDOWS_MS: readonly number[] = [400, 3000, 8000];

export interface RollingMeterOptions {
  /** Wall-clock windows statistics() answers for, ms. */
  windowsMs: readonly number[];
  /** Window of the noise-floor estimate that gates "signal present", ms. Default 30 000. */
  noiseWindowMs?: number;
  /** Playing time the soundcheck window holds (it only advances while the source plays), ms. Default 8000. */
  soundcheckActiveMs?: number;
  /** Readings at or above this count as clips, dBFS. Default -1 (pass profile.thresholds.clipDbfs). */
  clipDbfs?: number;
  /** A reading must exceed the noise-floor estimate by this much to count as playing, dB. Default 10. */
  signalMarginDb?: number;
  /** ...but need never be more than this far below the loud parts (a source that never rests), dB. Default 20. */
  relativeGateDb?: number;
  /** Readings below this never count as playing, dBFS. Default -60. */
  absoluteFloorDbfs?: number;
  /**
   * Until a point has shown dynamics (loud parts at least signalMarginDb over its floor), only readings
   * above this count as playing: steady hum or a noisy high-gain preamp is not a source, dBFS. Default -45.
   */
  steadySignalDbfs?: number;
  /** "Signal present" stays true this long after the last playing reading, ms. Default 1000. */
  signalHoldMs?: number;
  /** Duration credited to the first frame after a start or reset, ms. Default 50 (20 frames/s). */
  nominalFrameMs?: number;
  /** Longest duration one frame stands for (a gap in the stream is not playing time), ms. Default 250. */
  maxFrameMs?: number;
}

/** A meter point, numbered as on the desk (1-based). */
export type MeterPoint =
  | { area: 'channelInput' | 'channelDynGr' | 'channelPostFader'; index: number }
  | { area: 'bus' | 'matrix'; index: number }
  | { area: 'main' };

export type MeterStatisticsErrorCode = 'unknown-window' | 'bad-options';

export class MeterStatisticsError extends Error {
  readonly code: MeterStatisticsErrorCode;
  constructor(code: MeterStatisticsErrorCode, message: string) {
    super(message);
    this.name = 'MeterStatisticsError';
    this.code = code;
  }
}

type Area = 'channelInput' | 'channelDynGr' | 'channelPostFader' | 'bus' | 'matrix';

const AREA_KIND: Record<Area | 'main', PointKind> = {
  channelInput: 'level',
  channelDynGr: 'reduction',
  channelPostFader: 'level',
  bus: 'level',
  matrix: 'level',
  main: 'level',
};

export class RollingMeterStatistics {
  readonly windowsMs: readonly number[];
  readonly #settings: TrackerSettings;
  readonly #trackers: Record<Area, PointTracker[]> = {
    channelInput: [], channelDynGr: [], channelPostFader: [], bus: [], matrix: [],
  };
  /** How many points of each area the latest frame carried (0 = not metered). */
  readonly #provided: Record<Area, number> = {
    channelInput: 0, channelDynGr: 0, channelPostFader: 0, bus: 0, matrix: 0,
  };
  /** Whether each channel's input played in the frame being pushed (its gain reduction counts then). */
  readonly #inputPlaying: boolean[] = [];
  /** Per area, where its points keep their readings, playing readings and histograms (see ReadingMatrix). */
  readonly #stores = new Map<Area | 'main', { readings: ReadingMatrix; played: ReadingMatrix; histograms: LevelHistograms }>();
  #main: PointTracker | null = null;
  #mainProvided = false;
  #lastFrameAtMs: number | null = null;

  /** @throws MeterStatisticsError `bad-options` for an empty window list or non-positive lengths. */
  constructor(options: RollingMeterOptions) {
    const windowsMs = [...new Set(options.windowsMs)].sort((a, b) => a - b);
    if (windowsMs.length === 0 || windowsMs.some((w) => !(w > 0) || !Number.isFinite(w))) {
      throw new MeterStatisticsError('bad-options', `windowsMs must be positive lengths in ms, got [${options.windowsMs.join(', ')}]`);
    }
    this.windowsMs = windowsMs;
    this.#settings = {
      windowsMs,
      noiseWindowMs: options.noiseWindowMs ?? 30_000,
      soundcheckActiveMs: options.soundcheckActiveMs ?? 8000,
      clipDbfs: options.clipDbfs ?? -1,
      signalMarginDb: options.signalMarginDb ?? 10,
      relativeGateDb: options.relativeGateDb ?? 20,
      absoluteFloorDbfs: options.absoluteFloorDbfs ?? -60,
      steadySignalDbfs: options.steadySignalDbfs ?? -45,
      signalHoldMs: options.signalHoldMs ?? 1000,
      nominalFrameMs: options.nominalFrameMs ?? 50,
      maxFrameMs: options.maxFrameMs ?? 250,
    };
  }

  /**
   * Counts readings at or above `clipDbfs` as clips from the next frame on (a venue profile with another clip
   * threshold became active); readings already counted keep the count they got.
   */
  setClipDbfs(clipDbfs: number): void {
    this.#settings.clipDbfs = clipDbfs;
  }

  /** Adds one frame. Frames must arrive in time order (atMs non-decreasing). */
  push(frame: MeterFrame): void {
    const atMs = frame.atMs;
    this.#lastFrameAtMs = atMs;
    // Plain loops over the trackers, no closures: this runs for every point of every frame.
    const inputs = frame.channelInputDbfs;
    const inputTrackers = this.#provide('channelInput', inputs.length);
    const playing = this.#inputPlaying;
    for (let i = 0; i < inputs.length; i += 1) playing[i] = inputTrackers[i]!.push(atMs, inputs[i]!, true);
    // Gain reduction counts while the channel plays; with no input meter, every frame counts.
    const reductions = frame.channelDynGrDb;
    const reductionTrackers = this.#provide('channelDynGr', reductions.length);
    for (let i = 0; i < reductions.length; i += 1) {
      reductionTrackers[i]!.push(atMs, reductions[i]!, i < inputs.length ? playing[i]! : true);
    }
    this.#pushArea('channelPostFader', frame.channelPostFaderDbfs, atMs);
    this.#pushArea('bus', frame.busDbfs, atMs);
    this.#pushArea('matrix', frame.matrixDbfs, atMs);
    this.#mainProvided = frame.mainDbfs.length > 0;
    if (frame.mainDbfs.length > 0) {
      // The main meter is judged on its louder side, as a stereo peak meter shows it.
      this.#main ??= this.#newTracker('main', 1);
      this.#main.push(atMs, Math.max(...frame.mainDbfs), true);
    }
  }

  /**
   * Statistics for every point over one configured wall-clock window.
   * @throws MeterStatisticsError `unknown-window` when `windowMs` is not one of `windowsMs`.
   */
  statistics(windowMs: number): MeterStatistics {
    if (!this.windowsMs.includes(windowMs)) {
      throw new MeterStatisticsError('unknown-window', `no ${windowMs} ms window (configured: ${this.windowsMs.join(', ')} ms)`);
    }
    return this.#collect(windowMs, (tracker) => tracker.statistics(windowMs) ?? null);
  }

  /**
   * Statistics over the soundcheck window: for each point, its last `soundcheckActiveMs` of playing,
   * however long ago (a kick checked a minute ago keeps its figures while the snare is checked).
   */
  soundcheck(): MeterStatistics {
    return this.#collect(this.#settings.soundcheckActiveMs, (tracker) => tracker.soundcheckStatistics());
  }

  /**
   * Statistics of one point over a configured window or the soundcheck window; null when the console
   * does not meter that point.
   * @throws MeterStatisticsError `unknown-window` for an unconfigured window length.
   */
  pointStatistics(point: MeterPoint, window: number | 'soundcheck'): PointStatistics | null {
    if (window !== 'soundcheck' && !this.windowsMs.includes(window)) {
      throw new MeterStatisticsError('unknown-window', `no ${window} ms window (configured: ${this.windowsMs.join(', ')} ms)`);
    }
    const tracker = this.#find(point);
    if (tracker === null) return null;
    return window === 'soundcheck' ? tracker.soundcheckStatistics() : (tracker.statistics(window) ?? null);
  }

  /**
   * Forgets the readings of one point, or of every point: call after a change is applied (old readings
   * describe a gain structure that no longer exists) or to start a new soundcheck of a source.
   */
  reset(point?: MeterPoint): void {
    if (point === undefined) {
      for (const trackers of Object.values(this.#trackers)) for (const tracker of trackers) tracker.reset();
      this.#main?.reset();
      return;
    }
    this.#find(point)?.reset();
  }

  #find(point: MeterPoint): PointTracker | null {
    if (point.area === 'main') return this.#mainProvided ? this.#main : null;
    if (point.index < 1 || point.index > this.#provided[point.area]) return null;
    return this.#trackers[point.area][point.index - 1] ?? null;
  }

  /** Records that the frame carries `count` points of `area`; returns its trackers, at least `count` of them. */
  #provide(area: Area, count: number): PointTracker[] {
    this.#provided[area] = count;
    const trackers = this.#trackers[area];
    while (trackers.length < count) trackers.push(this.#newTracker(area, count));
    return trackers;
  }

  /** A tracker for the next point of `area`, which has `points` points now. */
  #newTracker(area: Area | 'main', points: number): PointTracker {
    const kind = AREA_KIND[area];
    let stores = this.#stores.get(area);
    if (stores === undefined) {
      stores = {
        readings: new ReadingMatrix(points),
        played: new ReadingMatrix(points),
        histograms: new LevelHistograms(kind === 'level' ? LEVEL_HISTOGRAM : REDUCTION_HISTOGRAM, histogramsPerPoint(this.#settings), points),
      };
      this.#stores.set(area, stores);
    }
    return new PointTracker(kind, this.#settings, stores.readings, stores.played, stores.histograms);
  }

  #pushArea(area: Area, readings: readonly number[], atMs: number): void {
    const trackers = this.#provide(area, readings.length);
    for (let i = 0; i < readings.length; i += 1) trackers[i]!.push(atMs, readings[i]!, true);
  }

  #collect(windowMs: number, read: (tracker: PointTracker) => PointStatistics | null): MeterStatistics {
    const area = (name: Area): (PointStatistics | null)[] =>
      this.#trackers[name].slice(0, this.#provided[name]).map(read);
    return {
      windowMs,
      lastFrameAtMs: this.#lastFrameAtMs,
      channelInput: area('channelInput'),
      channelDynGrDb: area('channelDynGr'),
      channelPostFader: area('channelPostFader'),
      buses: area('bus'),
      matrices: area('matrix'),
      main: this.#mainProvided && this.#main !== null ? read(this.#main) : null,
    };
  }
}
