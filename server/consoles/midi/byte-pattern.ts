/**
 * SysEx byte patterns in mapping files: hex bytes separated by spaces, `??` matching any byte
 * ("F0 00 00 1A 50 11 01 00 ?? 11" is an Allen & Heath Qu reply on any MIDI channel).
 */

/** One byte, or null for a wildcard. */
export type BytePattern = ReadonlyArray<number | null>;

export const BYTE_PATTERN_SYNTAX = /^(?:[0-9A-Fa-f]{2}|\?\?)(?: (?:[0-9A-Fa-f]{2}|\?\?))*$/;

/** Parses "F0 7F ?? F7"; the caller has checked BYTE_PATTERN_SYNTAX. */
export function parseBytePattern(text: string): BytePattern {
  return text.split(' ').map((token) => (token === '??' ? null : Number.parseInt(token, 16)));
}

/** True when `bytes` starts with the pattern (the pattern may be a prefix of a longer message). */
export function matchesPrefix(bytes: readonly number[], pattern: BytePattern): boolean {
  if (bytes.length < pattern.length) return false;
  return pattern.every((expected, i) => expected === null || expected === bytes[i]);
}
