/**
 * Analysis of a whole recording, faster than real time and in constant memory: each track's figures, and
 * what the rule engine suggests for the virtual desk when it hears the whole take at once (the engine's
 * own suggest(), fed statistics over the whole recording instead of its rolling windows).
 */
import { gainToTarget, type GainAim } from '../../../engine/input-gain';
import { suggest } from '../../../engine/suggest';
import type { Suggestion } from '../../../engine/suggestion';
import type { MeterStatistics, PointStatistics } from '../../../meters/statistics';
import type { ConsoleSnapshot, SourceType } from '../../../model/stages';
import type { VenueProfile } from '../../../profiles/schema';
import { targetsFor } from '../../../profiles/targets';
import { recordingSnapshot } from '../recording-desk';
import type { Take } from '../take';
import { BLOCK_MS } from './analyse-tracks';
import { analyseTracksInThreads, analysisThreads } from './analysis-threads';
import type { TakeHistogram } from './take-histogram';
import type { TrackFigures } from './track-analyser';

/** The playing gate of the meter statistics (server/meters, RollingMeterStatistics defaults). */
const GATE = { signalMarginDb: 10, relativeGateDb: 20, absoluteFloorDbfs: -60, steadySignalDbfs: -45 } as const;

export interface ChannelAnalysis {
  /** 1-based channel of the virtual desk. */
  index: number;
  name: string;
  sourceType: SourceType | null;
  samplePeakDbfs: number;
  /** 4x oversampled (ITU-R BS.1770), dBTP. */
  truePeakDbtp: number;
  /** Power mean of the block readings while the track played (the engine's gate), dBFS. */
  averageDbfs: number;
  /** 10th percentile of all block readings: the floor while the source rests, dBFS. */
  noiseFloorDbfs: number;
  /** Peak minus average, dB (null when the track never played). */
  crestDb: number | null;
  /** Samples at full scale, and the clipped events they form. */
  clipSamples: number;
  clippedRuns: number;
  /** Estimated level the clips hide above full scale, dB (0 without clips). */
  hiddenOvershootDb: number;
  playingMs: number;
  /** The engine's wanted gain change toward the profile's targets, dB (null when the track never played). */
  wantedChangeDb: number | null;
  aim: GainAim | null;
  targetAverageDbfs: number;
  peakCeilingDbfs: number;
  /** Largest block reading per trace step, dBFS (for the level-over-time plot). */
  trace: number[];
  traceStepMs: number;
}

export interface TakeAnalysis {
  path: string;
  description: string;
  sampleRateHz: number;
  durationMs: number;
  profile: string;
  channels: ChannelAnalysis[];
  /** What the engine suggests for the virtual desk's channels after hearing the whole take (worst first). */
  suggestions: Suggestion[];
  warnings: string[];
}

export interface AnalyseOptions {
  profile: VenueProfile;
  /** Called after each block with the share of the take read, 0..1. */
  onProgress?: (fraction: number) => void;
  /**
   * Samples read per call (a multiple of the meter block is used); default 250 ms' worth: a read of 32
   * tracks then stays in the CPU cache until every track has been through it (a fifth less CPU than 1 s).
   */
  readMs?: number;
  /**
   * Threads reading the tracks (the main one and workers), default analysisThreads(take): one per core
   * when the take is big enough to pay for starting them. The figures do not depend on it.
   */
  threads?: number;
}

/** The engine's playing gate over the whole take: see PointTracker's #gateDbfs. */
function playingGateDbfs(histogram: TakeHistogram): number {
  const steady = Math.max(GATE.absoluteFloorDbfs, GATE.steadySignalDbfs);
  const floor = histogram.percentile(10);
  const loud = histogram.percentile(95);
  if (!(loud - floor >= GATE.signalMarginDb)) return steady;
  return Math.max(GATE.absoluteFloorDbfs, Math.min(floor + GATE.signalMarginDb, loud - GATE.relativeGateDb));
}

