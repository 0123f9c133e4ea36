import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { emptyMeterFrame } from '../../server/model/meter-frame';
import { RollingMeterStatistics } from '../../server/meters/rolling-meter-statistics';
import type { PointStatistics } from '../../server/meters/statistics';

/**
 * A window shorter than the longest is computed on demand; alone (the longest) it keeps running figures.
 * Both must give the same statistics for the same readings: peak and counts exactly; the average, active
 * time and percentiles (the mean of a bin's readings) to rounding, as running sums subtract what leaves.
 */
function statisticsOf(windowsMs: number[], windowMs: number, readings: readonly { gapMs: number; valueDb: number }[]): PointStatistics[] {
  const meters = new RollingMeterStatistics({ windowsMs, clipDbfs: -1 });
  const seen: PointStatistics[] = [];
  let atMs = 0;
  for (const reading of readings) {
    atMs += reading.gapMs;
    meters.push({ ...emptyMeterFrame(atMs), channelInputDbfs: [reading.valueDb], channelDynGrDb: [Math.max(0, reading.valueDb + 30)] });
    seen.push(meters.statistics(windowMs).channelInput[0]!, meters.statistics(windowMs).channelDynGrDb[0]!);
  }
  return seen;
}

describe('windows computed on demand', () => {
  test.each([400, 3000])('the %i ms window gives what a kept window of that length gives', (windowMs) => {
    const reading = fc.record({
      gapMs: fc.oneof(fc.constant(50), fc.integer({ min: 0, max: 400 })),
      valueDb: fc.oneof(fc.constant(-Infinity), fc.double({ min: -130, max: 25, noNaN: true }), fc.constantFrom(-20, -0.5, 0, 3)),
    });
    fc.assert(
      fc.property(fc.array(reading, { minLength: 1, maxLength: 200 }), (readings) => {
        const onDemand = statisticsOf([windowMs, 8000], windowMs, readings);
        const kept = statisticsOf([windowMs], windowMs, readings);
        onDemand.forEach((figures, i) => {
          const expected = kept[i]!;
          const sums = { averageDbfs: 0, activeMs: 0, lowDbfs: 0, highDbfs: 0 };
          expect({ ...figures, ...sums }).toEqual({ ...expected, ...sums });
          for (const key of ['averageDbfs', 'activeMs', 'lowDbfs', 'highDbfs'] as const) {
            if (Number.isFinite(expected[key])) expect(figures[key]).toBeCloseTo(expected[key], 9);
            else expect(figures[key]).toBe(expected[key]);
          }
        });
      }),
      { numRuns: 150 },
    );
  });
});
