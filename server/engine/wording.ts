/** How the engine writes figures and names stages in its reasons: short, in the units engineers read. */
import { formatDb, roundDb } from '../model/db';
import type { ProposedChange } from './suggestion';

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

export { channelLabel } from '../model/level-model';

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

/** "Ch 1 Kick", "Ch 1 Kick and Ch 5", "Ch 1, Ch 2 and Ch 3": names in a sentence. */
export function listText(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

/**
 * How a channel fix keeps the mixes: " The fader comes down 20.0 dB to -10.0 dB and 2 pre-fader sends follow,
 * so the PA and the monitors stay where they are." plus, where a range ran out, what cannot be kept.
 * `compensation` is the fixed channel's own; `siblings` names the other channels the fix moves (on the same
 * preamp), whose moves are the same kind and are not counted as this channel's.
 */
export function keepsMixText(compensation: readonly ProposedChange[], limits: readonly string[], siblings: readonly string[] = []): string {
  const fader = compensation.find((c) => c.param.endsWith('.faderDb'));
  const sends = compensation.filter((c) => c.param.includes('.send.')).length;
  const thresholds = compensation.filter((c) => c.param.endsWith('ThresholdDb')).length;
  const parts: string[] = [];
  if (fader) parts.push(`the fader ${fader.deltaDb < 0 ? 'comes down' : 'goes up'} ${amountText(fader.deltaDb)} to ${settingText(fader.proposedValue)}`);
  if (sends > 0) parts.push(`${sends} send${sends === 1 ? '' : 's'} follow${sends === 1 ? 's' : ''}`);
  if (thresholds > 0) parts.push(`the ${thresholds === 1 ? 'threshold moves' : 'thresholds move'} with it`);
  if (siblings.length > 0) parts.push(`${listText(siblings)} on the same preamp ${siblings.length === 1 ? 'follows' : 'follow'} the same way`);
  const kept = parts.length === 0 ? '' : ` With it ${parts.join(', ')}, so the PA and the monitors stay where they are.`;
  return limits.length === 0 ? kept : `${kept} ${limits.join(' ')} Confirm to apply anyway.`;
}
