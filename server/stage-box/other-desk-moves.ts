/**
 * The stage box's answer to the safe writer's and the engine's question (engine/other-desks.ts): for the
 * values a batch leaves on one desk, what every other desk on the same preamps does. A shared preamp's gain
 * is carried by the box to every desk on it, and each of them moves its trim against it (gain tracking
 * always answers a write through Headroom), so the sentence names that trim; where the trim's range ends
 * it names the end and how far that desk's mixes still move (or, where that desk's sends are not read, that
 * its monitor mixes cannot be measured, as the safe writer says it for a single desk). Each desk is named
 * once per preamp, with every channel it takes it on, however many of the mover's channels on it the batch
 * writes. A 48 V switch reaches every desk too. Pure.
 */
import { preampParamOf, type OtherDeskMove } from '../engine/other-desks';
import { listText } from '../engine/wording';
import { formatDb } from '../model/db';
import { channelLabel, effectText, unreadSendMoves, unreadSendsText, type LevelChange, type LevelMeters } from '../model/level-model';
import { channelAt, type ConsoleSnapshot } from '../model/stages';
import { otherDeskShifts, type OtherDeskShift } from './cross-desk-preview';
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

/** One sentence per other desk and shared preamp the batch reaches, in the batch's order; [] when none. */
export function otherDeskMoves(input: OtherDeskMovesInput): OtherDeskMove[] {
  const { mover, snapshotOf, nameOf } = input;
  const moves: OtherDeskMove[] = [];
  for (const { preamp, ref, value } of netPreampChanges(input)) {
    const channel = channelAt(snapshotOf(mover).channels, ref.channel);
    if (ref.param === 'phantom') {
      const on = value >= 0.5;
      if (channel?.phantom === on) continue;
      for (const desk of othersOn(preamp, mover)) {
        const labels = preamp.members.filter((m) => m.desk === desk).map((m) => labelOn(snapshotOf(desk), m.channel));
        moves.push({ desk: nameOf(desk), text: `On ${nameOf(desk)}: 48 V switches ${on ? 'on' : 'off'} for ${listText(labels)} too (box input ${preamp.input}).`, residualDb: 0 });
      }
      continue;
    }
    const fromDb = channel?.preampGainDb ?? null;
    if (fromDb === null || Math.abs(value - fromDb) <= SAME_GAIN_DB) continue;
    const deltaDb = value - fromDb;
    for (const other of otherDeskShifts({ preamp, mover, gainDb: value, fromDb, snapshotOf, nameOf, meters: input.meters })) {
      moves.push(deskMove(other, preamp, deltaDb, snapshotOf(other.desk), nameOf(other.desk)));
    }
  }
  return moves;
}

interface PreampChange {
  preamp: SharedPreamp;
  /** The mover's first channel the batch writes it through. */
  ref: NonNullable<ReturnType<typeof preampParamOf>>;
  value: number;
}

/**
 * The batch's changes to shared preamps, one per box input and parameter, in the order each is first reached:
 * a mover taking one preamp on two channels may write it twice in a batch (a recall), and the box ends at the
 * last value written, so that is the change the other desks answer, and each is named once.
 */
function netPreampChanges(input: OtherDeskMovesInput): PreampChange[] {
  const net = new Map<string, PreampChange>();
  for (const change of input.changes) {
    const ref = preampParamOf(change.param);
    if (ref === null) continue;
    const preamp = input.preamps.find((p) => p.members.some((m) => m.desk === input.mover && m.channel === ref.channel));
    if (!preamp || input.skipInputs.has(preamp.input)) continue;
    const key = `${preamp.input}:${ref.param}`;
    net.set(key, { preamp, ref: net.get(key)?.ref ?? ref, value: change.value });
  }
  return [...net.values()];
}

/**
 * One sentence for one desk, naming it once and each of its channels on the preamp (a desk may split one
 * preamp to two channels): the trims that follow, and where one cannot, what that desk's mixes do.
 */
function deskMove(other: OtherDeskShift, preamp: SharedPreamp, deltaDb: number, snapshot: ConsoleSnapshot, name: string): OtherDeskMove {
  let followed = true;
  const clauses = preamp.members.filter((m) => m.desk === other.desk).map((member) => {
    const trim = other.trims.moves.find((m) => m.channel === member.channel);
    const label = labelOn(snapshot, member.channel);
    if (trim !== undefined && trim.residualDb === 0) return `${label} trim ${formatDb(trim.fromDb)} -> ${formatDb(trim.toDb)} dB against box input ${preamp.input}`;
    followed = false;
    if (trim === undefined) return `${label} has no trim to follow box input ${preamp.input} (${formatDb(deltaDb)} dB)`;
    // A trim already at the end it would have to pass does not move: "+18.0 -> +18.0 dB" would read as a change.
    if (Math.abs(trim.toDb - trim.fromDb) <= SAME_GAIN_DB) return `${label} trim stays at ${formatDb(trim.toDb)} dB (the end of its range)`;
    return `${label} trim ${formatDb(trim.fromDb)} -> ${formatDb(trim.toDb)} dB, the end of its range (${Math.abs(trim.residualDb).toFixed(1)} dB short)`;
  });
  if (followed) return { desk: name, text: `On ${name}: ${clauses.join('; ')}, so its mixes stay.`, residualDb: 0 };
  // What that desk's mixes still do is the level model's figure (a compressor there takes some of it):
  // one prediction per desk, whichever of its channels on the preamp could not follow. Sends that desk does
  // not read are not in it: every pre-fader send follows its channel, as on a single such desk.
  const unread = unreadSendMoves(snapshot, other.shift);
  const effects = [
    ...(other.shift.mixes.length > 0 || unread.length === 0 ? [effectText(other.shift)] : []),
    ...(unread.length > 0 ? [unreadSendsText("that desk's", unread)] : []),
  ];
  const residualDb = [...other.shift.mixes.map((m) => m.totalDb), ...unread.map((m) => m.deltaDb)].reduce((worst, d) => (Math.abs(d) > Math.abs(worst) ? d : worst), 0);
  return { desk: name, text: `On ${name}: ${clauses.join('; ')}; ${effects.join('; ')}.`, residualDb };
}

/** The other desks on the preamp, each once, in the preamp's order. */
function othersOn(preamp: SharedPreamp, mover: string): string[] {
  return [...new Set(preamp.members.map((m) => m.desk))].filter((d) => d !== mover);
}

function labelOn(snapshot: ConsoleSnapshot, channel: number): string {
  const found = channelAt(snapshot.channels, channel);
  return found ? channelLabel(found) : `Ch ${channel}`;
}
