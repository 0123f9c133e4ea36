import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { emptyMeterFrame } from '../../server/model/meter-frame';
import { dbToPower, powerToDb } from '../../server/model/db';
import { RollingMeterStatistics } from '../../server/meters/rolling-meter-statistics';
import type { PointStatistics } from '../../server/meters/statistics';

const WINDOWS_MS = [400, 3000, 8000];
const CLIP_DBFS = -1;
const GATE_DBFS = -60;
const MAX_FRAME_MS = 250;
const NOMINAL_FRAME_MS = 50;
/** Histogram bin width: a percentile reports the mean of its bin, so it may sit this far from the reading. */
const BIN_DB = 0.5;

interface Reading {
  atMs: number;
  valueDb: number;
}

/**
 * A margin no noise window can show makes the playing gate a constant (-60 dBFS), so the reference
 * needs no percentile of its own to tell which readings played.
 */
function makeMeters(): RollingMeterStatistics {
  return new RollingMeterStatistics({
    windowsMs: WINDOWS_MS,
    clipDbfs: CLIP_DBFS,
    signalMarginDb: 1000,
    absoluteFloorDbfs: GATE_DBFS,
    steadySignalDbfs: GATE_DBFS,
    maxFrameMs: MAX_FRAME_MS,
    nominalFrameMs: NOMINAL_FRAME_MS,
  });
}

/** Nearest-rank percentile of `values` (any order), -Infinity when empty or below the histogram's -120 dBFS. */
function nearestRank(values: readonly number[], percent: number): number {
  if (values.length === 0) return -Infinity;
  const sorted = [...values].sort((a, b) => a - b);
  const value = sorted[Math.max(1, Math.ceil((percent / 100) * sorted.length)) - 1]!;
  return value < -120 ? -Infinity : value;
}

/** The figures of one window recomputed from the plain list of readings. */
function reference(readings: readonly Reading[], windowMs: number) {
  const nowMs = readings[readings.length - 1]!.atMs;
  const held = readings
    .map((reading, i) => ({
      ...reading,
      valueDb: Number.isNaN(reading.valueDb) ? -Infinity : reading.valueDb,
      durationMs: i === 0 ? NOMINAL_FRAME_MS : Math.min(Math.max(reading.atMs - readings[i - 1]!.atMs, 0), MAX_FRAME_MS),
    }))
    .filter((reading) => reading.atMs > nowMs - windowMs);
  const played = held.filter((reading) => reading.valueDb >= GATE_DBFS);
  const meanPower = played.reduce((sum, reading) => sum + dbToPower(reading.valueDb), 0) / played.length;
  return {
    frames: held.length,
    peakDbfs: Math.max(-Infinity, ...held.map((reading) => reading.valueDb)),
    averageDbfs: played.length === 0 ? -Infinity : powerToDb(meanPower),
    clipCount: held.filter((reading) => reading.valueDb >= CLIP_DBFS).length,
    activeMs: played.reduce((sum, reading) => sum + reading.durationMs, 0),
    lowDbfs: nearestRank(held.map((reading) => reading.valueDb), 10),
    highDbfs: nearestRank(played.map((reading) => reading.valueDb), 95),
  };
}

function expectWithinBin(actual: number, expected: number): void {
  if (expected === -Infinity) expect(actual).toBe(-Infinity);
  else expect(Math.abs(actual - expected)).toBeLessThanOrEqual(BIN_DB);
}

const readingDb = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -130, max: 19.5, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(-Infinity, Number.NaN, CLIP_DBFS, GATE_DBFS, -18) },
);
/** Mostly 20 frames/s, with repeats, short hiccups and gaps longer than every window. */
const gapMs = fc.constantFrom(50, 50, 50, 50, 0, 20, 120, 400, 3000, 9000);
const readingsArb = fc.array(fc.tuple(gapMs, readingDb), { minLength: 1, maxLength: 400 }).map((steps) => {
  let atMs = 1000;
  return steps.map(([gap, valueDb]) => ({ atMs: (atMs += gap), valueDb }));
});

describe('RollingMeterStatistics against a recomputation from the plain readings', () => {
  test('peak, average, clips, active time, frames and percentiles match on random readings with gaps', () => {
    fc.assert(
      fc.property(readingsArb, (readings) => {
        const meters = makeMeters();
        for (const reading of readings) meters.push({ ...emptyMeterFrame(reading.atMs), channelInputDbfs: [reading.valueDb] });
        for (const windowMs of WINDOWS_MS) {
          const stats = meters.statistics(windowMs).channelInput[0] as PointStatistics;
          const expected = reference(readings, windowMs);
          expect(stats.frames).toBe(expected.frames);
          expect(stats.peakDbfs).toBe(expected.peakDbfs);
          expect(stats.clipCount).toBe(expected.clipCount);
          expect(stats.activeMs).toBeCloseTo(expected.activeMs, 6);
          if (expected.averageDbfs === -Infinity) expect(stats.averageDbfs).toBe(-Infinity);
          else expect(stats.averageDbfs).toBeCloseTo(expected.averageDbfs, 6);
          expectWithinBin(stats.lowDbfs, expected.lowDbfs);
          expectWithinBin(stats.highDbfs, expected.highDbfs);
        }
      }),
      { numRuns: 50 },
    );
  });
});
