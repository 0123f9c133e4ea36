/**
 * processor-gain: a processor should hand on about the level it was given. Compressor makeup well above
 * the gain reduction it makes up for, or an EQ whose boosts add broadband level, push everything after it
 * (sends, buses, main) hotter and leave the fader to pull it back down. Makeup is judged against the
 * measured (or estimated) gain reduction; EQ by comparing post-fader and input meters where the desk has
 * both, else from its largest boost.
 */
import { formatParamId } from '../../model/params';
import type { ChannelState, EqBand } from '../../model/stages';
import { proposedChange } from '../channel-gain';
import { quantiseToRange } from '../../model/param-range';
import { compensationFor } from '../change-set';
import { channelReduction } from '../../model/level-model';
import { listeningConfidence } from '../confidence';
import { beyondThreshold, heardEnough } from '../hysteresis';
import type { Rule, RuleContext } from '../rule';
import type { DraftSuggestion } from '../suggestion';
import { amountText, channelLabel, keepsMixText, settingText } from '../wording';

const BAND_NAMES: Record<EqBand['type'], string> = {
  lcut: 'low cut', lshv: 'low shelf', peq: 'bell', veq: 'bell', hshv: 'high shelf', hcut: 'high cut',
};

function makeupSuggestion(context: RuleContext, channel: ChannelState): DraftSuggestion | null {
  if (!channel.dynOn || channel.dynMakeupDb <= 0) return null;
  const { thresholds } = context.profile;
  const id = `processor-gain:ch${channel.index}:dynamics`;
  const wasShown = context.previousIds.has(id);
  const input = context.statistics.channelInput[channel.index - 1];
  const reduction = channelReduction(context.statistics, channel);
  if (!input || reduction === null || !heardEnough(input.activeMs, thresholds.minListenMs, wasShown)) return null;
  const excessDb = channel.dynMakeupDb - reduction.grDb;
  if (!beyondThreshold(excessDb - thresholds.processorGainDb, wasShown, thresholds.preampToleranceDb / 2)) return null;
  const range = context.snapshot.ranges.dynMakeupDb;
  const proposedDb = quantiseToRange(reduction.grDb, range);
  const deltaDb = proposedDb - channel.dynMakeupDb;
  if (deltaDb === 0) return null;
  const label = channelLabel(channel);
  const grText = `${reduction.measured ? '' : 'an estimated '}${amountText(reduction.grDb)} of gain reduction`;
  const change = proposedChange(formatParamId({ scope: 'channel', channel: channel.index, param: 'dynMakeupDb' }), channel.dynMakeupDb, proposedDb);
  const kept = compensationFor(context.snapshot, context.statistics, [change]);
  return {
    id,
    rule: 'processor-gain',
    severity: 'advice',
    confidence: listeningConfidence(input.activeMs, thresholds.minListenMs, reduction.measured ? 1 : 0.7),
    target: { kind: 'channel', index: channel.index },
    label,
    stage: 'dynamics',
    change,
    compensation: kept.compensation,
    evidence: {
      windowMs: input.windowMs,
      activeMs: input.activeMs,
      gainReductionDb: Math.round(reduction.grDb * 10) / 10,
      makeupDb: channel.dynMakeupDb,
      netGainDb: Math.round(excessDb * 10) / 10,
    },
    reason: `${label}'s compressor adds ${settingText(channel.dynMakeupDb)} of makeup for ${grText}: bring the makeup down ${amountText(deltaDb)} to ${settingText(proposedDb)}, so the channel leaves the compressor at the level it entered.${keepsMixText(kept.compensation, kept.limits)}`,
  };
}

/**
 * Broadband level the EQ adds, dB: measured as post-fader minus fader minus input minus the compressor's
 * net gain when both meters are there and the channel played; else the largest boost, `largestBoostDb`
 * (an upper bound).
 */
