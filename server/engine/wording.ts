/** How the engine writes figures and names stages in its reasons: short, in the units engineers read. */
import { formatDb, roundDb } from '../model/db';
import type { ChannelState } from '../model/stages';

/** "-0.2 dBFS", "-inf dBFS". */
export function levelText(dbfs: number): string {
  return `${formatDb(roundDb(dbfs))} dBFS`;
}

/** A target or threshold: "-18 dBFS" when whole, "-18.5 dBFS" otherwise. */
export function targetText(dbfs: number): string {
  return `${formatDb(dbfs, Number.isInteger(dbfs) ? 0 : 1)} dBFS`;
}

/** A size of change without its sign: "8.5 dB". */
export function amountText(db: number): string {
  return `${Math.abs(roundDb(db)).toFixed(1)} dB`;
}

/** A setting with its sign: "+42.0 dB", "-inf dB". */
export function settingText(db: number): string {
  return `${formatDb(roundDb(db))} dB`;
}

/** "Ch 3 Kick", or "Ch 3" for an unnamed channel. */
export function channelLabel(channel: ChannelState): string {
  const name = channel.name.trim();
  return name === '' ? `Ch ${channel.index}` : `Ch ${channel.index} ${name}`;
}

/** A length of time: "8.0 s". */
export function durationText(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** An analog level: "+17.8 dBu". */
export function dbuText(dbu: number): string {
  return `${formatDb(roundDb(dbu))} dBu`;
}

/** " (about -9.0 dBFS once the channel changes proposed with it are made)" when they move a mix by 0.5 dB or more. */
export function predictedText(shiftDb: number, predictedDbfs: number): string {
  return Math.abs(shiftDb) >= 0.5 ? ` (about ${levelText(predictedDbfs)} once the channel changes proposed with it are made)` : '';
}
