/**
 * Summary statistics of one meter point over a window, as the engine consumes them.
 * All levels dBFS (-Infinity = nothing measured / silence); gain reduction in positive dB.
 */
export interface PointStatistics {
  /**
   * Wall-clock time the readings in the window span, ms: at most the configured window (less while the
   * window is still filling, or after a reset); for the soundcheck window, however long ago playing began.
   */
  windowMs: number;
  /** How long within the window the source was playing (signal present), ms. */
  activeMs: number;
  /** Highest reading in the window. */
  peakDbfs: number;
  /** Highest reading since the hold was last reset (survives the window). */
  peakHoldDbfs: number;
  /**
   * Power mean of the readings while the source played, in dBFS (-Infinity when it never played).
   * For gain-reduction points: the arithmetic mean of the reduction while the channel played, dB (0 when
   * it never played).
   */
  averageDbfs: number;
  /** 10th percentile of all readings: the noise floor while the source rests. */
  lowDbfs: number;
  /** 95th percentile of readings while playing: the loud parts. */
  highDbfs: number;
  /** Readings at or above the clip threshold (-1 dBFS) within the window. */
  clipCount: number;
  /** Readings at or above the clip threshold within the last 500 ms. */
  recentClipCount: number;
  /** True when the source is playing now (above the noise floor estimate by a margin, within the last second). */
  signalPresent: boolean;
  /**
   * How long the source has not played, up to the newest reading, ms (0 while it plays). A source that has not
   * played since tracking started (or since a reset) counts from its first reading. Unlike the window figures
   * this is not capped by any window, so a rule can tell a tom resting between fills from a dead cable.
   */
  silentForMs: number;
  /** Number of frames in the window. */
  frames: number;
}

/**
 * Statistics for every meter point of a console, one window. Arrays are indexed 0-based like MeterFrame
 * (channelInput[0] is channel 1); an empty array means the console does not meter that area at all.
 */
export interface MeterStatistics {
  windowMs: number;
  /** Arrival time (bridge clock, ms) of the newest frame; null before the first. */
  lastFrameAtMs: number | null;
  /**
   * True for a listening window that has ended and is judged whole (a soundcheck result): a clip anywhere
   * in it is evidence, not only one in the last 500 ms before it ended. Absent for the live windows.
   */
  finished?: boolean;
  channelInput: (PointStatistics | null)[];
  /** Average compressor gain reduction while playing, positive dB. */
  channelDynGrDb: (PointStatistics | null)[];
  channelPostFader: (PointStatistics | null)[];
  buses: (PointStatistics | null)[];
  matrices: (PointStatistics | null)[];
  main: PointStatistics | null;
}
