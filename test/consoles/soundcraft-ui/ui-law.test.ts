/**
 * The Ui's value laws. Fixed points are the figures in soundcraft-ui-connection's own tests
 * (utils/value-converters/value-converters.spec.ts and benchmarks-calculations/db-calculations.spec.ts);
 * properties: round trip on the grid, monotonic, clamped, never NaN.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { quantiseFaderDb } from '../../../server/consoles/soundcraft-ui/ui-console';
import {
  UI12_16_GAIN_RANGE,
  UI24_GAIN_RANGE,
  uiFaderAmplitude,
  uiFaderDb,
  uiFaderPos,
  uiLinearDb,
  uiLinearValue,
  uiVuDbfs,
} from '../../../server/consoles/soundcraft-ui/ui-law';

describe('fader law', () => {
  test.each([
    [0.98056922374235, 9],
    [0.9165390820271568, 6],
    [0.7914255296927877, 1],
    [0.7647058823495172, 0],
    [0.7115203608991578, -2],
  ])('position %f is %f dB', (pos, db) => {
    expect(uiFaderDb(pos)).toBe(db);
    expect(uiFaderPos(db)).toBeCloseTo(pos, 8);
  });

  test('the ends: 0 is -Infinity, 1 is +10 dB (amplitude 3.162)', () => {
    expect(uiFaderDb(0)).toBe(-Infinity);
    expect(uiFaderPos(-Infinity)).toBe(0);
    expect(uiFaderAmplitude(1)).toBeCloseTo(10 ** 0.5, 3);
    expect(uiFaderDb(1)).toBe(10);
    expect(uiFaderPos(10)).toBe(1);
    expect(uiFaderPos(25)).toBe(1);
    expect(uiFaderDb(7)).toBe(10);
    expect(uiFaderDb(-1)).toBe(-Infinity);
    expect(uiFaderPos(Number.NaN)).toBe(0);
  });

  test('round trip: a level on the 0.1 dB grid comes back from its position', () => {
    fc.assert(
      fc.property(fc.integer({ min: -900, max: 100 }), (tenths) => {
        const db = tenths / 10;
        expect(uiFaderDb(uiFaderPos(db))).toBe(db);
      }),
      { numRuns: 1001 },
    );
  });

  test('monotonic over the travel, never NaN', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        // Rising in exact arithmetic (the exponent's slope is positive over 0..1); evaluated in doubles, two
        // positions an ulp apart near the top may come out a few ulps the wrong way round (seed -1237828097).
        expect(uiFaderAmplitude(low)).toBeLessThanOrEqual(uiFaderAmplitude(high) * (1 + 1e-12));
        expect(Number.isNaN(uiFaderDb(a))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  test('quantise snaps to the grid and clamps at +10 dB', () => {
    expect(quantiseFaderDb(-3.04)).toBe(-3);
    expect(quantiseFaderDb(12)).toBe(10);
    expect(quantiseFaderDb(-Infinity)).toBe(-Infinity);
  });
});

describe('gain law', () => {
  test.each([
    [0, -6], [1, 57], [0.25396825396825395, 10], [0.419047619047619, 20.4], [0.9682539682539683, 55], [0.0952380952, 0],
  ])('Ui24R value %f is %f dB', (value, db) => {
    expect(uiLinearDb(value, UI24_GAIN_RANGE)).toBe(db);
  });

  test('Ui12/16: -40..50 dB; out of range values clamp', () => {
    expect(uiLinearDb(0, UI12_16_GAIN_RANGE)).toBe(-40);
    expect(uiLinearDb(1, UI12_16_GAIN_RANGE)).toBe(50);
    expect(uiLinearValue(42, UI12_16_GAIN_RANGE)).toBeCloseTo(0.9111111111, 9);
    expect(uiLinearValue(80, UI24_GAIN_RANGE)).toBe(1);
    expect(uiLinearValue(-80, UI24_GAIN_RANGE)).toBe(0);
    expect(uiLinearDb(2, UI24_GAIN_RANGE)).toBe(57);
  });

  test('round trip on the 0.1 dB grid', () => {
    fc.assert(
      fc.property(fc.integer({ min: -60, max: 570 }), (tenths) => {
        const db = tenths / 10;
        expect(uiLinearDb(uiLinearValue(db, UI24_GAIN_RANGE), UI24_GAIN_RANGE)).toBe(db);
      }),
      { numRuns: 631 },
    );
  });
});

describe('VU bytes', () => {
  test('0 is silence, 240 is the top of the meter (0 dBFS), 120 is half way (-40 dB)', () => {
    expect(uiVuDbfs(0)).toBe(-Infinity);
    expect(uiVuDbfs(240)).toBe(0);
    expect(uiVuDbfs(255)).toBe(0);
    expect(uiVuDbfs(120)).toBeCloseTo(-40, 1);
    expect(uiVuDbfs(1)).toBeCloseTo(-79.67, 2);
  });

  test('each byte is 80 x 0.0041675 = 0.3334 dB above the one below it, below the top of the meter', () => {
    for (let byte = 2; byte <= 239; byte++) expect(uiVuDbfs(byte) - uiVuDbfs(byte - 1)).toBeCloseTo(0.3334, 3);
  });
});
