import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { emptyMeterFrame, type MeterFrame } from '../../server/model/meter-frame';
import { MeterStatisticsError, RollingMeterStatistics } from '../../server/meters/rolling-meter-statistics';

const FRAME_MS = 50;

function frame(atMs: number, parts: Partial<Omit<MeterFrame, 'atMs'>>): MeterFrame {
  return { ...emptyMeterFrame(atMs), ...parts };
}

/** Feeds one channel-input reading per 50 ms frame, starting at `startMs`; returns the next frame time. */
function feed(meters: RollingMeterStatistics, readings: readonly number[], startMs = 0): number {
  let atMs = startMs;
  for (const reading of readings) {
    meters.push(frame(atMs, { channelInputDbfs: [reading] }));
    atMs += FRAME_MS;
  }
  return atMs;
}

const repeat = (value: number, count: number): number[] => Array.from({ length: count }, () => value);

function makeMeters(): RollingMeterStatistics {
  return new RollingMeterStatistics({ windowsMs: [400, 3000, 8000] });
}

function channel1(meters: RollingMeterStatistics, windowMs: number) {
  const stats = meters.statistics(windowMs).channelInput[0];
  if (!stats) throw new Error('channel 1 has no statistics');
  return stats;
}

describe('RollingMeterStatistics: textbook values', () => {
  test('steady -18 dBFS frames average -18.0 dBFS with peak, floor and loud parts at -18', () => {
    const meters = makeMeters();
    feed(meters, repeat(-18, 100));
    const stats = channel1(meters, 3000);
    expect(stats.averageDbfs).toBeCloseTo(-18, 9);
    expect(stats.peakDbfs).toBe(-18);
    expect(stats.lowDbfs).toBeCloseTo(-18, 9);
    expect(stats.highDbfs).toBeCloseTo(-18, 9);
    expect(stats.frames).toBe(60);
    expect(stats.windowMs).toBe(3000);
    expect(stats.activeMs).toBe(3000);
    expect(stats.signalPresent).toBe(true);
  });

  test('frames at -6 and -inf dBFS average -6 dBFS: silence is gated out, not averaged in (ungated: -9.03)', () => {
    const meters = makeMeters();
    feed(meters, [-6, -Infinity]);
    const stats = channel1(meters, 3000);
    expect(stats.averageDbfs).toBeCloseTo(-6, 9);
    expect(stats.activeMs).toBe(FRAME_MS);
    expect(stats.frames).toBe(2);
    expect(stats.lowDbfs).toBe(-Infinity);
  });

  test('-20 and -26 dBFS alternating average as a power mean: -22.04 dBFS, not the dB mean -23', () => {
    const meters = makeMeters();
    feed(meters, Array.from({ length: 40 }, (_, k) => (k % 2 === 0 ? -20 : -26)));
    expect(channel1(meters, 3000).averageDbfs).toBeCloseTo(10 * Math.log10((0.01 + 10 ** -2.6) / 2), 6);
  });

  test('noise floor while resting and loud parts while playing come from the percentiles', () => {
    const meters = makeMeters();
    feed(meters, [...repeat(-80, 30), ...repeat(-20, 70)]);
    const stats = channel1(meters, 8000);
    expect(stats.lowDbfs).toBeCloseTo(-80, 9);
    expect(stats.highDbfs).toBeCloseTo(-20, 9);
    expect(stats.averageDbfs).toBeCloseTo(-20, 9);
    expect(stats.activeMs).toBe(70 * FRAME_MS);
  });

  test.each([
    { name: 'steady hum at -57 dBFS (a noisy high-gain preamp) is not a source', level: -57, activeMs: 0 },
    { name: 'a steady -30 dBFS tone is a source', level: -30, activeMs: 3000 },
  ])('$name', ({ level, activeMs }) => {
    const meters = makeMeters();
    feed(meters, repeat(level, 100));
    expect(channel1(meters, 3000).activeMs).toBe(activeMs);
  });

  test('once the source has shown its dynamics, its quiet passages count down to floor + 10 dB', () => {
    const meters = makeMeters();
    // Hum at -57 dBFS, then singing at -20 dBFS, then a quiet passage at -45 dBFS.
    const next = feed(meters, [...repeat(-57, 40), ...repeat(-20, 40)]);
    feed(meters, repeat(-45, 20), next);
    const stats = channel1(meters, 8000);
    expect(stats.activeMs).toBe(60 * FRAME_MS);
    expect(stats.averageDbfs).toBeCloseTo(10 * Math.log10((40 * 0.01 + 20 * 10 ** -4.5) / 60), 6);
  });

  test('a channel carrying only noise never counts as playing', () => {
    const meters = makeMeters();
    feed(meters, Array.from({ length: 200 }, (_, k) => -85 + (k % 5)));
    const stats = channel1(meters, 8000);
    expect(stats.activeMs).toBe(0);
    expect(stats.averageDbfs).toBe(-Infinity);
    expect(stats.signalPresent).toBe(false);
    expect(stats.lowDbfs).toBeCloseTo(-85, 9);
  });
});

