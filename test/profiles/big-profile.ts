/**
 * Deterministic large profiles for the store's crash and concurrency tests, shared by the test files and the
 * child process they spawn: `bigProfile(tag, n, visits)` is always the same value, and its venue names it.
 */
import { defaultProfile } from '../../server/profiles/default-profile';
import type { HistoryEntry, VenueProfile } from '../../server/profiles/schema';

export const BIG_CHANNELS = 144;

function visitDate(visit: number): string {
  const day = new Date(Date.UTC(2020, 0, 1) + visit * 86_400_000);
  return day.toISOString().slice(0, 10);
}

/** A profile of 144 channels and `visits` history entries whose every number depends on `tag` and `n`. */
export function bigProfile(tag: string, n: number, visits: number): VenueProfile {
  const seed = [...tag].reduce((sum, char) => sum + char.charCodeAt(0), 0) + n * 7;
  const channels = Array.from({ length: BIG_CHANNELS }, (_, i) => ({
    index: i + 1,
    name: `${tag} ${n} ch ${i + 1}`,
    sourceType: 'vocal' as const,
    expectedGainDb: (seed + i) % 60,
    expectedTrimDb: ((seed + i) % 37) - 18,
  }));
  const history: HistoryEntry[] = Array.from({ length: visits }, (_, visit) => ({
    date: visitDate(visit),
    channels: channels.map((channel) => ({
      index: channel.index,
      name: channel.name,
      preampGainDb: channel.expectedGainDb,
      trimDb: channel.expectedTrimDb,
      averageDbfs: -((seed + visit + channel.index) % 40) - 10,
      peakDbfs: 0 - ((seed + visit + channel.index) % 30),
    })),
  }));
  return { ...defaultProfile(), venue: `${tag}#${n}`, consoleModel: 'X32', channels, history };
}

/** The tag and n a big profile was made from, read back from its venue. */
export function bigProfileOrigin(profile: VenueProfile): { tag: string; n: number } {
  const [tag, n] = profile.venue.split('#');
  return { tag: tag ?? '', n: Number(n) };
}
