/**
 * fader-unity: a hot channel run with its fader far below unity, or a quiet one far above, is making the
 * fader do the preamp's job: the input stage is mis-set and the fader has lost its useful travel. The fix
 * is the preamp change (proposed by the preamp-stage rules) with the fader moving the other way by the
 * same amount, so the mix does not change; the engine lines the two up after every rule has spoken.
 */
import { formatParamId } from '../../model/params';
import type { ChannelState } from '../../model/stages';
import { targetsFor } from '../../profiles/targets';
import { planGainChange, proposedChange, quantiseToRange } from '../channel-gain';
import { listeningConfidence } from '../confidence';
import { heardEnough, outsideTolerance } from '../hysteresis';
import { gainToTarget } from '../input-gain';
import type { Rule, RuleContext } from '../rule';
import type { ProposedChange, Suggestion } from '../suggestion';
import { amountText, channelLabel, settingText } from '../wording';

/** The reason for a fader move of `faderChange` that follows an input gain change of `gainDeltaDb`. */
export function faderUnityReason(channel: ChannelState, faderChange: ProposedChange, gainDeltaDb: number): string {
  const hot = gainDeltaDb < 0;
  return `${channelLabel(channel)} runs its fader at ${settingText(channel.faderDb)} to make up for a ${hot ? 'hot' : 'low'} input: `
    + `as the input gain ${hot ? 'comes down' : 'comes up'} ${amountText(gainDeltaDb)}, bring the fader ${hot ? 'up' : 'down'} ${amountText(faderChange.deltaDb)} `
    + `to ${settingText(faderChange.proposedValue)} so the mix level stays and the fader has its travel back.`;
}

/** The fader change that follows an input gain change, or null when the fader would not move. */
export function faderFollowing(context: RuleContext, channel: ChannelState, gainDeltaDb: number): ProposedChange | null {
  const proposedDb = quantiseToRange(channel.faderDb - gainDeltaDb, context.snapshot.ranges.faderDb);
  if (proposedDb === channel.faderDb) return null;
  return proposedChange(formatParamId({ scope: 'channel', channel: channel.index, param: 'faderDb' }), channel.faderDb, proposedDb);
}

function evaluateChannel(context: RuleContext, channel: ChannelState): Suggestion | null {
  if (!channel.on || !Number.isFinite(channel.faderDb)) return null;
  const stats = context.statistics.channelInput[channel.index - 1];
  if (!stats) return null;
  const { thresholds } = context.profile;
  const id = `fader-unity:ch${channel.index}:fader`;
  const wasShown = context.previousIds.has(id);
  if (!heardEnough(stats.activeMs, thresholds.minListenMs, wasShown) || stats.averageDbfs === -Infinity) return null;
  const need = gainToTarget(stats, targetsFor(context.profile, channel.sourceType), thresholds.percussiveCrestDb);
  if (!outsideTolerance(need.wantedDb, thresholds.preampToleranceDb, wasShown)) return null;
  const holdDb = thresholds.preampToleranceDb / 2;
  const farAboveDb = Math.min(thresholds.faderOffUnityDb, context.snapshot.ranges.faderDb.maxDb);
  // At (not only beyond) the limit counts: a fader parked at the top of its travel is far above unity.
  const offUnityDb = need.wantedDb < 0 ? -thresholds.faderOffUnityDb - channel.faderDb : channel.faderDb - farAboveDb;
  const offUnity = wasShown ? offUnityDb > -holdDb : offUnityDb >= 0;
  if (!offUnity) return null;
  const plan = planGainChange(channel, need.wantedDb);
  const change = faderFollowing(context, channel, plan.achievedDb);
  if (change === null) return null;
  return {
    id,
    rule: 'fader-unity',
    severity: 'advice',
    confidence: listeningConfidence(stats.activeMs, thresholds.minListenMs),
    target: { kind: 'channel', index: channel.index },
    label: channelLabel(channel),
    stage: 'fader',
    change,
    compensation: [],
    evidence: {
      windowMs: stats.windowMs,
      activeMs: stats.activeMs,
      peakDbfs: Math.round(stats.peakDbfs * 10) / 10,
      averageDbfs: Math.round(stats.averageDbfs * 10) / 10,
      faderDb: channel.faderDb,
      inputGainDeltaDb: plan.achievedDb,
    },
    reason: faderUnityReason(channel, change, plan.achievedDb),
  };
}

export const faderUnityRule: Rule = {
  id: 'fader-unity',
  scope: 'channel',
  evaluate(context) {
    if (!context.metersFresh) return [];
    return context.snapshot.channels.flatMap((channel) => evaluateChannel(context, channel) ?? []);
  },
};
