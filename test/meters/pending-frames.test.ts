import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { emptyMeterFrame } from '../../server/model/meter-frame';
import { MeterStatisticsError, RollingMeterStatistics, type MeterPoint } from '../../server/meters/rolling-meter-statistics';

/**
 * Frames are folded into the figures when the figures are read (or once `pendingFrames` wait), not as each
 * arrives. Whatever the batching, every figure must be the one folding each frame at once gives, to the bit:
 * reads, resets and a clip-threshold change in between see exactly the frames taken before them.
 */
const WINDOWS_MS = [400, 3000, 8000];

const action = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('frame' as const), gapMs: fc.constantFrom(50, 50, 0, 20, 300, 9000), levelDb: fc.oneof(fc.double({ min: -130, max: 25, noNaN: true }), fc.constantFrom(-Infinity, -0.5)), channels: fc.constantFrom(1, 2, 4) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('read' as const), window: fc.constantFrom<number | 'soundcheck'>(400, 3000, 8000, 'soundcheck') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reset' as const), channel: fc.option(fc.integer({ min: 1, max: 4 })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clip' as const), clipDbfs: fc.constantFrom(-1, -3, -0.1) }) },
);

const POINTS: MeterPoint[] = [
  { area: 'channelInput', index: 1 }, { area: 'channelInput', index: 3 }, { area: 'channelDynGr', index: 2 },
  { area: 'bus', index: 1 }, { area: 'main' },
];

describe('frames folded in when read', () => {
  test('every figure equals folding each frame as it comes, with reads, resets and clip changes between', () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 400 }), fc.integer({ min: 2, max: 40 }), (actions, pendingFrames) => {
        const atOnce = new RollingMeterStatistics({ windowsMs: WINDOWS_MS, pendingFrames: 1 });
        const batched = new RollingMeterStatistics({ windowsMs: WINDOWS_MS, pendingFrames });
        let atMs = 1000;
        for (const a of actions) {
          if (a.kind === 'frame') {
            atMs += a.gapMs;
            const levels = Array.from({ length: a.channels }, (_, i) => a.levelDb - 3 * i);
            const frame = {
              ...emptyMeterFrame(atMs),
              channelInputDbfs: levels,
              channelDynGrDb: levels.map((db) => Math.max(0, db + 20)),
              busDbfs: [a.levelDb - 6],
              mainDbfs: [a.levelDb - 10, a.levelDb - 11] as [number, number],
            };
            atOnce.push(frame);
            batched.push(frame);
          } else if (a.kind === 'read') {
            expect(batched.statistics(8000)).toEqual(atOnce.statistics(8000));
            for (const point of POINTS) expect(batched.pointStatistics(point, a.window)).toEqual(atOnce.pointStatistics(point, a.window));
          } else if (a.kind === 'reset') {
            const point = a.channel === null ? undefined : { area: 'channelInput' as const, index: a.channel };
            atOnce.reset(point);
            batched.reset(point);
          } else {
            atOnce.setClipDbfs(a.clipDbfs);
            batched.setClipDbfs(a.clipDbfs);
          }
        }
        for (const window of WINDOWS_MS) expect(batched.statistics(window)).toEqual(atOnce.statistics(window));
        expect(batched.soundcheck()).toEqual(atOnce.soundcheck());
      }),
      { numRuns: 80 },
    );
  });

  test('frames wait until read: the latest frame time shows only once they are folded', () => {
    const statistics = new RollingMeterStatistics({ windowsMs: WINDOWS_MS, pendingFrames: 4 });
    for (let i = 0; i < 3; i++) statistics.push({ ...emptyMeterFrame(1000 + 50 * i), channelInputDbfs: [-20] });
    expect(statistics.statistics(8000).lastFrameAtMs).toBe(1100);
    expect(statistics.pointStatistics({ area: 'channelInput', index: 1 }, 8000)?.frames).toBe(3);
  });

  test.each([0, 1.5, -2, Number.NaN])('pendingFrames %s is refused', (pendingFrames) => {
    expect(() => new RollingMeterStatistics({ windowsMs: WINDOWS_MS, pendingFrames })).toThrow(MeterStatisticsError);
  });
});
