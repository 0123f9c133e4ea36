/**
 * What a change on this desk does on other desks that take the same inputs (desks sharing a stage box):
 * the one hook through which a single desk's engine and safe writer hear about them. A desk on its own has
 * no hook; a desk set supplies it (server/stage-box/other-desk-moves.ts). Pure.
 */
import type { LevelChange } from '../model/level-model';
import { parseParamId } from '../model/params';
import type { Suggestion } from './suggestion';

/** What one other desk does about a change made here, as its engineer and this one need to hear it. */
export interface OtherDeskMove {
  /** The other desk's name ("Monitors"). */
  desk: string;
  /**
   * One sentence: "On Monitors: Ch 17 Sax trim 0.0 -> -3.0 dB against the box gain, so its mixes stay."
   * or, where the trim cannot follow, the trim's end and that desk's mixes with how far they move.
   */
  text: string;
  /**
   * How far that desk's mixes still move (its trim cannot follow all the way), dB; 0 when they stay. On a desk
   * whose sends are not read, at least as far as its pre-fader sends move (they follow the channel).
   */
  residualDb: number;
}

/**
 * For the values a batch leaves on this desk (param and final value, as the safe writer will write them),
 * what every other desk does about them; [] when no change reaches another desk.
 */
export type OtherDeskEffects = (changes: readonly LevelChange[]) => OtherDeskMove[];

/** Only a preamp's gain or 48 V reaches another desk (through the box); nothing else is asked about. */
export function reachesOtherDesks(param: string): boolean {
  return preampParamOf(param) !== null;
}

/** The channel and preamp parameter of `param` when it reaches other desks (a gain or 48 V); null otherwise. */
export function preampParamOf(param: string): { channel: number; param: 'preampGainDb' | 'phantom' } | null {
  const ref = parseParamId(param);
  return ref?.scope === 'channel' && (ref.param === 'preampGainDb' || ref.param === 'phantom') ? { channel: ref.channel, param: ref.param } : null;
}

/**
 * `suggest` whose suggestions proposing a preamp gain (or 48 V) say what it does on every other desk
 * (`otherDesks`), so the card names it before the engineer taps Apply.
 */
export function suggestWithOtherDesks<A extends unknown[]>(suggest: (...args: A) => Suggestion[], otherDesks: OtherDeskEffects): (...args: A) => Suggestion[] {
  return (...args: A) =>
    suggest(...args).map((suggestion) => {
      if (suggestion.change === null || !reachesOtherDesks(suggestion.change.param)) return suggestion;
      const changes = [suggestion.change, ...suggestion.compensation].map((c) => ({ param: c.param, value: c.proposedValue }));
      const moves = otherDesks(changes);
      return moves.length === 0 ? suggestion : { ...suggestion, otherDesks: moves };
    });
}
