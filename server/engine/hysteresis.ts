/**
 * Hysteresis for every threshold the engine judges: a suggestion appears once a figure passes its
 * threshold and, once shown, stays until the figure is back inside by the hold margin, so a level that
 * wobbles at the boundary never makes a suggestion flicker.
 */

/**
 * True when `excessDb` (how far a figure is beyond its threshold, dB; negative = inside) calls for a
 * suggestion: above 0 to appear, above -holdMarginDb to stay when it was shown last time.
 */
export function beyondThreshold(excessDb: number, wasShown: boolean, holdMarginDb: number): boolean {
  return wasShown ? excessDb > -holdMarginDb : excessDb > 0;
}

/**
 * True when a deviation from a target calls for a change: beyond `toleranceDb` to appear, beyond half
 * of it to stay when it was shown last time.
 */
export function outsideTolerance(deviationDb: number, toleranceDb: number, wasShown: boolean): boolean {
  const magnitude = Math.abs(deviationDb);
  return wasShown ? magnitude >= toleranceDb / 2 : magnitude > toleranceDb;
}

/**
 * True when a channel has been heard long enough to judge: `minListenMs` of playing to appear, half of
 * that to stay shown (a singer's pause does not make a suggestion blink).
 */
export function heardEnough(activeMs: number, minListenMs: number, wasShown: boolean): boolean {
  return activeMs >= (wasShown ? minListenMs / 2 : minListenMs);
}
