/**
 * Gain tracking's arithmetic, pure: a shared preamp moved by `deltaDb`, so every tracking desk's channel on
 * it moves its digital trim by -deltaDb (the trim sits right after the converter, so every level on that
 * desk stays where it was: the level-model invariant across desks). Where the trim's range ends, the rest is
 * a residual the desk's mixes do move by, stated; a trim near its end is warned about before it runs out.
 */
import { formatDb } from '../model/db';
import { channelLabel, LEVEL_TOLERANCE_DB } from '../model/level-model';
import { quantiseToRange } from '../model/param-range';
import { formatParamId, type ParamId } from '../model/params';
import type { ConsoleSnapshot } from '../model/stages';
import type { SharedPreamp } from './stage-box';

/** A trim with less than this left in the direction it is travelling is warned about, dB. */
export const TRIM_WARN_ROOM_DB = 3;

export interface TrimMove {
  desk: string;
  channel: number;
  param: ParamId;
  /** "Ch 17 Sax" on that desk. */
  label: string;
  fromDb: number;
  toDb: number;
  /** How far that desk's mixes still move (the trim could not follow all the way), dB; 0 when kept. */
  residualDb: number;
  /** Trim range left in the direction it moved, dB. */
  roomLeftDb: number;
}

export interface TrimPlan {
  moves: TrimMove[];
  /** One sentence per trim that ran out or is running out. */
  warnings: { desk: string; kind: 'trim-ran-out' | 'trim-running-out'; text: string }[];
}

/**
 * The trim moves that answer `deltaDb` on `preamp` on each desk of `trackingDesks` (the desk that moved
 * the gain is never among them). A channel without a trim (null) or without a known range is left out.
 */
export function planTrims(
  preamp: SharedPreamp,
  deltaDb: number,
  trackingDesks: ReadonlySet<string>,
  snapshotOf: (desk: string) => ConsoleSnapshot,
  deskName: (desk: string) => string,
): TrimPlan {
  const plan: TrimPlan = { moves: [], warnings: [] };
  if (!Number.isFinite(deltaDb) || deltaDb === 0) return plan;
  for (const member of preamp.members) {
    if (!trackingDesks.has(member.desk)) continue;
    const channel = snapshotOf(member.desk).channels.find((c) => c.index === member.channel);
    if (!channel || channel.trimDb === null || channel.trimRange === null) continue;
    const range = channel.trimRange;
    const wantedDb = channel.trimDb - deltaDb;
    const toDb = quantiseToRange(wantedDb, range);
    const residualDb = toDb - wantedDb;
    const roomLeftDb = deltaDb > 0 ? toDb - range.minDb : range.maxDb - toDb;
    const label = channelLabel(channel);
    const move: TrimMove = {
      desk: member.desk,
      channel: member.channel,
      param: formatParamId({ scope: 'channel', channel: member.channel, param: 'trimDb' }),
      label,
      fromDb: channel.trimDb,
      toDb,
      residualDb: Math.abs(residualDb) < 1e-9 ? 0 : residualDb,
      roomLeftDb,
    };
    plan.moves.push(move);
    const where = `${deskName(member.desk)} ${label}`;
    if (Math.abs(move.residualDb) > LEVEL_TOLERANCE_DB) {
      plan.warnings.push({
        desk: member.desk,
        kind: 'trim-ran-out',
        text: `${where}: the trim ran out at ${formatDb(toDb)} dB; that desk's mixes move ${formatDb(move.residualDb)} dB with box input ${preamp.input}.`,
      });
    } else if (roomLeftDb < TRIM_WARN_ROOM_DB) {
      plan.warnings.push({
        desk: member.desk,
        kind: 'trim-running-out',
        text: `${where}: the trim is at ${formatDb(toDb)} dB, ${formatDb(roomLeftDb)} dB from its end; a further ${deltaDb > 0 ? 'raise' : 'cut'} of box input ${preamp.input} cannot be tracked in full.`,
      });
    }
  }
  return plan;
}
