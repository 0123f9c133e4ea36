/**
 * Decibel math. Levels in dBFS are relative to digital full scale (linear amplitude 1.0 = 0 dBFS).
 * Silence is -Infinity dBFS, a legal value everywhere; no function here returns NaN for a number input.
 */

/** Amplitude (linear, >= 0) to dBFS. 0 (or anything <= 0) is silence: -Infinity. */
export function linearToDbfs(linear: number): number {
  if (!(linear > 0)) return -Infinity;
  return 20 * Math.log10(linear);
}

/** dBFS to amplitude (linear). -Infinity gives 0. */
export function dbfsToLinear(dbfs: number): number {
  if (dbfs === -Infinity || Number.isNaN(dbfs)) return 0;
  return Math.pow(10, dbfs / 20);
}

/** dB to power ratio (10^(dB/10)); -Infinity gives 0. */
export function dbToPower(db: number): number {
  if (db === -Infinity || Number.isNaN(db)) return 0;
  return Math.pow(10, db / 10);
}

/** Power ratio to dB; 0 gives -Infinity. */
export function powerToDb(power: number): number {
  if (!(power > 0)) return -Infinity;
  return 10 * Math.log10(power);
}

/**
 * Level of uncorrelated signals summed together (power sum), in dB.
 * Two equal uncorrelated sources sum to +3.01 dB; silence (-Infinity) contributes nothing.
 */
export function sumLevelsDb(levelsDb: readonly number[]): number {
  let power = 0;
  for (const level of levelsDb) power += dbToPower(level);
  return powerToDb(power);
}

/** Clamps `value` into [min, max]. */
export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

/** Rounds to the nearest multiple of `step` measured from `origin`. */
export function snapToStep(value: number, step: number, origin = 0): number {
  return origin + Math.round((value - origin) / step) * step;
}

/** Rounds a dB figure for display and wire transport (0.1 dB); -Infinity stays -Infinity. */
export function roundDb(db: number, decimals = 1): number {
  if (!Number.isFinite(db)) return db;
  const factor = 10 ** decimals;
  return Math.round(db * factor) / factor;
}

/** Formats a dB figure for an engineer: "-18.0", "+6.5", "-inf". */
export function formatDb(db: number, decimals = 1): string {
  if (db === -Infinity) return '-inf';
  if (db === Infinity) return '+inf';
  const text = db.toFixed(decimals);
  return db > 0 ? `+${text}` : text === `-${(0).toFixed(decimals)}` ? (0).toFixed(decimals) : text;
}
