import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { emptyMeterFrame } from '../../server/model/meter-frame';
import { RollingMeterStatistics } from '../../server/meters/rolling-meter-statistics';

/**
 * The points of an area keep their readings and histograms side by side in shared stores (ReadingMatrix,
 * LevelHistograms), which grow in length and width as readings and points arrive. A point's figures must
 * not depend on its neighbours: the same readings give the same statistics, to the bit, whether channel 1
 * is metered alone or beside channels that come and go, are reset, and make the stores grow.
 */
const WINDOWS_MS = [400, 3000, 8000];

const step = fc.record({
  gapMs: fc.constantFrom(50, 50, 50, 0, 20, 400, 9000),
  valueDb: fc.oneof(fc.double({ min: -130, max: 25, noNaN: true }), fc.constantFrom(-Infinity, -18, -0.5)),
  /** Channels beside channel 1 in this frame (the area widens and narrows). */
  neighbours: fc.constantFrom(0, 0, 1, 3, 9, 70),
  neighbourDb: fc.double({ min: -90, max: 0, noNaN: true }),
  /** Reset one of the neighbours after this frame (1-based channel 2..). */
  resetNeighbour: fc.option(fc.integer({ min: 2, max: 10 }), { freq: 8 }),
});

describe('shared per-area stores', () => {
  test("channel 1's statistics are the same alone and beside neighbours that come, go and are reset", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 700 }), (steps) => {
        const alone = new RollingMeterStatistics({ windowsMs: WINDOWS_MS });
        const crowded = new RollingMeterStatistics({ windowsMs: WINDOWS_MS });
        let atMs = 1000;
        for (const { gapMs, valueDb, neighbours, neighbourDb, resetNeighbour } of steps) {
          atMs += gapMs;
          const neighbourDbs = Array.from({ length: neighbours }, (_, i) => neighbourDb - i);
          alone.push({ ...emptyMeterFrame(atMs), channelInputDbfs: [valueDb], channelDynGrDb: [Math.max(0, valueDb + 30)] });
          crowded.push({
            ...emptyMeterFrame(atMs),
            channelInputDbfs: [valueDb, ...neighbourDbs],
            channelDynGrDb: [Math.max(0, valueDb + 30), ...neighbourDbs.map((db) => -db / 4)],
          });
          if (resetNeighbour !== null) crowded.reset({ area: 'channelInput', index: resetNeighbour });
        }
        for (const window of [...WINDOWS_MS, 'soundcheck'] as const) {
          for (const area of ['channelInput', 'channelDynGr'] as const) {
            expect(crowded.pointStatistics({ area, index: 1 }, window)).toEqual(alone.pointStatistics({ area, index: 1 }, window));
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