describe('RollingMeterStatistics: windows', () => {
  test.each([
    { name: 'the -6 dBFS second has left the 3 s window', lastAtMs: 3950, windowMs: 3000, peakDbfs: -30 },
    { name: 'the last -6 dBFS frame is still inside the 3 s window', lastAtMs: 3900, windowMs: 3000, peakDbfs: -6 },
    { name: 'the 8 s window still holds the -6 dBFS second', lastAtMs: 3950, windowMs: 8000, peakDbfs: -6 },
    { name: 'the 0.4 s window only holds the last 8 frames', lastAtMs: 1350, windowMs: 400, peakDbfs: -30 },
  ])('$name', ({ lastAtMs, windowMs, peakDbfs }) => {
    const meters = makeMeters();
    const readings = Array.from({ length: lastAtMs / FRAME_MS + 1 }, (_, k) => (k * FRAME_MS < 1000 ? -6 : -30));
    feed(meters, readings);
    const stats = channel1(meters, windowMs);
    expect(stats.peakDbfs).toBe(peakDbfs);
    expect(stats.windowMs).toBeLessThanOrEqual(windowMs);
  });

  test('the peak follows a falling sequence as readings expire (monotonic deque)', () => {
    const meters = makeMeters();
    const readings = Array.from({ length: 40 }, (_, k) => -k);
    feed(meters, readings);
    // 0.4 s at 50 ms holds 8 frames: the newest are -32..-39.
    expect(channel1(meters, 400).peakDbfs).toBe(-32);
    expect(channel1(meters, 400).frames).toBe(8);
  });

  test('the peak hold survives the window and clears on reset', () => {
    const meters = makeMeters();
    feed(meters, [-2, ...repeat(-30, 200)]);
    expect(channel1(meters, 400).peakHoldDbfs).toBe(-2);
    meters.reset({ area: 'channelInput', index: 1 });
    expect(channel1(meters, 400).peakHoldDbfs).toBe(-Infinity);
    expect(channel1(meters, 400).frames).toBe(0);
  });

  test('clips are counted in the window and within the last 500 ms', () => {
    const meters = makeMeters();
    // Clips (-0.5 dBFS) at 0, 100 and 200 ms, otherwise -10 dBFS.
    const next = feed(meters, [-0.5, -10, -0.5, -10, -0.5]);
    expect(channel1(meters, 3000).recentClipCount).toBe(3);
    feed(meters, repeat(-10, 9), next);
    // Newest frame at 650 ms: only the clip at 200 ms is within 500 ms.
    expect(channel1(meters, 3000).recentClipCount).toBe(1);
    meters.push(frame(700, { channelInputDbfs: [-10] }));
    expect(channel1(meters, 3000).recentClipCount).toBe(0);
    expect(channel1(meters, 3000).clipCount).toBe(3);
  });

  test('-1 dBFS exactly is a clip, -1.1 dBFS is not', () => {
    const meters = makeMeters();
    feed(meters, [-1, -1.1]);
    expect(channel1(meters, 3000).clipCount).toBe(1);
  });

  test('asking for a window that is not configured fails with a stable code', () => {
    expect(() => makeMeters().statistics(5000)).toThrowError(MeterStatisticsError);
    try {
      makeMeters().statistics(5000);
    } catch (error) {
      expect((error as MeterStatisticsError).code).toBe('unknown-window');
    }
  });

  test('an empty window list is refused', () => {
    expect(() => new RollingMeterStatistics({ windowsMs: [] })).toThrowError(/windowsMs/);
  });
});

