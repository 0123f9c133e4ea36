import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { histogramHandle, LEVEL_HISTOGRAM, LevelHistograms } from '../../server/meters/level-histogram';

/** Histogram 1 of the second point of a bank of three per point (it grows to take the second): the others stay empty and must not disturb it. */
const K = histogramHandle(1, 1);

function emptyBank(): LevelHistograms {
  const histograms = new LevelHistograms(LEVEL_HISTOGRAM, 3, 1);
  histograms.attach();
  histograms.attach();
  return histograms;
}

/** A bank holding `values` in histogram K, with their count (percentile asks for it). */
function fill(values: readonly number[]): { percentile: (percent: number) => number; histograms: LevelHistograms } {
  const histograms = emptyBank();
  for (const v of values) histograms.add(K, histograms.binOf(v), v);
  return { percentile: (percent) => histograms.percentile(K, percent, values.length), histograms };
}

describe('LevelHistograms', () => {
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
    expect(emptyBank().percentile(K, 50, 0)).toBe(-Infinity);
  });

  test('removing every reading leaves an empty histogram', () => {
    const { histograms } = fill([-10, -20]);
    histograms.remove(K, histograms.binOf(-10), -10);
    expect(histograms.percentile(K, 100, 1)).toBeCloseTo(-20, 9);
    histograms.remove(K, histograms.binOf(-20), -20);
    // Nothing left behind: a new reading in -20's bin is the only one, with its own value.
    histograms.add(K, histograms.binOf(-19.8), -19.8);
    expect(histograms.binOf(-19.8)).toBe(histograms.binOf(-20));
    expect(histograms.percentile(K, 0, 1)).toBeCloseTo(-19.8, 9);
    expect(histograms.percentile(K, 100, 1)).toBeCloseTo(-19.8, 9);
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
