import { describe, expect, test } from 'vitest';
import { formatDelta, formatGain, formatLevel, toDb } from '../../../ui/src/lib/decibel-format';

describe('decibel formatting', () => {
  test.each([
    [-23.44, '-23.4'],
    [0, '0.0'],
    [-0.04, '0.0'],
    [3.25, '3.3'],
    [-Infinity, '-inf'],
    [null, '-inf'],
    [undefined, '-inf'],
  ])('formatLevel(%s) is %s', (value, text) => {
    expect(formatLevel(value)).toBe(text);
  });

  test.each([
    [6, '+6.0'],
    [-3.5, '-3.5'],
    [0, '0.0'],
    [0.04, '0.0'],
    [null, '-inf'],
  ])('formatGain(%s) is %s', (value, text) => {
    expect(formatGain(value)).toBe(text);
  });

  test('formatDelta uses a typographic minus', () => {
    expect(formatDelta(-8)).toBe('\u22128.0');
    expect(formatDelta(8)).toBe('+8.0');
  });

  test('null and NaN on the wire read as silence, never NaN', () => {
    expect(toDb(null)).toBe(-Infinity);
    expect(toDb(Number.NaN)).toBe(-Infinity);
    expect(toDb(-12)).toBe(-12);
  });
});
