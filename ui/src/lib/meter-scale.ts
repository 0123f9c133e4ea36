/**
 * The meter scale: IEC 60268-18 deflection, which gives the top 20 dB half of the meter so the
 * gain-staging zone (-18 dBFS average, peaks under -6) is easy to read while the noise floor still shows.
 */

/** Scale marks every meter draws, dBFS. -18 is the default average target, -6 the peak ceiling. */
export const METER_MARKS_DBFS: readonly number[] = [0, -6, -12, -18, -30, -40, -50, -60];

/** The default targets drawn on every meter (the engine's defaults), dBFS. */
export const TARGET_AVERAGE_DBFS = -18;
export const PEAK_CEILING_DBFS = -6;

/** Highest level the scale shows, dBFS: anything above pins the bar at the top (and lights the clip). */
export const METER_TOP_DBFS = 0;

/**
 * Position of a level on the meter, 0 (bottom, -70 dBFS and below, silence) to 1 (0 dBFS and above).
 * Monotonic; -Infinity gives 0.
 */
export function meterDeflection(dbfs: number): number {
  if (!(dbfs > -70)) return 0;
  if (dbfs < -60) return ((dbfs + 70) * 0.25) / 100;
  if (dbfs < -50) return ((dbfs + 60) * 0.5 + 2.5) / 100;
  if (dbfs < -40) return ((dbfs + 50) * 0.75 + 7.5) / 100;
  if (dbfs < -30) return ((dbfs + 40) * 1.5 + 15) / 100;
  if (dbfs < -20) return ((dbfs + 30) * 2 + 30) / 100;
  if (dbfs < METER_TOP_DBFS) return ((dbfs + 20) * 2.5 + 50) / 100;
  return 1;
}

/** Colour zone of a level: under the target, around the target, near the ceiling, hot. */
export type LevelZone = 'low' | 'target' | 'high' | 'hot';

/** Zone of a level, dBFS: low < -24 <= target < -6 <= high < -1 <= hot. */
export function levelZone(dbfs: number): LevelZone {
  if (dbfs >= -1) return 'hot';
  if (dbfs >= PEAK_CEILING_DBFS) return 'high';
  if (dbfs >= -24) return 'target';
  return 'low';
}
