/**
 * compression-depth: a compressor that takes more than compressionDepthDb off on average, all the time,
 * is being driven too hard for its threshold. The threshold comes up until the average reduction is half
 * the limit; the static curve says how far: each dB of threshold removes (1 - 1/ratio) dB of reduction.
 * The reduction it no longer makes would come out as level, so the makeup comes down by as much (and the
 * fader and pre-fader sends take whatever the makeup cannot).
 */
import { formatParamId } from '../../model/params';
import type { ChannelState } from '../../model/stages';
import { proposedChange } from '../channel-gain';
import { quantiseToRange } from '../../model/param-range';
import { compensationFor } from '../change-set';
import { channelReduction } from '../../model/level-model';
import { listeningConfidence } from '../confidence';
import { beyondThreshold, heardEnough } from '../hysteresis';
import { perChannel, type Rule, type RuleContext } from '../rule';
import type { DraftSuggestion } from '../suggestion';
import { amountText, channelLabel, settingText } from '../wording';

/** How the output level is kept: " and bring the makeup down 7.0 dB to match" (and/or the fader). */
function followText(removedGrDb: number, makeupDropDb: number): string {
  const restDb = removedGrDb - makeupDropDb;
  const parts = [
    ...(makeupDropDb >= 0.05 ? [`the makeup down ${amountText(makeupDropDb)}`] : []),
    ...(restDb >= 0.05 ? [`the fader and pre-fader sends down ${amountText(restDb)}`] : []),
  ];
  return parts.length === 0 ? '' : ` and bring ${parts.join(' and ')} to match`;
}

function evaluateChannel(context: RuleContext, channel: ChannelState): DraftSuggestion | null {
  if (!channel.dynOn || !(channel.dynRatio > 1)) return null;
  const { thresholds } = context.profile;
  const id = `compression-depth:ch${channel.index}:dynamics`;
  const wasShown = context.previousIds.has(id);
  const input = context.statistics.channelInput[channel.index - 1];
  const reduction = channelReduction(context.statistics, channel);
  if (!input || reduction === null || !heardEnough(input.activeMs, thresholds.minListenMs, wasShown)) return null;
  if (!beyondThreshold(reduction.grDb - thresholds.compressionDepthDb, wasShown, thresholds.preampToleranceDb / 2)) return null;
  const slope = 1 - 1 / channel.dynRatio;
  const raiseDb = (reduction.grDb - thresholds.compressionDepthDb / 2) / slope;
  const proposedDb = quantiseToRange(channel.dynThresholdDb + raiseDb, context.snapshot.ranges.dynThresholdDb);
  const removedGrDb = Math.min(reduction.grDb, (proposedDb - channel.dynThresholdDb) * slope);
  const makeupRange = context.snapshot.ranges.dynMakeupDb;
  const makeupDb = quantiseToRange(channel.dynMakeupDb - removedGrDb, makeupRange);
  const makeupParam = formatParamId({ scope: 'channel', channel: channel.index, param: 'dynMakeupDb' });
  const makeup = makeupDb === channel.dynMakeupDb ? [] : [proposedChange(makeupParam, channel.dynMakeupDb, makeupDb)];
  const change = proposedChange(formatParamId({ scope: 'channel', channel: channel.index, param: 'dynThresholdDb' }), channel.dynThresholdDb, proposedDb);
  const kept = compensationFor(context.snapshot, context.statistics, [change, ...makeup]);
  const label = channelLabel(channel);
  const heard = `${label}'s compressor takes ${reduction.measured ? '' : 'an estimated '}${amountText(reduction.grDb)} off on average (threshold ${settingText(channel.dynThresholdDb)}, ${channel.dynRatio}:1)`;
  const moved = proposedDb !== channel.dynThresholdDb;
  return {
    id,
    rule: 'compression-depth',
    severity: 'advice',
    confidence: listeningConfidence(input.activeMs, thresholds.minListenMs, reduction.measured ? 1 : 0.7),
    target: { kind: 'channel', index: channel.index },
    label,
    stage: 'dynamics',
    change: moved ? change : null,
    compensation: moved ? [...makeup, ...kept.compensation] : [],
    evidence: {
      windowMs: input.windowMs,
      activeMs: input.activeMs,
      gainReductionDb: Math.round(reduction.grDb * 10) / 10,
      averageDbfs: Math.round(input.averageDbfs * 10) / 10,
      thresholdDb: channel.dynThresholdDb,
      removedGainReductionDb: moved ? Math.round(removedGrDb * 100) / 100 : 0,
    },
    reason: moved
      ? `${heard}: the input is too hot for this setting; raise the threshold ${amountText(proposedDb - channel.dynThresholdDb)} to ${settingText(proposedDb)}${followText(removedGrDb, channel.dynMakeupDb - makeupDb)}, or lower the input gain.${kept.limits.length > 0 ? ` ${kept.limits.join(' ')} Confirm to apply anyway.` : ''}`
      : `${heard} with the threshold already at the top of its range: lower the input gain or the ratio.`,
  };
}

export const compressionDepthRule: Rule = {
  id: 'compression-depth',
  scope: 'channel',
  evaluate(context) {
    if (!context.metersFresh) return [];
    return perChannel(context, evaluateChannel);
  },
};
