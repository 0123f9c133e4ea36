import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { planGainChange } from '../../server/engine/channel-gain';
import { quantiseToRange } from '../../server/model/param-range';
import type { DbRange } from '../../server/model/stages';
import { makeChannel } from './builders';

const headamp: DbRange = { minDb: -12, maxDb: 60, stepDb: 0.5 };
const fader: DbRange = { minDb: -Infinity, maxDb: 10, stepDb: 40 / 1023 };

describe('quantiseToRange', () => {
  test.each([
    { name: 'snaps to the 0.5 dB grid', value: 31.3, range: headamp, expected: 31.5 },
    { name: 'clamps above the range', value: 75, range: headamp, expected: 60 },
    { name: 'clamps below the range', value: -40, range: headamp, expected: -12 },
    { name: 'a fader proposal lands on a 0.1 dB grid', value: -13.37, range: fader, expected: -13.4 },
    { name: 'a fader proposal never exceeds +10 dB', value: 14, range: fader, expected: 10 },
    { name: 'a range that is not a whole number of steps stays inside', value: 1.2, range: { minDb: 0, maxDb: 1.2, stepDb: 0.5 }, expected: 1 },
  ])('$name', ({ value, range, expected }) => {
    expect(quantiseToRange(value, range)).toBe(expected);
  });

  test('always inside the range and on its grid', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.integer({ min: -30, max: 0 }),
        fc.integer({ min: 1, max: 80 }),
        fc.constantFrom(0.1, 0.25, 0.5, 1),
        (value, minDb, span, stepDb) => {
          const range = { minDb, maxDb: minDb + span, stepDb };
          const q = quantiseToRange(value, range);
          expect(q).toBeGreaterThanOrEqual(range.minDb);
          expect(q).toBeLessThanOrEqual(range.maxDb);
          const steps = (q - minDb) / stepDb;
          expect(Math.abs(steps - Math.round(steps))).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('planGainChange', () => {
  test.each([
    { name: 'headamp takes it all', channel: {}, wantedDb: -8.3, changes: [['ch.1.preampGainDb', 30, 21.5]], shortfallDb: 0.2 },
    { name: 'trim-only channel', channel: { preampGainDb: null, preampGainRange: null }, wantedDb: 5.1, changes: [['ch.1.trimDb', 0, 5]], shortfallDb: 0.1 },
    { name: 'headamp at its top: the trim takes the rest', channel: { preampGainDb: 60 }, wantedDb: 6, changes: [['ch.1.trimDb', 0, 6]], shortfallDb: 0 },
    { name: 'both run out', channel: { preampGainDb: 55, trimDb: 15 }, wantedDb: 12, changes: [['ch.1.preampGainDb', 55, 60], ['ch.1.trimDb', 15, 18]], shortfallDb: 4 },
    { name: 'nothing to turn', channel: { preampGainDb: null, preampGainRange: null, trimDb: null, trimRange: null }, wantedDb: 6, changes: [], shortfallDb: 6 },
  ])('$name', ({ channel, wantedDb, changes, shortfallDb }) => {
    const plan = planGainChange(makeChannel(1, channel), wantedDb);
    expect(plan.changes.map((c) => [c.param, c.currentValue, c.proposedValue])).toEqual(changes);
    expect(plan.shortfallDb).toBeCloseTo(shortfallDb, 9);
  });
});
