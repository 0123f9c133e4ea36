import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { LEVEL_BALLISTICS, MeterBallistics } from '../../../ui/src/lib/meter-ballistics';

const fresh = () => new MeterBallistics(LEVEL_BALLISTICS);

describe('MeterBallistics', () => {
  test('the bar rises at once and falls at the release rate', () => {
    const m = fresh();
    m.feed([-10], 1000);
    m.feed([-40], 1050);
    expect(m.view(0, 1050).barDbfs).toBeCloseTo(-10 - LEVEL_BALLISTICS.releaseDbPerS * 0.05, 6);
    expect(m.view(0, 1550).barDbfs).toBeCloseTo(-10 - LEVEL_BALLISTICS.releaseDbPerS * 0.55, 6);
    expect(m.view(0, 10_000).barDbfs).toBe(-40);
  });

  test('peak hold stays for holdMs, then falls towards the level', () => {
    const m = fresh();
    m.feed([-6], 0);
    m.feed([-30], 100);
    expect(m.view(0, LEVEL_BALLISTICS.holdMs).peakHoldDbfs).toBe(-6);
    expect(m.view(0, LEVEL_BALLISTICS.holdMs + 500).peakHoldDbfs).toBeCloseTo(-6 - LEVEL_BALLISTICS.holdReleaseDbPerS * 0.5, 6);
    expect(m.view(0, 60_000).peakHoldDbfs).toBe(-30);
  });

  test('the clip light latches after a reading at the clip threshold', () => {
    const m = fresh();
    m.feed([-0.5], 0);
    m.feed([-20], 50);
    expect(m.view(0, 100).clipping).toBe(true);
    expect(m.view(0, LEVEL_BALLISTICS.clipLatchMs + 1).clipping).toBe(false);
  });

  test('a steady level averages to itself; silence is -Infinity, not NaN', () => {
    const m = fresh();
    expect(m.average(0)).toBe(-Infinity);
    for (let t = 0; t < 5000; t += 50) m.feed([-18], t);
    expect(m.average(0)).toBeCloseTo(-18, 6);
    const silent = fresh();
    silent.feed([-Infinity], 0);
    const view = silent.view(0, 100);
    expect(view).toEqual({ barDbfs: -Infinity, peakHoldDbfs: -Infinity, averageDbfs: -Infinity, clipping: false });
  });

  test('the recent peak is the loudest reading of the last window', () => {
    const m = fresh();
    m.feed([-12], 0);
    m.feed([-30], 1000);
    expect(m.recentPeak(0)).toBe(-12);
    m.feed([-30], LEVEL_BALLISTICS.recentPeakMs + 1);
    expect(m.recentPeak(0)).toBe(-30);
  });

  test('any sequence of readings gives numbers, never NaN, with bar >= level and hold >= level', () => {
    const reading = fc.oneof(fc.constant(-Infinity), fc.double({ min: -120, max: 18, noNaN: true }));
    fc.assert(
      fc.property(fc.array(fc.tuple(reading, fc.integer({ min: 0, max: 400 })), { minLength: 1, maxLength: 60 }), (steps) => {
        const m = fresh();
        let t = 0;
        for (const [level, dt] of steps) {
          t += dt;
          m.feed([level], t);
          const v = m.view(0, t);
          if ([v.barDbfs, v.peakHoldDbfs, v.averageDbfs].some(Number.isNaN)) return false;
          if (v.barDbfs < level || v.peakHoldDbfs < level) return false;
        }
        return true;
      }),
    );
  });
});
