/**
 * The end of one channel's listening window: the engine judges what was heard on that channel alone and
 * its preamp-stage suggestion (preamp-target, clipping or noise-floor) becomes the soundcheck result.
 * Pure: statistics, snapshot, profile and the engine come in; nothing is written.
 */
import type { SuggestFn } from '../advisor/advisor';
import type { RuleId, Suggestion } from '../engine/suggestion';
import { durationText, levelText } from '../engine/wording';
import type { SoundcheckOutcome, SoundcheckResult, WireLevel } from '../hub/protocol';
import type { MeterStatistics } from '../meters/statistics';
import { roundDb } from '../model/db';
import type { ConsoleSnapshot } from '../model/stages';
import type { VenueProfile } from '../profiles/schema';

/** The rules whose suggestions set a channel's input gain. */
export const INPUT_GAIN_RULES: ReadonlySet<RuleId> = new Set<RuleId>(['clipping', 'preamp-target', 'noise-floor']);

export interface JudgeInput {
  soundcheckId: string;
  channel: number;
  label: string;
  outcome: SoundcheckOutcome;
  windowMs: number;
  /** Meter time since the window (re)started, ms, playing or not. */
  elapsedMs: number;
  /** The session's soundcheck statistics (only playing time counts). */
  statistics: MeterStatistics;
  snapshot: ConsoleSnapshot;
  profile: VenueProfile;
  suggest: SuggestFn;
}

const wireLevel = (dbfs: number): WireLevel => (Number.isFinite(dbfs) ? roundDb(dbfs) : null);

export function judgeChannel(input: JudgeInput): SoundcheckResult {
  const { channel, label, outcome } = input;
  const stats = input.statistics.channelInput[channel - 1] ?? null;
  const base = {
    soundcheckId: input.soundcheckId,
    channel,
    label,
    outcome,
    windowMs: input.windowMs,
    activeMs: stats?.activeMs ?? 0,
    peakDbfs: stats ? wireLevel(stats.peakDbfs) : null,
    averageDbfs: stats ? wireLevel(stats.averageDbfs) : null,
    noiseFloorDbfs: stats ? wireLevel(stats.lowDbfs) : null,
    clipCount: stats?.clipCount ?? 0,
  };
  if (outcome === 'not-metered' || stats === null) {
    return { ...base, outcome: 'not-metered', suggestion: null, message: `${label}: this console does not meter the channel's input, so there is nothing to judge.` };
  }
  const suggestion = inputSuggestion(input);
  return { ...base, suggestion, message: resultMessage(input, base.activeMs, suggestion) };
}

/** Runs the engine on this channel's figures alone, so no other channel or bus can speak in its result. */
function inputSuggestion(input: JudgeInput): Suggestion | null {
  const only = <T>(list: readonly (T | null)[]): (T | null)[] => list.map((value, i) => (i === input.channel - 1 ? value : null));
  const statistics: MeterStatistics = {
    ...input.statistics,
    finished: true,
    channelInput: only(input.statistics.channelInput),
    channelDynGrDb: only(input.statistics.channelDynGrDb),
    channelPostFader: [],
    buses: [],
    matrices: [],
    main: null,
  };
  // The engine's clock is the newest frame's: the figures are fresh by definition when the window ends.
  const nowMs = statistics.lastFrameAtMs ?? 0;
  const found = input.suggest(input.snapshot, statistics, input.profile, nowMs, []).find(
    (s) => s.target.kind === 'channel' && s.target.index === input.channel && s.stage === 'preamp' && INPUT_GAIN_RULES.has(s.rule),
  );
  return found ?? null;
}

function resultMessage(input: JudgeInput, activeMs: number, suggestion: Suggestion | null): string {
  const { label } = input;
  if (suggestion !== null) return suggestion.reason;
  const stats = input.statistics.channelInput[input.channel - 1]!;
  const minListenMs = input.profile.thresholds.minListenMs;
  if (activeMs === 0) {
    return `${label}: nothing played in ${durationText(input.elapsedMs)}; check the source, the cable, the mute and phantom power.`;
  }
  if (activeMs < minListenMs) {
    return `${label}: heard only ${durationText(activeMs)} of playing, not enough to judge (needs ${durationText(minListenMs)}); listen again.`;
  }
  return `${label}: on target, averaging ${levelText(stats.averageDbfs)} with peaks at ${levelText(stats.peakDbfs)} over ${durationText(activeMs)} of playing; no change needed.`;
}
