/**
 * Who fills a bus or the main mix: each channel's average contribution (its level at the send's tap plus
 * the send level, or its post-fader level for the main), loudest first. Averages, so a contributor's share
 * of the power is what is ranked, not a single transient.
 */
import type { MeterStatistics } from '../meters/statistics';
import type { ChannelState, ConsoleSnapshot } from '../model/stages';
import { allChannelLevels } from '../model/level-model';
import type { Contributor } from './suggestion';
import { channelLabel } from './wording';

/** How many contributors a reason names. */
export const CONTRIBUTORS_NAMED = 3;

/** A channel's contribution before it is named: only the few loudest of up to 144 ever are. */
interface Contribution {
  channel: ChannelState;
  levelDbfs: number;
}

/**
 * The CONTRIBUTORS_NAMED loudest audible contributions, loudest first, the earlier channel first on a tie
 * (a stable sort's order), picked in one pass instead of sorting them all.
 */
class Loudest {
  readonly #kept: Contribution[] = [];

  add(channel: ChannelState, levelDbfs: number): void {
    if (!(levelDbfs > -Infinity)) return;
    const kept = this.#kept;
    let at = kept.length;
    while (at > 0 && kept[at - 1]!.levelDbfs < levelDbfs) at -= 1;
    if (at >= CONTRIBUTORS_NAMED) return;
    kept.splice(at, 0, { channel, levelDbfs });
    if (kept.length > CONTRIBUTORS_NAMED) kept.pop();
  }

  contributors(): Contributor[] {
    return this.#kept.map(({ channel, levelDbfs }) => ({
      target: { kind: 'channel', index: channel.index },
      label: channelLabel(channel),
      levelDbfs,
    }));
  }
}

/** The channels sending the most level into bus `busIndex`, as the bus meter sees them (after its fader). */
export function busContributors(snapshot: ConsoleSnapshot, statistics: MeterStatistics, busIndex: number): Contributor[] {
  const busFaderDb = snapshot.buses.find((b) => b.index === busIndex)?.faderDb ?? 0;
  const loudest = new Loudest();
  const levels = allChannelLevels(snapshot, statistics);
  const channels = snapshot.channels;
  for (let i = 0; i < channels.length; i += 1) {
    const channel = channels[i]!;
    if (!channel.on) continue;
    const send = firstOnSend(levels[i]!.sendsDbfs, busIndex);
    if (!send || send.levelDbfs === null || !Number.isFinite(send.levelDbfs)) continue;
    loudest.add(channel, Math.round((send.levelDbfs + busFaderDb) * 10) / 10);
  }
  return loudest.contributors();
}

/** The channel's first switched-on send to bus `busIndex`. */
function firstOnSend<T extends { bus: number; on: boolean }>(sends: readonly T[], busIndex: number): T | undefined {
  for (const send of sends) if (send.bus === busIndex && send.on) return send;
  return undefined;
}

/** The channels putting the most level into the main mix. */
export function mainContributors(snapshot: ConsoleSnapshot, statistics: MeterStatistics): Contributor[] {
  const loudest = new Loudest();
  const levels = allChannelLevels(snapshot, statistics);
  const channels = snapshot.channels;
  for (let i = 0; i < channels.length; i += 1) {
    const channel = channels[i]!;
    if (!channel.toMain || !channel.on) continue;
    const postDbfs = levels[i]!.postFaderDbfs;
    if (postDbfs === null) continue;
    loudest.add(channel, Math.round((postDbfs + snapshot.main.faderDb) * 10) / 10);
  }
  return loudest.contributors();
}
