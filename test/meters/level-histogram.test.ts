import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { LEVEL_HISTOGRAM, LevelHistogram } from '../../server/meters/level-histogram';

function fill(values: readonly number[]): LevelHistogram {
  const histogram = new LevelHistogram(LEVEL_HISTOGRAM);
  for (const v of values) histogram.add(LevelHistogram.binOf(LEVEL_HISTOGRAM, v), v);
  return histogram;
}

describe('LevelHistogram', () => {
  // Readings -99..0 dBFS in 1 dB steps: nearest-rank percentiles are textbook values.
  const ramp = Array.from({ length: 100 }, (_, k) => -99 + k);

  test.each([
    { percent: 10, expected: -90 },
    { percent: 50, expected: -50 },
    { percent: 95, expected: -5 },
    { percent: 100, expected: 0 },
    { percent: 0, expected: -99 },
  ])('percentile $percent of -99..0 dBFS is $expected', ({ percent, expected }) => {
    expect(fill(ramp).percentile(percent)).toBeCloseTo(expected, 9);
  });

  test('steady readings report their exact value, not a bin edge', () => {
    expect(fill([-18.3, -18.3, -18.3]).percentile(10)).toBeCloseTo(-18.3, 9);
  });

  test('silence (-Infinity) and readings below -120 dBFS report -Infinity', () => {
    const histogram = fill([-Infinity, -130, -20]);
    expect(histogram.percentile(10)).toBe(-Infinity);
    expect(histogram.percentile(60)).toBe(-Infinity);
    expect(histogram.percentile(95)).toBeCloseTo(-20, 9);
  });

  test('readings above +20 dBFS stay in the top bin with their value', () => {
    expect(fill([25]).percentile(50)).toBe(25);
  });

  test('an empty histogram reports -Infinity', () => {
    expect(new LevelHistogram(LEVEL_HISTOGRAM).percentile(50)).toBe(-Infinity);
  });

  test('removing every reading leaves an empty histogram', () => {
    const histogram = fill([-10, -20]);
    histogram.remove(LevelHistogram.binOf(LEVEL_HISTOGRAM, -10), -10);
    expect(histogram.percentile(100)).toBeCloseTo(-20, 9);
    histogram.remove(LevelHistogram.binOf(LEVEL_HISTOGRAM, -20), -20);
    expect(histogram.count).toBe(0);
    expect(histogram.percentile(50)).toBe(-Infinity);
  });

  test('a percentile lies within one bin of a reading between the smallest and largest', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -119, max: 19, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 100 }),
        (values, percent) => {
          const p = fill(values).percentile(percent);
          expect(p).toBeGreaterThanOrEqual(Math.min(...values) - 1e-9);
          expect(p).toBeLessThanOrEqual(Math.max(...values) + 1e-9);
        },
      ),
      { numRuns: 50 },
    );
  });
});
