/**
 * Rolling statistics for every meter point of a console, fed one MeterFrame at a time.
 * O(1) amortised work per frame per point and window; memory bounded by the longest window.
 */
import type { MeterFrame } from '../model/meter-frame';
import { LEVEL_HISTOGRAM, LevelHistograms, REDUCTION_HISTOGRAM } from './level-histogram';
import { histogramsPerPoint, PointTrackers, type PointKind, type TrackerSettings } from './point-trackers';
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
  /**
   * Frames held before they are folded into the figures when nobody reads sooner (see push). Default 16
   * (0.8 s at 20 frames/s; the advisor reads every 0.5 s); 1 folds each frame as it comes.
   */
  pendingFrames?: number;
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

/** Reads one point's figures over a window of `windowMs`. */
type Reader = ((trackers: PointTrackers, point: number) => PointStatistics | null) & { windowMs: number };

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
  /** Per area, its points' trackers, made when the area is first metered. */
  readonly #trackers: Record<Area, PointTrackers | null> = {
    channelInput: null, channelDynGr: null, channelPostFader: null, bus: null, matrix: null,
  };
  /** How many points of each area the latest frame carried (0 = not metered). */
  readonly #provided: Record<Area, number> = {
    channelInput: 0, channelDynGr: 0, channelPostFader: 0, bus: 0, matrix: 0,
  };
  /** Whether each channel's input played in each frame being folded, at `frame * width + channel` (its gain reduction counts then). */
  #inputPlaying = new Uint8Array(0);
  #main: PointTrackers | null = null;
  #mainProvided = false;
  #lastFrameAtMs: number | null = null;
  /** Frames taken but not folded in yet, oldest first. */
  #pending: MeterFrame[] = [];
  readonly #pendingFrames: number;

  /** @throws MeterStatisticsError `bad-options` for an empty window list or non-positive lengths. */
  constructor(options: RollingMeterOptions) {
    const windowsMs = [...new Set(options.windowsMs)].sort((a, b) => a - b);
    if (windowsMs.length === 0 || windowsMs.some((w) => !(w > 0) || !Number.isFinite(w))) {
      throw new MeterStatisticsError('bad-options', `windowsMs must be positive lengths in ms, got [${options.windowsMs.join(', ')}]`);
    }
    const pendingFrames = options.pendingFrames ?? 16;
    if (!Number.isInteger(pendingFrames) || pendingFrames < 1) {
      throw new MeterStatisticsError('bad-options', `pendingFrames must be a whole number from 1, got ${pendingFrames}`);
    }
    this.#pendingFrames = pendingFrames;
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
    this.#fold();
    this.#settings.clipDbfs = clipDbfs;
  }

  /**
   * Takes one frame. Frames must arrive in time order (atMs non-decreasing) and must not be changed afterwards:
   * they are folded into the figures when the figures are next read or reset, or once `pendingFrames` wait.
   * Folding a handful of frames in one pass runs on warm caches; folding each as its packet arrives paid a
   * cold pass over every point's stores twenty times a second (two to three times the cost per frame on an
   * idle machine). Every figure is the same either way.
   */
  push(frame: MeterFrame): void {
    this.#pending.push(frame);
    if (this.#pending.length >= this.#pendingFrames) this.#fold();
  }

  /**
   * Folds the frames taken so far into the figures, point after point: each point takes its readings of
   * every waiting frame, oldest first, before the next point starts. A point's figures depend on its own
   * readings alone, so the order across points changes nothing, but its histogram rows, records and ring cursors
   * are then fetched once for the batch, not once per frame.
   */
  #fold(): void {
    this.#foldAndRead(null);
  }

  /**
   * #fold(), reading each point's figures with `read` as soon as its readings are in, while its stores are
   * still in cache (read in a second pass, every point was cold again); returns them as #collect() would,
   * or null when no frame was waiting (nothing is read).
   */
  #foldAndRead(read: Reader | null): MeterStatistics | null {
    if (this.#pending.length === 0) return null;
    // Taken out first: a frame that throws is not folded again on the next read.
    const frames = this.#pending;
    this.#pending = [];
    const last = frames[frames.length - 1]!;
    this.#lastFrameAtMs = last.atMs;
    const inputs = frames.map((frame) => frame.channelInputDbfs);
    const channelInput: (PointStatistics | null)[] = [];
    const inputWidth = this.#foldArea('channelInput', frames, inputs, null, read, channelInput);
    // Gain reduction counts while the channel plays; with no input meter, every frame counts.
    const channelDynGrDb: (PointStatistics | null)[] = [];
    this.#foldArea('channelDynGr', frames, frames.map((frame) => frame.channelDynGrDb), { inputs, width: inputWidth }, read, channelDynGrDb);
    const channelPostFader: (PointStatistics | null)[] = [];
    this.#foldArea('channelPostFader', frames, frames.map((frame) => frame.channelPostFaderDbfs), null, read, channelPostFader);
    const buses: (PointStatistics | null)[] = [];
    this.#foldArea('bus', frames, frames.map((frame) => frame.busDbfs), null, read, buses);
    const matrices: (PointStatistics | null)[] = [];
    this.#foldArea('matrix', frames, frames.map((frame) => frame.matrixDbfs), null, read, matrices);
    for (const frame of frames) {
      if (frame.mainDbfs.length === 0) continue;
      // The main meter is judged on its louder side, as a stereo peak meter shows it.
      if (this.#main === null) {
        this.#main = this.#newTrackers('main', 1);
        this.#main.attach();
      }
      this.#main.evictPoint(0, frame.atMs);
      this.#main.push(0, frame.atMs, Math.max(...frame.mainDbfs), true);
    }
    this.#mainProvided = last.mainDbfs.length > 0;
    if (read === null) return null;
    const main = this.#mainProvided && this.#main !== null ? read(this.#main, 0) : null;
    return { windowMs: read.windowMs, lastFrameAtMs: this.#lastFrameAtMs, channelInput, channelDynGrDb, channelPostFader, buses, matrices, main };
  }

  /**
   * Folds the readings `readings[f]` of frame `f` of one area, point after point. With `gate`, a reading
   * counts only while the same frame's channel input played (gain reduction); an input reading's verdict
   * is kept in `#inputPlaying` for it. With `read`, the figures of each point the last frame carries go in
   * `out`. Returns the widest frame's point count.
   */
  #foldArea(
    area: Area,
    frames: readonly MeterFrame[],
    readings: readonly (readonly number[])[],
    gate: { inputs: readonly (readonly number[])[]; width: number } | null,
    read: Reader | null,
    out: (PointStatistics | null)[],
  ): number {
    this.#provided[area] = readings[readings.length - 1]!.length;
    let width = 0;
    for (const frameReadings of readings) width = Math.max(width, frameReadings.length);
    if (width === 0) return 0;
    const trackers = (this.#trackers[area] ??= this.#newTrackers(area, width));
    while (trackers.count < width) trackers.attach();
    const recordPlaying = area === 'channelInput';
    if (recordPlaying && this.#inputPlaying.length < frames.length * width) this.#inputPlaying = new Uint8Array(frames.length * width);
    const playing = this.#inputPlaying;
    for (let point = 0; point < width; point += 1) {
      for (let f = 0; f < frames.length; f += 1) {
        const frameReadings = readings[f]!;
        if (point >= frameReadings.length) continue;
        const atMs = frames[f]!.atMs;
        trackers.evictPoint(point, atMs);
        const counts = gate === null || point >= gate.inputs[f]!.length || playing[f * gate.width + point] === 1;
        const present = trackers.push(point, atMs, frameReadings[point]!, counts);
        if (recordPlaying) playing[f * width + point] = present ? 1 : 0;
      }
      if (read !== null && point < this.#provided[area]) out.push(read(trackers, point));
    }
    return width;
  }

  /**
   * Statistics for every point over one configured wall-clock window.
   * @throws MeterStatisticsError `unknown-window` when `windowMs` is not one of `windowsMs`.
   */
  statistics(windowMs: number): MeterStatistics {
    if (!this.windowsMs.includes(windowMs)) {
      throw new MeterStatisticsError('unknown-window', `no ${windowMs} ms window (configured: ${this.windowsMs.join(', ')} ms)`);
    }
    const read: Reader = Object.assign((trackers: PointTrackers, point: number) => trackers.statistics(point, windowMs) ?? null, { windowMs });
    return this.#foldAndRead(read) ?? this.#collect(windowMs, read);
  }

  /**
   * Statistics over the soundcheck window: for each point, its last `soundcheckActiveMs` of playing,
   * however long ago (a kick checked a minute ago keeps its figures while the snare is checked).
   */
  soundcheck(): MeterStatistics {
    this.#fold();
    return this.#collect(this.#settings.soundcheckActiveMs, (trackers, point) => trackers.soundcheckStatistics(point));
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
    this.#fold();
    const found = this.#find(point);
    if (found === null) return null;
    const [trackers, at] = found;
    return window === 'soundcheck' ? trackers.soundcheckStatistics(at) : (trackers.statistics(at, window) ?? null);
  }

  /**
   * Forgets the readings of one point, or of every point: call after a change is applied (old readings
   * describe a gain structure that no longer exists) or to start a new soundcheck of a source.
   */
  reset(point?: MeterPoint): void {
    // Readings taken before the reset are forgotten with it, not counted after it.
    this.#fold();
    if (point === undefined) {
      for (const trackers of [...Object.values(this.#trackers), this.#main]) {
        if (trackers !== null) for (let at = 0; at < trackers.count; at += 1) trackers.reset(at);
      }
      return;
    }
    const found = this.#find(point);
    if (found !== null) found[0].reset(found[1]);
  }

  /** The trackers of a point and its number among them; null when the latest frame did not carry it. */
  #find(point: MeterPoint): [PointTrackers, number] | null {
    if (point.area === 'main') return this.#mainProvided && this.#main !== null ? [this.#main, 0] : null;
    const trackers = this.#trackers[point.area];
    if (trackers === null || point.index < 1 || point.index > this.#provided[point.area]) return null;
    return [trackers, point.index - 1];
  }

  /** The trackers of `area`, with room for (but not yet tracking) `points` points. */
  #newTrackers(area: Area | 'main', points: number): PointTrackers {
    const kind = AREA_KIND[area];
    const histograms = new LevelHistograms(kind === 'level' ? LEVEL_HISTOGRAM : REDUCTION_HISTOGRAM, histogramsPerPoint(this.#settings), points);
    return new PointTrackers(kind, this.#settings, histograms, points);
  }

  #collect(windowMs: number, read: (trackers: PointTrackers, point: number) => PointStatistics | null): MeterStatistics {
    const area = (name: Area): (PointStatistics | null)[] => {
      const trackers = this.#trackers[name];
      return Array.from({ length: trackers === null ? 0 : this.#provided[name] }, (_, point) => read(trackers!, point));
    };
    return {
      windowMs,
      lastFrameAtMs: this.#lastFrameAtMs,
      channelInput: area('channelInput'),
      channelDynGrDb: area('channelDynGr'),
      channelPostFader: area('channelPostFader'),
      buses: area('bus'),
      matrices: area('matrix'),
      main: this.#mainProvided && this.#main !== null ? read(this.#main, 0) : null,
    };
  }
}