function eqNetGain(context: RuleContext, channel: ChannelState, largestBoostDb: number): { gainDb: number; measured: boolean } {
  const { statistics } = context;
  const { minListenMs } = context.profile.thresholds;
  const input = statistics.channelInput[channel.index - 1];
  const post = statistics.channelPostFader[channel.index - 1];
  const reduction = channelReduction(statistics, channel);
  if (
    context.metersFresh && input && post && reduction !== null && channel.on && Number.isFinite(channel.faderDb)
    && input.activeMs >= minListenMs && post.activeMs >= minListenMs
  ) {
    const dynNetDb = channel.dynOn ? channel.dynMakeupDb - reduction.grDb : 0;
    return { gainDb: post.averageDbfs - channel.faderDb - input.averageDbfs - dynNetDb, measured: true };
  }
  return { gainDb: largestBoostDb, measured: false };
}

/** The band (1-based number) that boosts most, the first of equals; undefined when none boosts. */
function largestBoost(channel: ChannelState): { band: EqBand; number: number } | undefined {
  let largest: { band: EqBand; number: number } | undefined;
  for (let i = 0; i < channel.eqBands.length; i += 1) {
    const band = channel.eqBands[i]!;
    if (band.type === 'lcut' || band.type === 'hcut' || !(band.gainDb > 0)) continue;
    if (largest === undefined || band.gainDb > largest.band.gainDb) largest = { band, number: i + 1 };
  }
  return largest;
}

function eqSuggestion(context: RuleContext, channel: ChannelState): DraftSuggestion | null {
  if (!channel.eqOn) return null;
  const largest = largestBoost(channel);
  if (largest === undefined) return null;
  const { thresholds } = context.profile;
  const id = `processor-gain:ch${channel.index}:eq`;
  const wasShown = context.previousIds.has(id);
  const net = eqNetGain(context, channel, largest.band.gainDb);
  if (!beyondThreshold(net.gainDb - thresholds.processorGainDb, wasShown, thresholds.preampToleranceDb / 2)) return null;
  const proposedDb = quantiseToRange(Math.max(0, largest.band.gainDb - net.gainDb), context.snapshot.ranges.eqGainDb);
  if (proposedDb === largest.band.gainDb) return null;
  const label = channelLabel(channel);
  const change = proposedChange(
    formatParamId({ scope: 'channel-eq', channel: channel.index, band: largest.number }),
    largest.band.gainDb,
    proposedDb,
  );
  const kept = compensationFor(context.snapshot, context.statistics, [change]);
  const bandText = `band ${largest.number} ${BAND_NAMES[largest.band.type]} at ${settingText(largest.band.gainDb)}`;
  const heard = net.measured
    ? `${label}'s EQ adds ${amountText(net.gainDb)} of level between the input and post-fader meters (${bandText})`
    : `${label}'s EQ boosts ${bandText}`;
  return {
    id,
    rule: 'processor-gain',
    severity: 'advice',
    confidence: net.measured ? 0.8 : 0.5,
    target: { kind: 'channel', index: channel.index },
    label,
    stage: 'eq',
    change,
    compensation: kept.compensation,
    evidence: {
      windowMs: context.statistics.windowMs,
      eqNetGainDb: Math.round(net.gainDb * 10) / 10,
      bandGainDb: largest.band.gainDb,
    },
    reason: `${heard}: bring band ${largest.number} down ${amountText(proposedDb - largest.band.gainDb)} to ${settingText(proposedDb)}, or cut what masks it instead of boosting.${keepsMixText(kept.compensation, kept.limits)}`,
  };
}

export const processorGainRule: Rule = {
  id: 'processor-gain',
  scope: 'channel',
  evaluate(context) {
    const suggestions: DraftSuggestion[] = [];
    for (const channel of context.snapshot.channels) {
      const makeup = context.metersFresh ? makeupSuggestion(context, channel) : null;
      if (makeup !== null) suggestions.push(makeup);
      const eq = eqSuggestion(context, channel);
      if (eq !== null) suggestions.push(eq);
    }
    return suggestions;
  },
};
