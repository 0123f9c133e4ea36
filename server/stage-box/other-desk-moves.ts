/**
 * The stage box's answer to the safe writer's and the engine's question (engine/other-desks.ts): for the
 * values a batch leaves on one desk, what every other desk on the same preamps does. A shared preamp's gain
 * is carried by the box to every desk on it, and each of them moves its trim against it (gain tracking
 * always answers a write through Headroom), so the sentence names that trim; where the trim's range ends
 * it names the end and how far that desk's mixes still move. A 48 V switch reaches every desk too. Pure.
 */
import { preampParamOf, type OtherDeskMove } from '../engine/other-desks';
import { formatDb } from '../model/db';
import { channelLabel, effectText, type LevelChange, type LevelMeters } from '../model/level-model';
import type { ConsoleSnapshot } from '../model/stages';
import { otherDeskShifts } from './cross-desk-preview';
import { SAME_GAIN_DB } from './preamp-watch';
import type { SharedPreamp } from './stage-box';

export interface OtherDeskMovesInput {
  /** The desk about to write. */
  mover: string;
  changes: readonly LevelChange[];
  preamps: readonly SharedPreamp[];
  /** Box inputs whose writes are answered otherwise (the undo of a tracked change takes its trims back itself). */
  skipInputs: ReadonlySet<number>;
  snapshotOf: (desk: string) => ConsoleSnapshot;
  nameOf: (desk: string) => string;
  meters: LevelMeters;
}

/** One sentence per other desk and shared preamp the batch reaches, box inputs ascending; [] when none. */
export function otherDeskMoves(input: OtherDeskMovesInput): OtherDeskMove[] {
  const { mover, snapshotOf, nameOf } = input;
  const moves: OtherDeskMove[] = [];
  for (const change of input.changes) {
    const ref = preampParamOf(change.param);
    if (ref === null) continue;
    const preamp = input.preamps.find((p) => p.members.some((m) => m.desk === mover && m.channel === ref.channel));
    if (!preamp || input.skipInputs.has(preamp.input)) continue;
    const channel = snapshotOf(mover).channels.find((c) => c.index === ref.channel);
    if (ref.param === 'phantom') {
      const on = change.value >= 0.5;
      if (channel?.phantom === on) continue;
      for (const member of preamp.members.filter((m) => m.desk !== mover)) {
        moves.push({ desk: nameOf(member.desk), text: `On ${nameOf(member.desk)}: 48 V switches ${on ? 'on' : 'off'} for ${labelOn(snapshotOf(member.desk), member.channel)} too (box input ${preamp.input}).`, residualDb: 0 });
      }
      continue;
    }
    const fromDb = channel?.preampGainDb ?? null;
    if (fromDb === null || Math.abs(change.value - fromDb) <= SAME_GAIN_DB) continue;
    const deltaDb = change.value - fromDb;
    for (const other of otherDeskShifts({ preamp, mover, gainDb: change.value, fromDb, snapshotOf, nameOf, meters: input.meters })) {
      const name = nameOf(other.desk);
      // What that desk's mixes still do is the level model's figure (a compressor there takes some of it):
      // one prediction per desk, whichever of its channels on the preamp could not follow.
      const mixes = effectText(other.shift);
      const largestDb = other.shift.mixes.reduce((worst, m) => (Math.abs(m.totalDb) > Math.abs(worst) ? m.totalDb : worst), 0);
      for (const member of preamp.members.filter((m) => m.desk === other.desk)) {
        const trim = other.trims.moves.find((m) => m.channel === member.channel);
        const label = labelOn(snapshotOf(other.desk), member.channel);
        if (trim === undefined) {
          moves.push({ desk: name, text: `On ${name}: ${label} has no trim to follow box input ${preamp.input} (${formatDb(deltaDb)} dB); ${mixes}.`, residualDb: other.shift.mixes.length > 0 ? largestDb : deltaDb });
        } else if (trim.residualDb !== 0) {
          moves.push({
            desk: name,
            text: `On ${name}: ${label} trim ${formatDb(trim.fromDb)} -> ${formatDb(trim.toDb)} dB, the end of its range (${Math.abs(trim.residualDb).toFixed(1)} dB short); ${mixes}.`,
            residualDb: other.shift.mixes.length > 0 ? largestDb : trim.residualDb,
          });
        } else {
          moves.push({ desk: name, text: `On ${name}: ${label} trim ${formatDb(trim.fromDb)} -> ${formatDb(trim.toDb)} dB against box input ${preamp.input}, so its mixes stay.`, residualDb: 0 });
        }
      }
    }
  }
  return moves;
}

function labelOn(snapshot: ConsoleSnapshot, channel: number): string {
  const found = snapshot.channels.find((c) => c.index === channel);
  return found ? channelLabel(found) : `Ch ${channel}`;
}
