/**
 * Who fills a bus or the main mix: each channel's average contribution (its level at the send's tap plus
 * the send level, or its post-fader level for the main), loudest first. Averages, so a contributor's share
 * of the power is what is ranked, not a single transient.
 */
import type { MeterStatistics } from '../meters/statistics';
import type { ConsoleSnapshot } from '../model/stages';
import { allChannelLevels } from '../model/level-model';
import type { Contributor } from './suggestion';
import { channelLabel } from './wording';

/** How many contributors a reason names. */
export const CONTRIBUTORS_NAMED = 3;

function loudest(contributors: Contributor[]): Contributor[] {
  return contributors
    .filter((c) => c.levelDbfs > -Infinity)
    .sort((a, b) => b.levelDbfs - a.levelDbfs)
    .slice(0, CONTRIBUTORS_NAMED);
}

/** The channels sending the most level into bus `busIndex`, as the bus meter sees them (after its fader). */
export function busContributors(snapshot: ConsoleSnapshot, statistics: MeterStatistics, busIndex: number): Contributor[] {
  const busFaderDb = snapshot.buses.find((b) => b.index === busIndex)?.faderDb ?? 0;
  const contributors: Contributor[] = [];
  const levels = allChannelLevels(snapshot, statistics);
  for (const [i, channel] of snapshot.channels.entries()) {
    if (!channel.on) continue;
    const send = levels[i]!.sendsDbfs.find((s) => s.bus === busIndex && s.on);
    if (!send || send.levelDbfs === null || !Number.isFinite(send.levelDbfs)) continue;
    contributors.push({
      target: { kind: 'channel', index: channel.index },
      label: channelLabel(channel),
      levelDbfs: Math.round((send.levelDbfs + busFaderDb) * 10) / 10,
    });
  }
  return loudest(contributors);
}

/** The channels putting the most level into the main mix. */
export function mainContributors(snapshot: ConsoleSnapshot, statistics: MeterStatistics): Contributor[] {
  const contributors: Contributor[] = [];
  const levels = allChannelLevels(snapshot, statistics);
  for (const [i, channel] of snapshot.channels.entries()) {
    if (!channel.toMain || !channel.on) continue;
    const postDbfs = levels[i]!.postFaderDbfs;
    if (postDbfs === null) continue;
    contributors.push({
      target: { kind: 'channel', index: channel.index },
      label: channelLabel(channel),
      levelDbfs: Math.round((postDbfs + snapshot.main.faderDb) * 10) / 10,
    });
  }
  return loudest(contributors);
}
