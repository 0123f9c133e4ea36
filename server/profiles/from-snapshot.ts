/** Turns the console's current state (after a soundcheck) into a venue profile. Pure. */
import { roundDb } from '../model/db';
import type { ChannelState, ConsoleSnapshot } from '../model/stages';
import type { MeterStatistics, PointStatistics } from '../meters/statistics';
import { defaultProfile } from './default-profile';
import type { HistoryChannel, HistoryEntry, ProfileChannel, VenueProfile } from './schema';

/** Longest history kept in a profile; older visits are dropped first. */
export const MAX_HISTORY_ENTRIES = 100;

const MAX_NAME_LENGTH = 64;

/** A finite level rounded to 0.1 dB; silence or nothing measured (-Infinity, NaN) is null. */
function storedLevel(dbfs: number | undefined): number | null {
  return dbfs !== undefined && Number.isFinite(dbfs) ? roundDb(dbfs) : null;
}

/** The stored plan counts for the channel only while it carries the same name (same source). */
function planChannel(channel: ChannelState, stored: ProfileChannel | undefined): ProfileChannel {
  const name = channel.name.slice(0, MAX_NAME_LENGTH);
  const sameSource = stored !== undefined && stored.name === name;
  const planned: ProfileChannel = {
    index: channel.index,
    name,
    sourceType: (sameSource ? stored.sourceType : null) ?? channel.sourceType ?? 'other',
  };
  if (channel.preampGainDb !== null) planned.expectedGainDb = channel.preampGainDb;
  if (channel.trimDb !== null) planned.expectedTrimDb = channel.trimDb;
  if (sameSource && stored.notes !== undefined) planned.notes = stored.notes;
  return planned;
}

function measuredChannel(channel: ChannelState, input: PointStatistics | null | undefined): HistoryChannel {
  const played = input !== null && input !== undefined && input.activeMs > 0;
  return {
    index: channel.index,
    name: channel.name.slice(0, MAX_NAME_LENGTH),
    preampGainDb: channel.preampGainDb,
    trimDb: channel.trimDb,
    averageDbfs: played ? storedLevel(input.averageDbfs) : null,
    peakDbfs: played ? storedLevel(input.peakHoldDbfs) : null,
  };
}

/**
 * A profile capturing the console's channel plan (names, source types, gain and trim as expected values)
 * and a history entry for `dateIso` with the gains, trims and levels measured at the channel inputs.
 *
 * @param statistics the soundcheck's meter statistics (channelInput[i] is channel i + 1); null when the
 *   console has no meters: levels are then stored as null, never invented. A channel that did not play
 *   in the window (activeMs 0) also gets null levels. The peak is the held peak (highest since reset).
 * @param base the profile being updated: venue, calibration, targets, thresholds, outputs, notes and
 *   earlier history are kept; its entry for the same date is replaced. A channel keeps its stored source
 *   type and notes while it has the same name. Null starts from defaultProfile().
 * @param dateIso the visit's date, YYYY-MM-DD.
 */
export function profileFromSnapshot(
  snapshot: ConsoleSnapshot,
  statistics: MeterStatistics | null,
  base: VenueProfile | null,
  dateIso: string,
): VenueProfile {
  const start = base ?? defaultProfile();
  const storedChannels = new Map(start.channels.map((channel) => [channel.index, channel]));
  const entry: HistoryEntry = {
    date: dateIso,
    channels: snapshot.channels.map((channel) =>
      measuredChannel(channel, statistics?.channelInput[channel.index - 1]),
    ),
  };
  const history = [...start.history.filter((earlier) => earlier.date !== dateIso), entry]
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .slice(-MAX_HISTORY_ENTRIES);
  return {
    ...start,
    consoleModel: snapshot.identity.model.slice(0, MAX_NAME_LENGTH),
    channels: snapshot.channels.map((channel) => planChannel(channel, storedChannels.get(channel.index))),
    history,
  };
}
