/**
 * noise-floor: a playing source that averages below quietAverageDbfs, or sits less than minSignalToNoiseDb
 * above its noise floor estimate while it is below target, needs more gain: what comes after the preamp
 * (converter, processing, the amplifiers' own hiss) does not rise with it. At target level a poor ratio is
 * not judged: the low percentile of a source that hardly rests is its own quiet passages, not noise. A channel that should carry a source but has shown nothing at all gets a
 * warning to check the cable, the mute and phantom power: no change the desk can make fixes that.
 */
import type { ChannelState } from '../../model/stages';
import type { PointStatistics } from '../../meters/statistics';
import { targetsFor } from '../../profiles/targets';
import { listeningConfidence } from '../confidence';
import { beyondThreshold, heardEnough, outsideTolerance } from '../hysteresis';
import { gainToTarget, inputEvidence, preampSuggestion } from '../input-gain';
import { perChannel, type Rule, type RuleContext } from '../rule';
import type { DraftSuggestion } from '../suggestion';
import { amountText, channelLabel, durationText, levelText, targetText } from '../wording';

/** A noise-floor estimate needs the source to rest this share of the window (the low percentile is 10 %). */
const MIN_RESTING_SHARE = 0.1;
/** A fader at or below this counts as down: nobody expects to hear the channel, dB. */
const FADER_DOWN_DB = -40;
/** Names consoles give unnamed channels ("Ch 05", "Input 5", "5"): no evidence that something is plugged in. */
const DEFAULT_NAME = /^\s*((ch|chan|channel|in|input)\s*)?\d*\s*$/i;
/** Sources that usually need phantom power. */
const PHANTOM_SOURCES: ReadonlySet<string> = new Set(['overhead', 'hihat', 'vocal']);

function quietSuggestion(context: RuleContext, channel: ChannelState, stats: PointStatistics): DraftSuggestion | null {
  const { thresholds } = context.profile;
  const wasShown = context.previousIds.has(`noise-floor:ch${channel.index}:preamp`);
  if (!heardEnough(stats.activeMs, thresholds.minListenMs, wasShown) || stats.averageDbfs === -Infinity) return null;
  const holdDb = thresholds.preampToleranceDb / 2;
  const targets = targetsFor(context.profile, channel.sourceType);
  const need = gainToTarget(stats, targets, thresholds.percussiveCrestDb);
  const restingShare = stats.windowMs > 0 ? 1 - stats.activeMs / stats.windowMs : 0;
  const snrDb = stats.averageDbfs - stats.lowDbfs;
  const quiet = beyondThreshold(thresholds.quietAverageDbfs - stats.averageDbfs, wasShown, holdDb);
  const noisy = restingShare >= MIN_RESTING_SHARE
    && beyondThreshold(thresholds.minSignalToNoiseDb - snrDb, wasShown, holdDb);
  if (!quiet && !noisy) return null;
  const label = channelLabel(channel);
  const heard = quiet
    ? `${label} averages only ${levelText(stats.averageDbfs)} while playing (peaks ${levelText(stats.peakDbfs)}), below ${targetText(thresholds.quietAverageDbfs)}`
    : `${label} averages ${levelText(stats.averageDbfs)}, only ${amountText(snrDb)} above its noise floor estimate of ${levelText(stats.lowDbfs)}`;
  if (need.wantedDb <= 0 || !outsideTolerance(need.wantedDb, thresholds.preampToleranceDb, wasShown)) return null;
  return preampSuggestion(context, {
    rule: 'noise-floor',
    severity: 'advice',
    confidence: listeningConfidence(stats.activeMs, thresholds.minListenMs),
    channel,
    stats,
    wantedDb: need.wantedDb,
    heardText: heard,
    goalText: `to lift it clear of the noise, to ${targetText(targets.averageDbfs)} average / ${targetText(targets.peakCeilingDbfs)} peak`,
    evidence: inputEvidence(stats, { signalToNoiseDb: Math.round(snrDb * 10) / 10 }),
  });
}

function expected(context: RuleContext, channel: ChannelState, stats: PointStatistics): boolean {
  if (!channel.on || !(channel.faderDb > FADER_DOWN_DB) || DEFAULT_NAME.test(channel.name)) return false;
  const planned = context.profile.channels.some((c) => c.index === channel.index);
  const playedBefore = stats.peakHoldDbfs > stats.lowDbfs + context.profile.thresholds.minSignalToNoiseDb;
  return planned || playedBefore;
}

function silentSuggestion(context: RuleContext, channel: ChannelState, stats: PointStatistics): DraftSuggestion | null {
  const { thresholds } = context.profile;
  if (stats.activeMs > 0 || stats.silentForMs < thresholds.silentChannelMs || !expected(context, channel, stats)) return null;
  const label = channelLabel(channel);
  const phantom = channel.phantom === false && channel.sourceType !== null && PHANTOM_SOURCES.has(channel.sourceType)
    ? ' (phantom power is off)'
    : channel.phantom === true ? ' (phantom power is on)' : '';
  return {
    id: `noise-floor:ch${channel.index}:preamp`,
    rule: 'noise-floor',
    severity: 'advice',
    confidence: 0.6,
    target: { kind: 'channel', index: channel.index },
    label,
    stage: 'preamp',
    change: null,
    compensation: [],
    evidence: {
      windowMs: stats.windowMs,
      activeMs: 0,
      silentForMs: stats.silentForMs,
      peakDbfs: Math.round(stats.peakDbfs * 10) / 10,
      noiseFloorDbfs: Math.round(stats.lowDbfs * 10) / 10,
    },
    reason: `${label} has carried no signal for ${durationText(stats.silentForMs)} although it is on with its fader up: check the cable, the mute at the source and phantom power${phantom}.`,
  };
}

function evaluateChannel(context: RuleContext, channel: ChannelState): DraftSuggestion | null {
  const stats = context.statistics.channelInput[channel.index - 1];
  if (!stats) return null;
  return quietSuggestion(context, channel, stats) ?? silentSuggestion(context, channel, stats);
}

export const noiseFloorRule: Rule = {
  id: 'noise-floor',
  scope: 'channel',
  evaluate(context) {
    if (!context.metersFresh) return [];
    return perChannel(context, evaluateChannel);
  },
};
