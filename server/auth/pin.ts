/**
 * The engineer PIN: printed at start (or set with --pin / HEADROOM_PIN). Whoever types it on a tablet may
 * write to the console from that tablet.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** Digits a generated PIN has. */
export const GENERATED_PIN_DIGITS = 6;

/** Why `pin` cannot be the engineer PIN (4..32 letters or digits), or null when it can. */
export function pinProblem(pin: string): string | null {
  return /^[0-9A-Za-z]{4,32}$/.test(pin) ? null : 'the PIN must be 4 to 32 letters or digits';
}

/** A random PIN of GENERATED_PIN_DIGITS digits (leading zeros kept). */
export function generatePin(): string {
  return String(randomInt(0, 10 ** GENERATED_PIN_DIGITS)).padStart(GENERATED_PIN_DIGITS, '0');
}

/** Compares in constant time (digests of equal length), so response timing says nothing about the PIN. */
export function pinMatches(expected: string, given: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}
