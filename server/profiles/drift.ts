/**
 * Drift: how each channel's level today compares with the last visit that measured it. A source that runs
 * several dB hotter or quieter than last time at the same gain points at a different mic, a different
 * player or a failing cable. Pure.
 */
import { formatDb, roundDb } from '../model/db';
import type { ConsoleSnapshot } from '../model/stages';
import type { MeterStatistics } from '../meters/statistics';
import type { HistoryChannel, VenueProfile } from './schema';

/** One channel's level now, as drift() compares it. */
export interface ChannelLevel {
  /** Channel number, 1-based. */
  index: number;
  name: string;
  /** Average input level while playing, dBFS; -Infinity when nothing was measured (then it is skipped). */
  averageDbfs: number;
  /** Preamp gain now, dB; null when the channel has none. */
  preampGainDb: number | null;
  /** Trim now, dB; null when the channel has none. */
  trimDb: number | null;
}

export interface DriftNote {
  index: number;
  name: string;
  /** Date of the visit compared against (YYYY-MM-DD). */
  date: string;
  /**
   * How much hotter the source is now than then, dB (negative: quieter), rounded to 0.1 dB. Referred to the
   * preamp input (gain and trim changes taken out) when both dates have the same stages, else as metered.
   */
  deltaDb: number;
  averageDbfs: number;
  earlierAverageDbfs: number;
  /** Gain plus trim now minus then, dB; null when the dates' stages differ or neither has any. */
  gainChangeDb: number | null;
  /** "Vox 1 runs 5.0 dB hotter than on 2026-10-02" */
  message: string;
}

/** Below this a gain change is not worth mentioning, dB. */
const NEGLIGIBLE_GAIN_CHANGE_DB = 0.05;

function sameChannel(a: { index: number; name: string }, b: { index: number; name: string }): boolean {
  return a.index === b.index && a.name.trim().toLowerCase() === b.name.trim().toLowerCase();
}

interface GainStages {
  preampGainDb: number | null;
  trimDb: number | null;
}

/**
 * Change of gain plus trim between two dates, dB; null unless both dates have the same stages (a channel
 * that gained or lost its headamp in between is compared as metered) and at least one of them.
 */
function gainChangeDb(now: GainStages, then: GainStages): number | null {
  if ((now.preampGainDb === null) !== (then.preampGainDb === null)) return null;
  if ((now.trimDb === null) !== (then.trimDb === null)) return null;
  if (now.preampGainDb === null && now.trimDb === null) return null;
  return (now.preampGainDb ?? 0) + (now.trimDb ?? 0) - (then.preampGainDb ?? 0) - (then.trimDb ?? 0);
}

interface Measurement {
  date: string;
  channel: HistoryChannel;
  averageDbfs: number;
}

/** The most recent visit before `todayIso` that measured this channel. */
function lastMeasurement(profile: VenueProfile, level: ChannelLevel, todayIso: string): Measurement | null {
  let found: Measurement | null = null;
  for (const entry of profile.history) {
    if (entry.date >= todayIso || (found !== null && entry.date <= found.date)) continue;
    const channel = entry.channels.find((candidate) => sameChannel(candidate, level));
    if (channel !== undefined && channel.averageDbfs !== null) {
      found = { date: entry.date, channel, averageDbfs: channel.averageDbfs };
    }
  }
  return found;
}

function describeDrift(name: string, deltaDb: number, date: string, gainChangeDb: number | null): string {
  const direction = deltaDb > 0 ? 'hotter' : 'quieter';
  const base = `${name} runs ${Math.abs(deltaDb).toFixed(1)} dB ${direction} than on ${date}`;
  if (gainChangeDb === null || Math.abs(gainChangeDb) < NEGLIGIBLE_GAIN_CHANGE_DB) return base;
  return `${base} at the same gain (gain since then: ${formatDb(gainChangeDb)} dB)`;
}

/**
 * For each channel measured now, compares its average with the latest earlier visit (date before
 * `todayIso`) that measured the same channel (same index and name, case-insensitive). Reports the channels
 * whose difference exceeds `profile.thresholds.driftDb`, in the order of `channelLevels`.
 */
export function drift(profile: VenueProfile, channelLevels: readonly ChannelLevel[], todayIso: string): DriftNote[] {
  const notes: DriftNote[] = [];
  for (const level of channelLevels) {
    if (!Number.isFinite(level.averageDbfs)) continue;
    const earlier = lastMeasurement(profile, level, todayIso);
    if (earlier === null) continue;
    const gainDb = gainChangeDb(level, earlier.channel);
    const rawDeltaDb = level.averageDbfs - earlier.averageDbfs - (gainDb ?? 0);
    if (!(Math.abs(rawDeltaDb) > profile.thresholds.driftDb)) continue;
    const deltaDb = roundDb(rawDeltaDb);
    notes.push({
      index: level.index,
      name: level.name,
      date: earlier.date,
      deltaDb,
      averageDbfs: level.averageDbfs,
      earlierAverageDbfs: earlier.averageDbfs,
      gainChangeDb: gainDb === null ? null : roundDb(gainDb, 2),
      message: describeDrift(level.name, deltaDb, earlier.date, gainDb),
    });
  }
  return notes;
}

/**
 * Today's channel levels from the console and the soundcheck statistics (channelInput[i] is channel i + 1).
 * A channel that did not play in the window gets -Infinity and is skipped by drift().
 */
export function channelLevelsFrom(snapshot: ConsoleSnapshot, statistics: MeterStatistics): ChannelLevel[] {
  return snapshot.channels.map((channel) => {
    const input = statistics.channelInput[channel.index - 1];
    return {
      index: channel.index,
      name: channel.name,
      averageDbfs: input !== null && input !== undefined && input.activeMs > 0 ? input.averageDbfs : -Infinity,
      preampGainDb: channel.preampGainDb,
      trimDb: channel.trimDb,
    };
  });
}
