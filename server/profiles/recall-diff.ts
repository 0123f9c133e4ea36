/**
 * Recall, step one: what would change if the stored gains and trims were applied, per channel, in dB.
 * Pure; applying goes through server/safety with the changes from recallChanges().
 */
import type { ParamChange } from '../consoles/console';
import { formatParamId, type ParamId } from '../model/params';
import type { ChannelState, ConsoleSnapshot } from '../model/stages';
import type { ProfileChannel, VenueProfile } from './schema';

/** What to recall: every channel's preamp (gain and trim), or those of the listed channels only. */
export type RecallSelection =
  | { kind: 'preamps' }
  | { kind: 'channels'; channels: readonly number[] };

export type RecallParam = 'preampGainDb' | 'trimDb';

export interface ParamDiff {
  param: ParamId;
  stage: RecallParam;
  /** Value on the console now, dB; null when this channel has no such stage (nothing to apply). */
  currentDb: number | null;
  /** Value stored in the profile, dB. */
  storedDb: number;
  /** storedDb - currentDb, rounded to 0.01 dB; null when currentDb is null. */
  deltaDb: number | null;
}

export interface ChannelDiff {
  /** Channel number, 1-based. */
  index: number;
  /** Name on the console now; null when the console has no such channel. */
  name: string | null;
  storedName: string;
  /** The console's channel carries another name than stored: another source may be plugged in. */
  renamed: boolean;
  params: ParamDiff[];
}

function paramDiff(channel: ChannelState | undefined, index: number, stage: RecallParam, storedDb: number): ParamDiff {
  const currentDb = channel?.[stage] ?? null;
  return {
    param: formatParamId({ scope: 'channel', channel: index, param: stage }),
    stage,
    currentDb,
    storedDb,
    deltaDb: currentDb === null ? null : Math.round((storedDb - currentDb) * 100) / 100,
  };
}

function channelDiff(stored: ProfileChannel, channel: ChannelState | undefined): ChannelDiff {
  const params: ParamDiff[] = [];
  if (stored.expectedGainDb !== undefined) {
    params.push(paramDiff(channel, stored.index, 'preampGainDb', stored.expectedGainDb));
  }
  if (stored.expectedTrimDb !== undefined) {
    params.push(paramDiff(channel, stored.index, 'trimDb', stored.expectedTrimDb));
  }
  return {
    index: stored.index,
    name: channel?.name ?? null,
    storedName: stored.name,
    renamed: channel !== undefined && channel.name !== stored.name,
    params,
  };
}

/**
 * Per-channel difference between the console now and the profile's expected gain and trim, for the
 * profile's channels within `selection`, in the profile's channel order. Channels the profile stores no
 * gain or trim for get an empty `params` list; unchanged values have deltaDb 0.
 */
export function diffProfile(
  snapshot: ConsoleSnapshot,
  profile: VenueProfile,
  selection: RecallSelection,
): ChannelDiff[] {
  const selected = selection.kind === 'channels' ? new Set(selection.channels) : null;
  const current = new Map(snapshot.channels.map((channel) => [channel.index, channel]));
  return profile.channels
    .filter((stored) => selected === null || selected.has(stored.index))
    .map((stored) => channelDiff(stored, current.get(stored.index)));
}

/**
 * The writes a recall needs: one change per parameter that exists on the console and differs from the
 * stored value, value = the stored dB. Renamed channels are included (the engineer decides from the diff).
 */
export function recallChanges(diff: readonly ChannelDiff[]): ParamChange[] {
  return diff.flatMap((channel) =>
    channel.params
      .filter((param) => param.deltaDb !== null && param.deltaDb !== 0)
      .map((param) => ({ param: param.param, value: param.storedDb })),
  );
}
