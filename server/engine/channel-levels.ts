/**
 * Levels inside a channel strip that no single meter shows, derived from the meters there are and the
 * settings: the compressor's gain reduction (measured, or estimated from its static curve), the level at
 * the pre-fader tap and after the fader. All averages while playing, dBFS; gain reduction positive dB.
 */
import type { MeterStatistics } from '../meters/statistics';
import type { ChannelState } from '../model/stages';

export interface Reduction {
  /** Average gain reduction while playing, dB. */
  grDb: number;
  /** True when a meter measured it; false when estimated from the input level and the settings. */
  measured: boolean;
}

/**
 * Compressor gain reduction on a channel: the GR meter's average while playing, or (without one) the static
 * curve (input - threshold) * (1 - 1/ratio) applied to the input average; null when neither is known.
 */
export function channelReduction(statistics: MeterStatistics, channel: ChannelState): Reduction | null {
  if (!channel.dynOn) return { grDb: 0, measured: false };
  const gr = statistics.channelDynGrDb[channel.index - 1];
  if (gr) return { grDb: gr.averageDbfs, measured: true };
  const input = statistics.channelInput[channel.index - 1];
  if (!input || input.averageDbfs === -Infinity) return null;
  const overDb = input.averageDbfs - channel.dynThresholdDb;
  return { grDb: overDb > 0 && channel.dynRatio > 1 ? overDb * (1 - 1 / channel.dynRatio) : 0, measured: false };
}

/** Average at the pre-fader tap: post-fader meter minus the fader, else input plus compressor net gain. */
export function preFaderAverageDbfs(statistics: MeterStatistics, channel: ChannelState): number | null {
  const post = statistics.channelPostFader[channel.index - 1];
  if (post && channel.on && Number.isFinite(channel.faderDb) && post.averageDbfs > -Infinity) {
    return post.averageDbfs - channel.faderDb;
  }
  const input = statistics.channelInput[channel.index - 1];
  if (!input || input.averageDbfs === -Infinity) return null;
  const reduction = channelReduction(statistics, channel);
  const dynNetDb = channel.dynOn && reduction !== null ? channel.dynMakeupDb - reduction.grDb : 0;
  return input.averageDbfs + dynNetDb;
}

/** Average after the fader (and the channel's on switch). */
export function postFaderAverageDbfs(statistics: MeterStatistics, channel: ChannelState): number | null {
  if (!channel.on) return -Infinity;
  const post = statistics.channelPostFader[channel.index - 1];
  if (post) return post.averageDbfs;
  const pre = preFaderAverageDbfs(statistics, channel);
  return pre === null ? null : pre + channel.faderDb;
}

