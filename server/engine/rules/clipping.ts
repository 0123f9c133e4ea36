/**
 * clipping: a channel input that clips several times within 500 ms, or averages above hotAverageDbfs,
 * needs less gain now, toward the same target preamp-target aims at (see gainToTarget and hiddenPeakDb for
 * the level a clipped meter cannot show), and by at least the preamp tolerance.
 */
import type { PointStatistics } from '../../meters/statistics';
import type { ChannelState } from '../../model/stages';
import type { RuleThresholds } from '../../profiles/schema';
import { targetsFor } from '../../profiles/targets';
import { listeningConfidence } from '../confidence';
import { beyondThreshold } from '../hysteresis';
import { gainToTarget, inputEvidence, preampSuggestion } from '../input-gain';
import { perChannel, type Rule, type RuleContext } from '../rule';
import type { DraftSuggestion } from '../suggestion';
import { amountText, channelLabel, durationText, levelText, targetText } from '../wording';

function evaluateChannel(context: RuleContext, channel: ChannelState): DraftSuggestion | null {
  const stats = context.statistics.channelInput[channel.index - 1];
  if (!stats || stats.frames === 0) return null;
  const { thresholds } = context.profile;
  const wasShown = context.previousIds.has(`clipping:ch${channel.index}:preamp`);
  const holdDb = thresholds.preampToleranceDb / 2;
  // A finished window (a soundcheck) is judged whole: a kick that clipped through the check but rested in
  // its last 500 ms clipped all the same.
  const finished = context.statistics.finished === true;
  const clipsCounted = finished ? stats.clipCount : stats.recentClipCount;
  const clipping = clipsCounted >= thresholds.clipCountIn500Ms || (wasShown && stats.clipCount > 0);
  const hot = beyondThreshold(stats.averageDbfs - thresholds.hotAverageDbfs, wasShown, holdDb);
  if (!clipping && !hot) return null;

  const targets = targetsFor(context.profile, channel.sourceType);
  const need = gainToTarget(stats, targets, thresholds.percussiveCrestDb);
  const hiddenDb = need.hiddenPeakDb;
  const wantedDb = Math.min(need.wantedDb, -thresholds.preampToleranceDb);
  const label = channelLabel(channel);
  const heard = heardText(label, stats, thresholds, clipping, finished);
  const goal = hiddenDb > 0
    ? `now, toward ${targetText(targets.averageDbfs)} average / ${targetText(targets.peakCeilingDbfs)} peak, allowing about ${amountText(hiddenDb)} the meter cannot show above full scale`
    : `now, toward ${targetText(targets.averageDbfs)} average / ${targetText(targets.peakCeilingDbfs)} peak`;
  return preampSuggestion(context, {
    rule: 'clipping',
    severity: 'urgent',
    confidence: clipping ? 1 : listeningConfidence(stats.activeMs, thresholds.minListenMs),
    channel,
    stats,
    wantedDb,
    heardText: heard,
    goalText: goal,
    evidence: inputEvidence(stats, {
      recentClipCount: stats.recentClipCount,
      clipDbfs: thresholds.clipDbfs,
      hiddenPeakDb: Math.round(hiddenDb * 10) / 10,
    }),
  });
}

/** What the meters heard: clips (over the whole window when it is finished, else the last 500 ms), or a hot average. */
function heardText(label: string, stats: PointStatistics, thresholds: RuleThresholds, clipping: boolean, finished: boolean): string {
  const clipAt = targetText(thresholds.clipDbfs);
  const average = levelText(stats.averageDbfs);
  if (clipping && finished) return `${label} clips (${stats.clipCount} readings at or above ${clipAt} in ${durationText(stats.activeMs)} of playing; average ${average})`;
  if (clipping) return `${label} clips (${stats.recentClipCount} readings at or above ${clipAt} in the last 500 ms, ${stats.clipCount} in ${durationText(stats.windowMs)}; average ${average})`;
  return `${label} averages ${average}, above ${targetText(thresholds.hotAverageDbfs)}, with peaks at ${levelText(stats.peakDbfs)}`;
}

export const clippingRule: Rule = {
  id: 'clipping',
  scope: 'channel',
  evaluate(context) {
    if (!context.metersFresh) return [];
    return perChannel(context, evaluateChannel);
  },
};