describe('RollingMeterStatistics: points and the soundcheck window', () => {
  test('areas the console does not meter give empty arrays and a null main; single points give null', () => {
    const meters = makeMeters();
    meters.push(frame(0, { channelInputDbfs: [-20, -30], busDbfs: [-10] }));
    const stats = meters.statistics(3000);
    expect(stats.channelInput).toHaveLength(2);
    expect(stats.buses).toHaveLength(1);
    expect(stats.matrices).toEqual([]);
    expect(stats.channelDynGrDb).toEqual([]);
    expect(stats.main).toBeNull();
    expect(stats.lastFrameAtMs).toBe(0);
    expect(meters.pointStatistics({ area: 'matrix', index: 1 }, 3000)).toBeNull();
    expect(meters.pointStatistics({ area: 'channelInput', index: 3 }, 3000)).toBeNull();
    expect(meters.pointStatistics({ area: 'channelInput', index: 2 }, 3000)?.peakDbfs).toBe(-30);
  });

  test('the main meter is judged on its louder side', () => {
    const meters = makeMeters();
    meters.push(frame(0, { mainDbfs: [-12, -8] }));
    expect(meters.statistics(400).main?.peakDbfs).toBe(-8);
  });

  test('gain reduction averages only while the channel plays', () => {
    const meters = makeMeters();
    for (let k = 0; k < 40; k += 1) {
      const playing = k % 2 === 0;
      meters.push(frame(k * FRAME_MS, { channelInputDbfs: [playing ? -15 : -90], channelDynGrDb: [playing ? 6 : 0] }));
    }
    const gr = meters.statistics(3000).channelDynGrDb[0];
    expect(gr?.averageDbfs).toBeCloseTo(6, 9);
    expect(gr?.peakDbfs).toBe(6);
    expect(gr?.clipCount).toBe(0);
  });

  test('the soundcheck window keeps a source\'s last playing seconds while others are checked', () => {
    const meters = makeMeters();
    // The kick plays 2 s at -12 dBFS, then rests 20 s at its noise floor while the snare is checked.
    const next = feed(meters, repeat(-12, 40));
    feed(meters, repeat(-85, 400), next);
    expect(channel1(meters, 8000).activeMs).toBe(0);
    const soundcheck = meters.soundcheck().channelInput[0];
    expect(soundcheck?.activeMs).toBe(2000);
    expect(soundcheck?.averageDbfs).toBeCloseTo(-12, 9);
    expect(soundcheck?.lowDbfs).toBeCloseTo(-85, 9);
    expect(meters.pointStatistics({ area: 'channelInput', index: 1 }, 'soundcheck')?.peakDbfs).toBe(-12);
  });

  test('the soundcheck window holds at most its playing time', () => {
    const meters = new RollingMeterStatistics({ windowsMs: [400], soundcheckActiveMs: 1000 });
    feed(meters, [...repeat(-6, 20), ...repeat(-20, 20)]);
    const soundcheck = meters.soundcheck().channelInput[0];
    expect(soundcheck?.activeMs).toBe(1000);
    expect(soundcheck?.peakDbfs).toBe(-20);
  });

  test('reset() without a point forgets every point', () => {
    const meters = makeMeters();
    meters.push(frame(0, { channelInputDbfs: [-20], busDbfs: [-10], mainDbfs: [-5, -5] }));
    meters.reset();
    const stats = meters.statistics(3000);
    expect(stats.channelInput[0]?.frames).toBe(0);
    expect(stats.buses[0]?.frames).toBe(0);
    expect(stats.main?.frames).toBe(0);
  });
});

describe('RollingMeterStatistics: properties', () => {
  test('the power mean lies between the smallest and largest reading', () => {
    const reading = fc.oneof(
      { weight: 9, arbitrary: fc.double({ min: -100, max: 18, noNaN: true }) },
      { weight: 1, arbitrary: fc.constant(-Infinity) },
    );
    fc.assert(
      fc.property(fc.array(reading, { minLength: 1, maxLength: 120 }), (readings) => {
        const meters = makeMeters();
        feed(meters, readings);
        const stats = channel1(meters, 8000);
        if (stats.activeMs === 0) {
          expect(stats.averageDbfs).toBe(-Infinity);
          return;
        }
        const finite = readings.filter((r) => r > -Infinity);
        expect(stats.averageDbfs).toBeGreaterThanOrEqual(Math.min(...finite) - 1e-9);
        expect(stats.averageDbfs).toBeLessThanOrEqual(Math.max(...finite) + 1e-9);
        expect(stats.averageDbfs).toBeLessThanOrEqual(stats.peakDbfs + 1e-9);
      }),
      { numRuns: 50 },
    );
  });

  test('a steady reading is its own average whatever its level above the floor', () => {
    fc.assert(
      fc.property(fc.double({ min: -44, max: 18, noNaN: true }), fc.integer({ min: 1, max: 200 }), (level, count) => {
        const meters = makeMeters();
        feed(meters, repeat(level, count));
        expect(channel1(meters, 8000).averageDbfs).toBeCloseTo(level, 6);
      }),
      { numRuns: 50 },
    );
  });
});

describe('RollingMeterStatistics: how long a source has been silent', () => {
  test('counts from the first reading when the source never played, beyond every window', () => {
    const meters = makeMeters();
    feed(meters, repeat(-90, 801));
    const stats = channel1(meters, 8000);
    expect(stats.activeMs).toBe(0);
    expect(stats.silentForMs).toBe(40_000);
  });

  test('is 0 while playing and counts from the last playing reading afterwards; a reset starts over', () => {
    const meters = makeMeters();
    let atMs = feed(meters, repeat(-18, 100));
    expect(channel1(meters, 8000).silentForMs).toBe(0);
    atMs = feed(meters, repeat(-90, 400), atMs);
    expect(channel1(meters, 8000).silentForMs).toBe(20_000);
    meters.reset();
    feed(meters, repeat(-90, 21), atMs);
    expect(channel1(meters, 8000).silentForMs).toBe(1000);
  });
});