/** The figures the engine reads for one meter point, over the whole take. */
export function wholeTakeStatistics(figures: TrackFigures, durationMs: number, clipDbfs: number): PointStatistics {
  const { histogram } = figures;
  const gate = playingGateDbfs(histogram);
  const playingBlocks = histogram.countFrom(gate);
  const clipCount = histogram.countFrom(clipDbfs);
  return {
    windowMs: durationMs,
    activeMs: playingBlocks * BLOCK_MS,
    peakDbfs: figures.samplePeakDbfs,
    peakHoldDbfs: figures.samplePeakDbfs,
    averageDbfs: histogram.powerMeanFrom(gate),
    lowDbfs: histogram.percentile(10),
    highDbfs: histogram.percentile(95, gate),
    clipCount,
    // The take is judged as one window: its "recent" clips are the most in any 500 ms of it.
    recentClipCount: figures.mostClipsIn500Ms,
    signalPresent: playingBlocks > 0,
    silentForMs: playingBlocks > 0 ? 0 : durationMs,
    frames: histogram.total,
  };
}

function analysisSnapshot(take: Take, profile: VenueProfile): ConsoleSnapshot {
  const snapshot = recordingSnapshot(take, profile.channels);
  // Only the input meters are judged: the mix of a whole take at unity faders says nothing useful.
  return {
    ...snapshot,
    meters: {
      channelInput: true, gateReduction: false, dynamicsReduction: false, channelPostFader: false,
      buses: false, matrices: false, main: false,
    },
  };
}

/** Reads the whole take once. Rejects with a RecordingError when a file cannot be read or decoded. */
export async function analyseTake(take: Take, options: AnalyseOptions): Promise<TakeAnalysis> {
  const durationMs = (take.frames / take.sampleRateHz) * 1000;
  const figures = await analyseTracksInThreads(take, options.threads ?? analysisThreads(take), {
    clipDbfs: options.profile.thresholds.clipDbfs,
    readMs: options.readMs ?? 250,
    onProgress: options.onProgress ?? (() => undefined),
  });

  const { profile } = options;
  const stats = figures.map((f) => wholeTakeStatistics(f, durationMs, profile.thresholds.clipDbfs));
  const statistics: MeterStatistics = {
    windowMs: durationMs,
    lastFrameAtMs: durationMs,
    channelInput: stats,
    channelDynGrDb: [],
    channelPostFader: [],
    buses: [],
    matrices: [],
    main: null,
  };
  // Only channels are judged (see analysisSnapshot): the engine's notes about unmetered mix stages are left out.
  const snapshot = analysisSnapshot(take, profile);
  const suggestions = suggest(snapshot, statistics, profile, durationMs, []).filter((s) => s.target.kind === 'channel');
  const channels = snapshot.channels.map((channel, i): ChannelAnalysis => {
    const f = figures[i]!;
    const s = stats[i]!;
    const targets = targetsFor(profile, channel.sourceType);
    const played = s.averageDbfs > -Infinity;
    const need = played ? gainToTarget(s, targets, profile.thresholds.percussiveCrestDb) : null;
    return {
      index: i + 1,
      name: channel.name,
      sourceType: channel.sourceType,
      samplePeakDbfs: f.samplePeakDbfs,
      truePeakDbtp: f.truePeakDbtp,
      averageDbfs: s.averageDbfs,
      noiseFloorDbfs: s.lowDbfs,
      crestDb: played ? s.peakDbfs - s.averageDbfs : null,
      clipSamples: f.clipSamples,
      clippedRuns: f.clippedRuns,
      hiddenOvershootDb: f.hiddenOvershootDb,
      playingMs: s.activeMs,
      wantedChangeDb: need?.wantedDb ?? null,
      aim: need?.aim ?? null,
      targetAverageDbfs: targets.averageDbfs,
      peakCeilingDbfs: targets.peakCeilingDbfs,
      trace: f.trace,
      traceStepMs: f.traceStepMs,
    };
  });
  return {
    path: take.path,
    description: take.description,
    sampleRateHz: take.sampleRateHz,
    durationMs,
    profile: profile.venue,
    channels,
    suggestions,
    warnings: take.warnings,
  };
}
