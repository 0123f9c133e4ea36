/**
 * What the channel suggestions of one evaluation will do to the mixes they feed, so the bus, main and
 * amp-feed rules judge the mix as it will be once the channels are fixed, not as it was while a kick was
 * clipping into it. Each channel's level change at its pre-fader tap (input gain as the mix hears it,
 * makeup, compression no longer made, EQ level) and after its fader, and each send's own change; then the
 * change of a mix's average power from its contributors, as a dB shift.
 */
import type { MeterStatistics } from '../meters/statistics';
import { parseParamId } from '../model/params';
import type { ConsoleSnapshot } from '../model/stages';
import { postFaderAverageDbfs, preFaderAverageDbfs } from './channel-levels';
import { dbToPower, powerToDb } from '../model/db';
import type { Suggestion } from './suggestion';

export interface ChannelLevelChange {
  /** Change at the pre-fader tap (after the processors), dB. */
  preFaderDb: number;
  /** Change after the fader, dB. */
  postFaderDb: number;
  /** Change of each send's own level, by bus, dB. */
  sendDb: Map<number, number>;
}

/** A mix whose level the channels set. */
export type MixPoint = { kind: 'main' } | { kind: 'bus'; index: number };

function changeFor(changes: Map<number, ChannelLevelChange>, channel: number): ChannelLevelChange {
  let change = changes.get(channel);
  if (change === undefined) {
    change = { preFaderDb: 0, postFaderDb: 0, sendDb: new Map() };
    changes.set(channel, change);
  }
  return change;
}

/** The level changes the suggestions make on each channel (by channel number). */
export function pendingChannelChanges(suggestions: readonly Suggestion[]): Map<number, ChannelLevelChange> {
  const changes = new Map<number, ChannelLevelChange>();
  for (const s of suggestions) {
    if (s.change === null || s.target.kind !== 'channel') continue;
    const channel = changeFor(changes, s.target.index);
    let processorDb = 0;
    let faderDb = 0;
    for (const move of [s.change, ...s.compensation]) {
      const ref = parseParamId(move.param);
      if (ref === null) continue;
      if (ref.scope === 'channel-send') {
        channel.sendDb.set(ref.bus, (channel.sendDb.get(ref.bus) ?? 0) + move.deltaDb);
      } else if (ref.scope === 'channel-eq') {
        // A band's gain is not its broadband level: take the level it was measured to add, at most.
        processorDb += Math.max(move.deltaDb, -(s.evidence['eqNetGainDb'] ?? 0));
      } else if (ref.scope === 'channel') {
        if (ref.param === 'dynMakeupDb') processorDb += move.deltaDb;
        if (ref.param === 'faderDb') faderDb += move.deltaDb;
      }
    }
    // The input gain as the mix hears it (a clipped input was heard at full scale), and the compression
    // a raised threshold no longer makes; threshold moves that only follow the gain change nothing.
    processorDb += (s.evidence['heardChangeDb'] ?? 0) + (s.evidence['removedGainReductionDb'] ?? 0);
    channel.preFaderDb += processorDb;
    channel.postFaderDb += processorDb + faderDb;
  }
  return changes;
}

/**
 * Predicted change of a mix's average level once the pending channel changes are made, dB (0 when no
 * contributor is known or nothing changes). Contributors are the channels' average levels at the tap that
 * feeds the mix, from the meters where there are some.
 */
export function mixShiftDb(
  snapshot: ConsoleSnapshot,
  statistics: MeterStatistics,
  changes: ReadonlyMap<number, ChannelLevelChange>,
  mix: MixPoint,
): number {
  if (changes.size === 0) return 0;
  let before = 0;
  let after = 0;
  for (const channel of snapshot.channels) {
    if (!channel.on) continue;
    const change = changes.get(channel.index);
    const taps: { levelDbfs: number | null; deltaDb: number }[] = [];
    if (mix.kind === 'main') {
      if (channel.toMain) taps.push({ levelDbfs: postFaderAverageDbfs(statistics, channel), deltaDb: change?.postFaderDb ?? 0 });
    } else {
      const send = channel.sends.find((x) => x.bus === mix.index);
      if (send && send.on && Number.isFinite(send.levelDb)) {
        const tapDbfs = send.preFader ? preFaderAverageDbfs(statistics, channel) : postFaderAverageDbfs(statistics, channel);
        const tapDeltaDb = send.preFader ? (change?.preFaderDb ?? 0) : (change?.postFaderDb ?? 0);
        taps.push({ levelDbfs: tapDbfs === null ? null : tapDbfs + send.levelDb, deltaDb: tapDeltaDb + (change?.sendDb.get(mix.index) ?? 0) });
      }
    }
    for (const tap of taps) {
      if (tap.levelDbfs === null || tap.levelDbfs === -Infinity) continue;
      before += dbToPower(tap.levelDbfs);
      after += dbToPower(tap.levelDbfs + tap.deltaDb);
    }
  }
  if (before === 0) return 0;
  return powerToDb(after) - powerToDb(before);
}
