/**
 * The stage box as rows for the tablet: one per shared preamp, with the owner's name, the gain and 48 V,
 * and each desk's channel and trim (with the trim range left, flagged when it is running out). Pure.
 */
import type { WireStageBox } from '../../../server/stage-box/stage-box-wire';
import { formatDelta, formatGain } from './decibel-format';

/** A trim with less than this left either way is flagged (the bridge warns before tracking runs out). */
export const TRIM_LOW_ROOM_DB = 3;

export interface StageBoxCell {
  desk: string;
  /** "Ch 17 Sax", or "—" when this desk does not take the preamp. */
  channel: string;
  /** "trim -4.0 dB", or "no trim". */
  trim: string;
  lowRoom: boolean;
}

export interface StageBoxRow {
  input: number;
  ownerName: string;
  /** True when this tablet's desk owns the preamp. */
  ownedHere: boolean;
  gain: string;
  phantom: string;
  cells: StageBoxCell[];
}

export function deskName(box: WireStageBox, id: string): string {
  return box.desks.find((d) => d.id === id)?.name ?? id;
}

export function stageBoxRows(box: WireStageBox, here: string): StageBoxRow[] {
  return box.preamps.map((p) => ({
    input: p.input,
    ownerName: deskName(box, p.owner),
    ownedHere: p.owner === here,
    gain: p.gainDb === null ? '—' : `${formatGain(p.gainDb)} dB`,
    phantom: p.phantom === null ? '—' : p.phantom ? '48 V' : 'off',
    cells: box.desks.map((d) => {
      const member = p.members.find((m) => m.desk === d.id);
      if (!member) return { desk: d.id, channel: '—', trim: '', lowRoom: false };
      const room = member.trimRoomDb;
      return {
        desk: d.id,
        channel: member.label,
        trim: member.trimDb === null ? 'no trim' : `trim ${formatGain(member.trimDb)} dB`,
        lowRoom: room !== null && Math.min(room.down, room.up) < TRIM_LOW_ROOM_DB,
      };
    }),
  }));
}

/** "FOH +4.0 dB on box input 2, tracked on Monitors" */
export function trackedChangeText(box: WireStageBox, change: WireStageBox['changes'][number]): string {
  const others = change.desks.filter((d) => d !== change.mover).map((d) => deskName(box, d));
  const how = change.how === 'desk' ? 'at the desk' : 'through Headroom';
  return `${deskName(box, change.mover)} ${formatDelta(change.deltaDb)} dB on box input ${change.input} (${how})${others.length > 0 ? `, tracked on ${others.join(', ')}` : ''}`;
}
