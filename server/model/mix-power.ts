/**
 * A mix's power once some of its contributions move, from the power it has now: an evaluation predicts
 * dozens of change sets that each move one or a few of 144 contributions, so the sum is corrected by the
 * moved ones instead of summed again. Where the correction leaves a small rest of a large sum (a dominant
 * contribution muted or cut hard), rounding would show in that rest: the mix is then summed again whole,
 * in position order.
 */
import { dbToPower } from './db';

/** One mix's contributions by channel position: level (NaN: adds nothing), power, and their sum in that order. */
export interface MixBase {
  readonly levelDbfs: Float64Array;
  readonly power: Float64Array;
  readonly powerSum: number;
}

/** A contribution that moves: its channel's position in the snapshot and the move, dB (never 0). */
export interface ContributionMove {
  position: number;
  deltaDb: number;
}

/**
 * Below this share of the magnitudes it added up, the corrected sum is summed again whole. Above it, its
 * relative error stays under about 2m * 1.1e-16 / 1e-3 for m moved contributions (3e-11 for all 144,
 * 1.4e-10 dB): test/model/mix-power.property.test.ts holds it to 1e-9 dB of the whole sum.
 */
const CORRECTED_SHARE_MIN = 1e-3;

/** The contribution's power after a move: nothing when it goes silent or comes up from silence. */
function movedPower(base: MixBase, position: number, deltaDb: number): number {
  return Number.isFinite(deltaDb) ? dbToPower(base.levelDbfs[position]! + deltaDb) : 0;
}

/** The mix's power once `moves` (distinct positions, ascending) are made. */
export function powerAfter(base: MixBase, moves: readonly ContributionMove[]): number {
  let after = base.powerSum;
  let magnitude = base.powerSum;
  for (const { position, deltaDb } of moves) {
    if (Number.isNaN(base.levelDbfs[position]!)) continue;
    const now = movedPower(base, position, deltaDb);
    after += now - base.power[position]!;
    magnitude += now + base.power[position]!;
  }
  return after >= magnitude * CORRECTED_SHARE_MIN ? after : summedAfter(base, moves);
}

/** The mix's power after `moves`, summed whole in position order (unmoved contributions add their known power). */
function summedAfter(base: MixBase, moves: readonly ContributionMove[]): number {
  let after = 0;
  let next = 0;
  for (let i = 0; i < base.power.length; i += 1) {
    const move = moves[next]?.position === i ? moves[next++] : undefined;
    if (Number.isNaN(base.levelDbfs[i]!)) continue;
    after += move === undefined ? base.power[i]! : movedPower(base, i, move.deltaDb);
  }
  return after;
}
