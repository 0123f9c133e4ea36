/**
 * preamp-target: bring each playing channel's input to the target average (default -18 dBFS) with peaks
 * under the ceiling (default -6 dBFS); see gainToTarget for how the aim is chosen.
 */
import type { ChannelState } from '../../model/stages';
import type { PointStatistics } from '../../meters/statistics';
import { listeningConfidence } from '../confidence';
import { heardEnough, outsideTolerance } from '../hysteresis';
import { gainToTarget, heardText, inputEvidence, preampSuggestion, type GainNeed } from '../input-gain';
import { targetsFor } from '../../profiles/targets';
import type { LevelTargets } from '../../profiles/schema';
import { perChannel, type Rule, type RuleContext } from '../rule';
import type { DraftSuggestion } from '../suggestion';
import { amountText, levelText, targetText } from '../wording';

function goalText(need: GainNeed, targets: LevelTargets, stats: PointStatistics): string {
  const hidden = need.hiddenPeakDb > 0 ? `, allowing about ${amountText(need.hiddenPeakDb)} the meter cannot show above full scale` : '';
  return `${aimText(need, targets, stats)}${hidden}`;
}

function aimText(need: GainNeed, targets: LevelTargets, stats: PointStatistics): string {
  switch (need.aim) {
    case 'peaks':
      return `to bring its peaks to ${targetText(targets.peakCeilingDbfs)} (percussive: peaks lead)`;
    case 'ceiling':
      return `to keep peaks at ${targetText(targets.peakCeilingDbfs)} (the average then sits at ${levelText(stats.averageDbfs + need.hiddenPeakDb / 2 + need.wantedDb)})`;
    case 'average':
      return `to reach ${targetText(targets.averageDbfs)} average / ${targetText(targets.peakCeilingDbfs)} peak`;
  }
}

function evaluateChannel(context: RuleContext, channel: ChannelState): DraftSuggestion | null {
  // Clipping or noise-floor already advises on this preamp: this advice would not be shown.
  if (context.outranked?.({ kind: 'channel', index: channel.index }, 'preamp', 'advice') === true) return null;
  const stats = context.statistics.channelInput[channel.index - 1];
  if (!stats) return null;
  const { thresholds } = context.profile;
  const wasShown = context.previousIds.has(`preamp-target:ch${channel.index}:preamp`);
  if (!heardEnough(stats.activeMs, thresholds.minListenMs, wasShown) || stats.averageDbfs === -Infinity) return null;
  const targets = targetsFor(context.profile, channel.sourceType);
  const need = gainToTarget(stats, targets, thresholds.percussiveCrestDb);
  if (!outsideTolerance(need.wantedDb, thresholds.preampToleranceDb, wasShown)) return null;
  return preampSuggestion(context, {
    rule: 'preamp-target',
    severity: 'advice',
    confidence: listeningConfidence(stats.activeMs, thresholds.minListenMs),
    channel,
    stats,
    wantedDb: need.wantedDb,
    heardText: heardText(channel, stats),
    goalText: goalText(need, targets, stats),
    evidence: inputEvidence(stats, {
      crestDb: Math.round(need.crestDb * 10) / 10,
      targetAverageDbfs: targets.averageDbfs,
      peakCeilingDbfs: targets.peakCeilingDbfs,
    }),
  });
}

export const preampTargetRule: Rule = {
  id: 'preamp-target',
  scope: 'channel',
  evaluate(context) {
    if (!context.metersFresh) return [];
    return perChannel(context, evaluateChannel);
  },
};
