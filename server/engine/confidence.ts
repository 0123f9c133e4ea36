/** How sure the engine is of a judgement, 0..1: more playing heard means more confidence. */
import { clamp } from '../model/db';

/**
 * Confidence from listening: 0.7 at `minListenMs` of playing, 1.0 from twice that on. `factor` (0..1)
 * scales it down for judgements made from settings or estimates rather than meters.
 */
export function listeningConfidence(activeMs: number, minListenMs: number, factor = 1): number {
  const heard = clamp(activeMs / (2 * minListenMs), 0, 1);
  return Math.round(clamp((0.4 + 0.6 * heard) * factor, 0, 1) * 100) / 100;
}
