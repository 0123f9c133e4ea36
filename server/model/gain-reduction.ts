/** Gain-reduction meters as the engine reads them: positive dB of reduction, whatever the desk sends. */

/** Reductions deeper than this (a closed gate on silence reads as factor 0) are reported as this many dB. */
export const MAX_GAIN_REDUCTION_DB = 120;

/**
 * A gain-reduction reading in dB of gain (0 = unity, negative = reducing) to positive dB of reduction,
 * capped at MAX_GAIN_REDUCTION_DB; 0 for no reduction, for a gain above unity and for NaN.
 */
export function gainReductionDb(gainDb: number): number {
  if (!(gainDb < 0)) return 0;
  return Math.min(-gainDb, MAX_GAIN_REDUCTION_DB);
}
