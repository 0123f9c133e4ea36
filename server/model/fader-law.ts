/**
 * The X32/M32/X-Air fader law: a normalised position 0..1 with 1024 steps maps piecewise-linearly to dB.
 * Position 0 is -Infinity dB (fader fully down), 0.75 is 0 dB (unity), 1.0 is +10 dB.
 * Source: ../shared/docs/protocols.md, checked against the Unofficial X32/M32 OSC Remote Protocol.
 */
import { clamp } from './db';

/** Number of fader positions on the X32 grid. */
export const FADER_STEPS = 1024;
/** Highest fader level in dB. */
export const FADER_MAX_DB = 10;
/** Lowest finite fader level in dB (one step above the bottom). */
export const FADER_MIN_FINITE_DB = faderPosToDb(1 / (FADER_STEPS - 1));

/** Snaps a fader position onto the 1024-step grid. */
export function quantiseFaderPos(faderPos: number): number {
  return Math.round(clamp(faderPos, 0, 1) * (FADER_STEPS - 1)) / (FADER_STEPS - 1);
}

/** Fader position (0..1, clamped) to dB. 0 gives -Infinity. */
export function faderPosToDb(faderPos: number): number {
  const f = clamp(faderPos, 0, 1);
  if (f === 0) return -Infinity;
  if (f >= 0.5) return f * 40 - 30;
  if (f >= 0.25) return f * 80 - 50;
  if (f >= 0.0625) return f * 160 - 70;
  return f * 480 - 90;
}

/**
 * dB to the nearest fader position on the 1024-step grid. -Infinity (and anything at or below -90 dB)
 * gives 0; anything above +10 dB gives 1.
 */
export function dbToFaderPos(db: number): number {
  if (Number.isNaN(db)) throw new RangeError('dbToFaderPos: NaN is not a level');
  if (db <= -90) return 0;
  let f: number;
  if (db < -60) f = (db + 90) / 480;
  else if (db < -30) f = (db + 70) / 160;
  else if (db < -10) f = (db + 50) / 80;
  else f = (db + 30) / 40;
  return quantiseFaderPos(f);
}

/** The level the console will hold after being asked for `db`. */
export function quantiseFaderDb(db: number): number {
  return faderPosToDb(dbToFaderPos(db));
}
