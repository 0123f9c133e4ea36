/**
 * What moved on the shared preamps, from each desk's snapshots. A preamp's move is one physical change seen
 * on every desk that takes it: the first desk to report it counts, the rest are the box's echo. A desk's
 * first look after (re)connecting only learns the values it holds.
 */
import type { ConsoleSnapshot } from '../model/stages';
import type { SharedPreamp } from './stage-box';

/** Gains within this are the same value (float32 on the wire, 0.5 dB grid), dB. */
export const SAME_GAIN_DB = 0.01;

export type PreampMove =
  | { kind: 'gain'; preamp: SharedPreamp; fromDb: number; toDb: number }
  | { kind: 'phantom'; preamp: SharedPreamp; on: boolean };

export class PreampWatch {
  readonly #gainDb = new Map<number, number>();
  readonly #phantom = new Map<number, boolean>();

  /** The moves `desk`'s snapshot shows on `preamps`, box inputs ascending. */
  see(desk: string, snapshot: ConsoleSnapshot, preamps: readonly SharedPreamp[], firstLook: boolean): PreampMove[] {
    const moves: PreampMove[] = [];
    for (const preamp of preamps) {
      const member = preamp.members.find((m) => m.desk === desk);
      const channel = member && snapshot.channels.find((c) => c.index === member.channel);
      if (!channel) continue;
      const knownDb = this.#gainDb.get(preamp.input);
      if (channel.preampGainDb !== null) {
        if (knownDb === undefined || firstLook) this.#gainDb.set(preamp.input, knownDb ?? channel.preampGainDb);
        else if (Math.abs(channel.preampGainDb - knownDb) > SAME_GAIN_DB) {
          this.#gainDb.set(preamp.input, channel.preampGainDb);
          moves.push({ kind: 'gain', preamp, fromDb: knownDb, toDb: channel.preampGainDb });
        }
      }
      const phantom = this.#phantom.get(preamp.input);
      if (channel.phantom !== null) {
        if (phantom === undefined || firstLook) this.#phantom.set(preamp.input, phantom ?? channel.phantom);
        else if (channel.phantom !== phantom) {
          this.#phantom.set(preamp.input, channel.phantom);
          moves.push({ kind: 'phantom', preamp, on: channel.phantom });
        }
      }
    }
    return moves;
  }
}
